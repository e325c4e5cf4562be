//! Opening, closing and restoring evaluations, and moving between pages.

use bidmark::model::{AuditEntry, Kind};
use bidmark::workflow::{Action, Edit, Page, Session};

use crate::common::*;

#[test]
fn open_sample_opens_it_on_the_task_list_with_results_and_an_id() {
    let s = sample("dos-outcomes");
    let open = s.open.as_ref().unwrap();
    assert_eq!(
        open.source,
        bidmark::samples::find("dos-outcomes").unwrap().title
    );
    assert_eq!(open.page, Page::TaskList);
    assert!(open.problems.is_empty());
    assert_eq!(open.results.as_ref().unwrap().bids.len(), 5);
    assert!(ev(&s).id.as_deref().unwrap().starts_with("eval-"));
    assert!(audit(&s).is_empty(), "opening is not an edit");
    assert!(!open.can_undo() && !open.can_redo());
    assert!(s.refused.is_none() && s.error.is_none() && s.question.is_none());
}

#[test]
fn the_same_file_gets_the_same_derived_id_in_every_session() {
    let a = small();
    let b = small();
    let id = ev(&a).id.clone().unwrap();
    assert!(id.starts_with("eval-"), "{id}");
    assert_eq!(ev(&b).id.as_deref(), Some(id.as_str()));
    // Another file gets another id.
    assert_ne!(ev(&sample("dos-outcomes")).id, ev(&a).id);
}

#[test]
fn a_file_with_its_own_id_keeps_it() {
    let json = SMALL.replacen(
        "\"version\": 1,",
        "\"version\": 1, \"id\": \"eval-kept\",",
        1,
    );
    assert_eq!(
        ev(&open_json("x.json", &json)).id.as_deref(),
        Some("eval-kept")
    );
}

#[test]
fn an_unknown_sample_is_refused_and_the_open_evaluation_stays() {
    let s = small();
    let n = s.apply(Action::OpenSample {
        slug: "no-such-sample".into(),
    });
    let r = n.refused.as_ref().expect("refused");
    assert_eq!(r.source, "no-such-sample");
    assert!(r.problems[0]
        .message
        .contains("no sample called \"no-such-sample\""));
    assert!(r.draft.is_none());
    assert_eq!(n.open, s.open);
}

#[test]
fn open_file_with_good_bytes_replaces_the_open_evaluation() {
    let s = sample("dos-outcomes");
    let s = s.apply(Action::Go(Page::Results));
    let n = s.apply(Action::OpenFile {
        name: "small.json".into(),
        bytes: SMALL.as_bytes().to_vec(),
    });
    let open = n.open.as_ref().unwrap();
    assert_eq!(open.source, "small.json");
    assert_eq!(open.page, Page::TaskList);
    assert_eq!(open.evaluation.title, "Small test");
    assert!(open.results.is_some());
    assert!(open.past.is_empty(), "a new file starts a new history");
}

#[test]
fn open_file_with_bad_bytes_keeps_the_open_evaluation() {
    let s = small();
    let s = edit(&s, Edit::HidePrices { hide: true });
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("broken.json", b"{\"format\": ".to_vec(), "ends too soon"),
        ("words.json", b"hello".to_vec(), "not valid JSON"),
        ("latin1.json", vec![b'{', 0xff, b'}'], "not UTF-8"),
        ("empty.json", Vec::new(), "empty"),
        (
            "sheet.json",
            br#"{"format": "bidmark/scoresheet", "version": 1}"#.to_vec(),
            "not an evaluation file",
        ),
        (
            "v2.json",
            br#"{"format": "bidmark/evaluation", "version": 2, "title": "x", "criteria": []}"#
                .to_vec(),
            "Version 2 is not supported",
        ),
    ];
    for (name, bytes, words) in cases {
        let n = s.apply(Action::OpenFile {
            name: name.into(),
            bytes,
        });
        let r = n
            .refused
            .as_ref()
            .unwrap_or_else(|| panic!("{name} opened"));
        assert_eq!(r.source, name);
        assert!(
            r.problems.iter().any(|p| p.message.contains(words)),
            "{name}: {:?}",
            r.problems
        );
        assert!(r.draft.is_none(), "{name} cannot be a draft");
        assert_eq!(n.open, s.open, "{name} replaced the open evaluation");
    }
}

#[test]
fn a_file_with_only_rule_problems_can_be_opened_as_a_draft() {
    let s = small();
    let broken = SMALL.replace(
        "\"weight\": \"40\", \"method\"",
        "\"weight\": \"30\", \"method\"",
    );
    let n = s.apply(Action::OpenFile {
        name: "broken.json".into(),
        bytes: broken.into_bytes(),
    });
    let r = n.refused.as_ref().expect("refused");
    assert!(
        r.problems
            .iter()
            .any(|p| p.message.contains("add up to 90")),
        "{:?}",
        r.problems
    );
    let draft = r.draft.as_ref().expect("a draft to open");
    assert_eq!(draft.title, "Small test");
    assert_eq!(
        n.open, s.open,
        "the good evaluation stays open until the draft is chosen"
    );

    let d = n.apply(Action::OpenDraft);
    assert!(d.refused.is_none());
    let open = d.open.as_ref().unwrap();
    assert_eq!(open.source, "broken.json");
    assert_eq!(open.page, Page::TaskList);
    assert!(!open.problems.is_empty());
    assert!(open
        .problems
        .iter()
        .any(|p| p.message.contains("add up to 90")));
    assert_eq!(open.results, None);
    assert!(open.evaluation.id.is_some(), "a draft gets an id too");
}

#[test]
fn open_draft_without_a_draft_changes_nothing() {
    let s = small();
    assert_eq!(s.apply(Action::OpenDraft), s);
    let bad = s.apply(Action::OpenFile {
        name: "x.json".into(),
        bytes: b"nope".to_vec(),
    });
    let n = bad.apply(Action::OpenDraft);
    assert_eq!(n.open, s.open);
}

#[test]
fn new_blank_starts_on_details_with_an_id_and_one_audit_entry() {
    let s = small().apply(Action::FileUnreadable {
        name: "x".into(),
        reason: "gone".into(),
    });
    let n = s.apply(Action::NewBlank {
        id: "eval-fresh".into(),
        stamp: stamp_at("Pat", "2026-01-01T00:00:00Z"),
    });
    let open = n.open.as_ref().unwrap();
    assert_eq!(open.page, Page::Details);
    assert_eq!(open.source, "New evaluation");
    assert_eq!(open.evaluation.id.as_deref(), Some("eval-fresh"));
    assert_eq!(open.evaluation.title, "Untitled evaluation");
    assert_eq!(open.evaluation.currency.as_deref(), Some("GBP"));
    assert!(open.evaluation.criteria.is_empty());
    assert_eq!(
        audit(&n),
        &[AuditEntry {
            at: "2026-01-01T00:00:00Z".into(),
            who: "Pat".into(),
            what: "Started a blank evaluation".into(),
            before: None,
            after: None,
        }]
    );
    assert!(!open.problems.is_empty(), "no criteria yet");
    assert_eq!(open.results, None);
    assert!(n.refused.is_none());
    assert!(!open.can_undo());
}

#[test]
fn new_from_template_starts_on_details_with_the_templates_criteria_and_title() {
    let s = small().apply(Action::FileUnreadable {
        name: "x".into(),
        reason: "gone".into(),
    });
    let n = s.apply(Action::NewFromTemplate {
        slug: "dos-outcomes".into(),
        id: "eval-dos".into(),
        stamp: stamp_at("Pat", "2026-01-01T00:00:00Z"),
    });
    let open = n.open.as_ref().unwrap();
    assert_eq!(open.page, Page::Details);
    assert_eq!(open.source, "Template: Digital Outcomes (DOS)");
    assert_eq!(open.evaluation.id.as_deref(), Some("eval-dos"));
    assert_eq!(open.evaluation.title, "New DOS outcomes evaluation");
    assert_eq!(
        criterion_ids(&open.evaluation)[..3],
        ["technical", "essential", "ess-1"]
    );
    assert!(open.evaluation.bids.is_empty() && open.evaluation.evaluators.is_empty());
    assert_eq!(
        audit(&n),
        &[AuditEntry {
            at: "2026-01-01T00:00:00Z".into(),
            who: "Pat".into(),
            what: "Started from the template \"Digital Outcomes (DOS)\"".into(),
            before: None,
            after: None,
        }]
    );
    assert!(open.problems.is_empty(), "{:?}", open.problems);
    assert!(open.results.is_some(), "a template can be scored at once");
    assert!(n.refused.is_none() && n.question.is_none());
    assert!(!open.can_undo());
    assert!(bidmark::templates::weight_warnings(&open.evaluation).is_empty());

    // Its ranges travel with it: a weight moved outside one is warned about, not refused.
    let n = ok(&n, update_weight("technical", "Technical competence", "70"));
    let n = ok(&n, update_weight("cultural-fit", "Cultural fit", "0"));
    assert!(n.open.as_ref().unwrap().problems.is_empty());
    assert_eq!(
        bidmark::templates::weight_warnings(ev(&n)),
        ["Cultural fit is weighted 0 %; the DOS framework allows 5 to 20 %."]
    );
}

#[test]
fn every_template_opens_and_an_unknown_one_is_refused() {
    for t in bidmark::templates::TEMPLATES {
        let n = Session::default().apply(Action::NewFromTemplate {
            slug: t.slug.into(),
            id: format!("eval-{}", t.slug),
            stamp: stamp(WHO),
        });
        assert!(n.refused.is_none(), "{}: {:?}", t.slug, n.refused);
        assert!(n.open.as_ref().unwrap().results.is_some(), "{}", t.slug);
    }
    let s = small();
    let n = s.apply(Action::NewFromTemplate {
        slug: "no-such-template".into(),
        id: "eval-x".into(),
        stamp: stamp(WHO),
    });
    let r = n.refused.as_ref().expect("refused");
    assert_eq!(r.source, "no-such-template");
    assert!(r.problems[0]
        .message
        .contains("no template called \"no-such-template\""));
    assert!(r.draft.is_none());
    assert_eq!(n.open, s.open);
}

#[test]
fn restore_brings_back_a_draft_and_its_page() {
    // A draft mid-edit: a criterion added with weight 0 and a group with nothing in it.
    let s = small();
    let s = score(&s, "ann", "acme", "approach", "2");
    let s = unlock(&s, "Typo in a name");
    let s = ok(
        &s,
        Edit::AddCriterion {
            parent: None,
            kind: Kind::Group,
            name: "Social value".into(),
        },
    );
    assert!(!s.open.as_ref().unwrap().problems.is_empty());
    let json = ev(&s).to_json();
    let page = Page::Scoring {
        evaluator: Some("ann".into()),
        bid: Some("acme".into()),
    };

    let r = Session::default().apply(Action::Restore {
        json,
        source: "Autosaved copy".into(),
        page: page.clone(),
    });
    let open = r.open.as_ref().expect("restored");
    assert_eq!(&*open.evaluation, ev(&s));
    assert_eq!(open.page, page);
    assert_eq!(open.source, "Autosaved copy");
    assert_eq!(open.problems, s.open.as_ref().unwrap().problems);
    assert_eq!(open.results, None);
    assert_eq!(open.evaluation.workflow.audit, audit(&s));
    assert!(!open.can_undo(), "undo history does not survive a reload");
}

#[test]
fn restore_with_unreadable_json_keeps_what_is_open() {
    let s = small();
    for json in [
        "",
        "{",
        r#"{"format": "bidmark/bids", "version": 1, "bids": []}"#,
    ] {
        let n = s.apply(Action::Restore {
            json: json.into(),
            source: "Autosaved copy".into(),
            page: Page::Results,
        });
        assert_eq!(n.open, s.open, "{json:?}");
    }
}

#[test]
fn file_unreadable_says_why_and_keeps_the_open_evaluation() {
    let s = small();
    let n = s.apply(Action::FileUnreadable {
        name: "bids.xlsx".into(),
        reason: "NotReadableError".into(),
    });
    let r = n.refused.as_ref().unwrap();
    assert_eq!(r.source, "bids.xlsx");
    assert_eq!(r.problems.len(), 1);
    assert!(r.problems[0]
        .message
        .contains("could not read the file: NotReadableError"));
    assert!(r.draft.is_none());
    assert_eq!(n.open, s.open);
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_its_size_and_keeps_the_open_evaluation() {
    let s = small();
    let n = s.apply(Action::FileTooLarge {
        name: "huge.json".into(),
        size: 50 * 1024 * 1024,
    });
    let r = n.refused.as_ref().unwrap();
    assert_eq!(r.source, "huge.json");
    assert!(
        r.problems[0].message.contains("The file is 50 MB"),
        "{}",
        r.problems[0].message
    );
    assert!(r.problems[0].message.contains("up to 32 MB"));
    assert!(r.draft.is_none());
    assert_eq!(n.open, s.open);
    // A file within the limit is not refused for its size.
    let ok = s.apply(Action::FileTooLarge {
        name: "fine.json".into(),
        size: bidmark::model::MAX_FILE_BYTES,
    });
    assert!(ok.refused.is_none());
    // Bytes over the limit are refused the same way when they do arrive.
    let big = s.apply(Action::OpenFile {
        name: "big.json".into(),
        bytes: vec![b' '; bidmark::model::MAX_FILE_BYTES as usize + 1],
    });
    assert!(big.refused.as_ref().unwrap().problems[0]
        .message
        .contains("up to 32 MB"));
}

#[test]
fn dismiss_problems_and_dismiss_notice_clear_only_their_message() {
    let s = small().apply(Action::FileUnreadable {
        name: "x".into(),
        reason: "gone".into(),
    });
    let n = s.apply(Action::DismissProblems);
    assert!(n.refused.is_none());
    assert_eq!(n.open, s.open);

    // An undo leaves a notice.
    let s = ok(&small(), Edit::HidePrices { hide: true });
    let s = s.apply(Action::Undo { stamp: stamp(WHO) });
    assert!(s.notice.as_deref().unwrap().starts_with("Undone: "));
    let n = s.apply(Action::DismissNotice);
    assert_eq!(n.notice, None);
    assert_eq!(n.open, s.open);
}

#[test]
fn close_clears_the_evaluation_the_refusal_and_the_question() {
    let s = small()
        .apply(Action::AskUnlock)
        .apply(Action::FileUnreadable {
            name: "x".into(),
            reason: "gone".into(),
        });
    assert!(s.question.is_some() && s.refused.is_some());
    let n = s.apply(Action::Close);
    assert!(n.open.is_none() && n.refused.is_none() && n.question.is_none());
}

#[test]
fn go_changes_the_page_without_an_audit_entry_or_an_undo_step() {
    let s = ok(&small(), Edit::HidePrices { hide: true });
    let pages = [
        Page::Details,
        Page::Criteria,
        Page::Bids,
        Page::Evaluators,
        Page::Scoring {
            evaluator: Some("ann".into()),
            bid: None,
        },
        Page::Moderation {
            bid: Some("acme".into()),
        },
        Page::Results,
        Page::TaskList,
    ];
    let mut n = s.clone();
    for p in pages {
        n = n.apply(Action::Go(p.clone()));
        assert_eq!(page(&n), &p);
        assert_eq!(ev(&n), ev(&s));
        assert_eq!(past(&n), past(&s));
    }
    // Undo skips the pages and takes back the edit.
    let n = n.apply(Action::Go(Page::Results));
    let u = n.apply(Action::Undo { stamp: stamp(WHO) });
    assert!(!ev(&u).workflow.hide_prices);
    assert_eq!(page(&u), &Page::Results, "undo does not move the page");
    let u2 = u.apply(Action::Undo { stamp: stamp(WHO) });
    assert!(u2.error.is_some(), "page changes are not undo steps");
}

#[test]
fn go_keeps_the_notice_but_clears_the_question_and_the_refusal() {
    let s = ok(&small(), Edit::HidePrices { hide: true })
        .apply(Action::Undo { stamp: stamp(WHO) })
        .apply(Action::AskUnlock)
        .apply(Action::FileUnreadable {
            name: "x".into(),
            reason: "gone".into(),
        });
    // FileUnreadable cleared the notice; make a fresh one.
    let s = Session {
        notice: Some("Undone: something.".into()),
        ..s
    };
    let n = s.apply(Action::Go(Page::Bids));
    assert_eq!(n.notice, s.notice);
    assert!(n.question.is_none());
    assert!(n.refused.is_none());
}

#[test]
fn actions_on_an_empty_session_change_nothing_and_never_panic() {
    let s = Session::default();
    let actions = vec![
        Action::OpenDraft,
        Action::DismissProblems,
        Action::DismissNotice,
        Action::Close,
        Action::Go(Page::Results),
        Action::Edit {
            edit: Edit::HidePrices { hide: true },
            stamp: stamp(WHO),
        },
        Action::Undo { stamp: stamp(WHO) },
        Action::Redo { stamp: stamp(WHO) },
        Action::ImportScoresheet {
            name: "a.json".into(),
            bytes: b"{}".to_vec(),
            stamp: stamp(WHO),
        },
        Action::ImportBids {
            name: "b.json".into(),
            bytes: b"{}".to_vec(),
        },
        Action::Confirm {
            stamp: stamp(WHO),
            reason: "x".into(),
        },
        Action::Cancel,
    ];
    for a in actions {
        let n = s.apply(a.clone());
        assert!(n.open.is_none(), "{a:?}");
        assert!(n.refused.is_none(), "{a:?}");
    }
}

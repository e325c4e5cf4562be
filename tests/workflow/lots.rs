//! Lots, a sectioned panel, recusals, blind scoring and the recorded decision, as the
//! workflow drives them: one lot on screen at a time, every edit merged into the file.

use super::common::*;
use bidmark::award::result::{result_file, verify};
use bidmark::model::exchange::Scoresheet;
use bidmark::model::Decision;
use bidmark::scoring::Standing;
use bidmark::workflow::{scoresheet_for, Action, Edit, Session};

fn file(s: &Session) -> std::rc::Rc<bidmark::Evaluation> {
    s.open.as_ref().unwrap().file()
}

fn lot(s: &Session) -> Option<&str> {
    s.open.as_ref().unwrap().lot.as_deref()
}

/// SMALL divided into two lots: its bids in Lot 1, Gamma's bid in Lot 2.
fn two_lots() -> Session {
    let s = ok(
        &small(),
        Edit::AddLot {
            name: "Lot 2: Beta".into(),
        },
    );
    assert!(
        last(&s).what.contains("2 bids in \"Lot 1\""),
        "{}",
        last(&s).what
    );
    assert_eq!(lot(&s), Some("lot-1"));
    let s = s.apply(Action::ShowLot {
        lot: "lot-2-beta".into(),
    });
    assert_eq!(ev(&s).bids.len(), 0, "a new lot has no bids");
    let s = ok(
        &s,
        Edit::AddBid {
            supplier: "ACME".into(),
            price: "90000".into(),
        },
    );
    s.apply(Action::ShowLot {
        lot: "lot-1".into(),
    })
}

#[test]
fn dividing_into_lots_keeps_every_bid_and_shows_one_lot() {
    let s = two_lots();
    let f = file(&s);
    assert_eq!(f.lots.len(), 2);
    let lots: Vec<_> = f
        .bids
        .iter()
        .map(|b| (b.id.as_str(), b.lot.as_deref()))
        .collect();
    // "ACME" would be "acme", Lot 1's bid: Lot 2's takes an id of its own.
    assert_eq!(
        lots,
        [
            ("acme", Some("lot-1")),
            ("beta", Some("lot-1")),
            ("acme-lot-2-beta", Some("lot-2-beta"))
        ]
    );
    assert_eq!(ev(&s).bids.len(), 2, "Lot 1 on screen");
    assert!(s.open.as_ref().unwrap().problems.is_empty());
}

#[test]
fn an_edit_in_one_lot_leaves_the_other_and_undo_restores_the_whole_file() {
    let s = two_lots();
    let before = file(&s);
    let s = score(&s, "ann", "acme", "approach", "2");
    assert_eq!(file(&s).scores.len(), 1);
    // Lot 2 is untouched, and shown on request with its own bid only.
    let s2 = s.apply(Action::ShowLot {
        lot: "lot-2-beta".into(),
    });
    assert_eq!(ev(&s2).scores.len(), 0);
    assert_eq!(ev(&s2).bids[0].id, "acme-lot-2-beta");
    // Undo from Lot 2 takes back the score given in Lot 1.
    let undone = s2.apply(Action::Undo { stamp: stamp(WHO) });
    let mut back = (*file(&undone)).clone();
    back.workflow.audit = before.workflow.audit.clone();
    back.workflow.criteria_locked = before.workflow.criteria_locked;
    assert_eq!(back, *before);
    assert_eq!(lot(&undone), Some("lot-2-beta"), "the lot on screen stays");
}

#[test]
fn a_recusal_sets_scores_aside_records_why_and_takes_the_bid_off_the_evaluators_work() {
    let s = score(&small(), "ann", "acme", "approach", "3");
    let s = score(&s, "ann", "acme", "team", "3");
    let s = score(&s, "bob", "acme", "approach", "1");
    refused(
        &s,
        Edit::Recuse {
            evaluator: "ann".into(),
            bids: vec!["acme".into()],
        },
        Some(Field::Recusal("ann".into())),
        "has not declared a conflict of interest",
    );
    let s = ok(
        &s,
        Edit::Declare {
            id: "ann".into(),
            conflict: true,
            detail: "Worked at Acme until 2025".into(),
        },
    );
    let s = ok(
        &s,
        Edit::Recuse {
            evaluator: "ann".into(),
            bids: vec!["acme".into()],
        },
    );
    assert_eq!(
        last(&s).what,
        "Ann Lee stands down from: Acme Ltd. 2 scores they gave before declaring are kept on file and no longer count"
    );
    assert_eq!(ev(&s).scores.len(), 3, "kept on file");
    let cell = scored_cell(&s, "acme", "approach");
    assert_eq!(cell.scores, vec![("bob".to_string(), dec("1").0)]);
    assert_eq!(
        cell.set_aside,
        vec![("ann".to_string(), dec("3").0, Standing::Recused)]
    );
    // Ann owes nothing on Acme's bid: only Beta's two cells.
    assert_eq!(bidmark::workflow::missing_by_bid(ev(&s), "ann"), vec![0, 2]);
    // A recusal from an unknown bid is refused and names it.
    refused(
        &s,
        Edit::Recuse {
            evaluator: "ann".into(),
            bids: vec!["zeta".into()],
        },
        None,
        "There is no bid \"zeta\"",
    );
}

#[test]
fn an_assignment_limits_the_scoresheet_and_a_sheet_outside_it_is_refused_with_its_line() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    let s = score(&s, "ann", "acme", "team", "3");
    let s = ok(
        &s,
        Edit::Assign {
            evaluator: "ann".into(),
            criteria: vec!["approach".into()],
            lots: vec![],
        },
    );
    refused(
        &s,
        Edit::Assign {
            evaluator: "ann".into(),
            criteria: vec!["price".into()],
            lots: vec![],
        },
        Some(Field::Assignment("ann".into())),
        "do not score price or pass/fail",
    );
    // The sheet carries only the assigned cell.
    let sheet = scoresheet_for(ev(&s), "ann", AT).unwrap();
    let cells: Vec<_> = sheet
        .scores
        .iter()
        .map(|x| (x.bid.as_str(), x.criterion.as_str()))
        .collect();
    assert_eq!(cells, [("acme", "approach")]);
    // Importing it back keeps the team score that does not count.
    let back = s.apply(Action::ImportScoresheet {
        name: "ann.json".into(),
        bytes: bytes_of(&sheet),
        stamp: stamp("Moderator"),
    });
    assert_eq!(ev(&back).scores.len(), 2);
    // A sheet with a score outside the assignment is refused, naming the score and its line.
    let mut outside: Scoresheet = sheet.clone();
    let mut extra = outside.scores[0].clone();
    extra.criterion = "team".into();
    outside.scores.push(extra);
    let text = serde_json::to_string_pretty(&outside).unwrap();
    let r = s.apply(Action::ImportScoresheet {
        name: "ann.json".into(),
        bytes: text.clone().into_bytes(),
        stamp: stamp("Moderator"),
    });
    let refusal = r.refused.clone().expect("refused");
    let p = &refusal.problems[0];
    assert_eq!(p.path, "scores[1].criterion");
    assert!(
        p.to_string().contains(
            "Score 2: is for Acme Ltd on \"Team\", which Ann Lee is not assigned to score"
        ),
        "{p}"
    );
    let (line, _) = p.line.expect("a line");
    assert!(text
        .lines()
        .nth(line - 1)
        .unwrap()
        .contains("\"criterion\": \"team\""));
    assert_eq!(ev(&r), ev(&s), "nothing changed");
}

#[test]
fn a_blind_scoresheet_names_bids_by_code_and_goes_back_to_the_right_bids() {
    let s = ok(&small(), Edit::Blind { blind: true });
    let s = score(&s, "ann", "beta", "team", "2");
    let sheet = scoresheet_for(ev(&s), "ann", AT).unwrap();
    assert!(sheet.blind);
    assert_eq!(sheet.scores[0].bid, "B", "Beta's bid is the second: B");
    let text = serde_json::to_string(&sheet).unwrap();
    assert!(!text.contains("Beta") && !text.contains("beta"), "{text}");
    // Imported into a copy without that score, the code finds Beta's bid again.
    let fresh = ok(&small(), Edit::Blind { blind: true });
    let n = fresh.apply(Action::ImportScoresheet {
        name: "ann.json".into(),
        bytes: bytes_of(&sheet),
        stamp: stamp("Moderator"),
    });
    assert_eq!(n.refused, None);
    assert_eq!(
        scores_of(ev(&n), "ann"),
        [("beta".into(), "team".into(), "2".into())]
    );
}

#[test]
fn a_recused_score_on_a_sheet_is_refused() {
    let s = ok(
        &small(),
        Edit::Declare {
            id: "ann".into(),
            conflict: true,
            detail: "Related".into(),
        },
    );
    let sheet_before = {
        let t = score(&small(), "ann", "acme", "team", "2");
        scoresheet_for(ev(&t), "ann", AT).unwrap()
    };
    let s = ok(
        &s,
        Edit::Recuse {
            evaluator: "ann".into(),
            bids: vec!["acme".into()],
        },
    );
    let mut sheet = sheet_before;
    sheet.evaluation = ev(&s).id.clone().unwrap();
    let r = s.apply(Action::ImportScoresheet {
        name: "ann.json".into(),
        bytes: bytes_of(&sheet),
        stamp: stamp("Moderator"),
    });
    let problems = r.refused.expect("refused").problems;
    assert!(
        problems[0]
            .to_string()
            .contains("is for Acme Ltd, a bid Ann Lee stands down from"),
        "{}",
        problems[0]
    );
}

#[test]
fn a_decision_needs_final_results_names_the_result_and_goes_stale_on_change() {
    let s = small();
    let approve = |bid: &str| Edit::Approve {
        lot: None,
        bid: bid.into(),
        decision: Decision::Approved,
        approver: "Sam Lee".into(),
        role: "Commercial lead".into(),
        date: "2026-11-30".into(),
        reason: String::new(),
    };
    refused(&s, approve("acme"), None, "Results are not final yet");
    // Everything scored and checked: final.
    let mut s = s;
    for (ev_id, vals) in [("ann", ["2", "2", "1", "1"]), ("bob", ["2", "2", "1", "1"])] {
        s = score_all(&s, ev_id, vals);
    }
    for bid in ["acme", "beta"] {
        s = ok(
            &s,
            Edit::Check {
                bid: bid.into(),
                criterion: "hosting".into(),
                passed: Some(true),
                note: String::new(),
            },
        );
    }
    let exported = bidmark::award::result::result_digest(&file(&s));
    let n = s.apply(Action::Edit {
        edit: approve("acme"),
        stamp: stamp("Sam Lee"),
    });
    assert_eq!(n.error, None);
    assert_eq!(
        audit(&n).len(),
        audit(&s).len(),
        "its own record, not an audit entry"
    );
    let a = &ev(&n).workflow.approvals[0];
    assert_eq!(a.result, exported, "names the result exported before it");
    let checked = verify(&result_file(&file(&n))).unwrap();
    assert!(checked.holds() && !checked.stale());
    // One score changes: the approval is stale, and says what changed.
    let changed = score(&n, "bob", "beta", "team", "3");
    let checked = verify(&result_file(&file(&changed))).unwrap();
    assert!(checked.holds());
    assert!(checked.stale());
    assert!(
        checked.approvals[0].text.contains("Bob Cho")
            || checked.approvals[0].text.contains("scored"),
        "{}",
        checked.approvals[0].text
    );
    // Returned without a reason: refused, naming the field.
    refused(
        &n,
        Edit::Approve {
            lot: None,
            bid: "acme".into(),
            decision: Decision::Returned,
            approver: "Sam Lee".into(),
            role: "Commercial lead".into(),
            date: "2026-11-30".into(),
            reason: " ".into(),
        },
        Some(Field::ApprovalReason),
        "Say why",
    );
}

#[test]
fn an_award_limit_below_one_is_refused_and_names_the_field() {
    let s = two_lots();
    refused(
        &s,
        Edit::AwardLimit {
            lots: "0".into(),
            order: vec![],
        },
        Some(Field::AwardLimit),
        "enter a whole number, 1 or more",
    );
}

#[test]
fn a_blind_sheet_whose_codes_now_stand_for_other_bids_is_refused() {
    let s = ok(&small(), Edit::Blind { blind: true });
    let scored = score(&s, "ann", "beta", "team", "2");
    let sheet = scoresheet_for(ev(&scored), "ann", AT).unwrap();
    assert_eq!(sheet.scores[0].bid, "B");
    // Acme's bid is removed before the sheet arrives: Beta's is now "A", and "B" is nobody.
    let moved = ok(&s, Edit::RemoveBid { id: "acme".into() });
    let r = moved.apply(Action::ImportScoresheet {
        name: "ann.json".into(),
        bytes: bytes_of(&sheet),
        stamp: stamp("Moderator"),
    });
    let problems = r.refused.clone().expect("refused").problems;
    assert!(
        problems[0]
            .message
            .contains("its codes no longer stand for the same bids"),
        "{}",
        problems[0]
    );
    assert_eq!(ev(&r), ev(&moved));
}

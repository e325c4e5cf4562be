//! Typing in one field makes one audit entry and one undo step; undo and redo.

use bidmark::model::AuditEntry;
use bidmark::workflow::{Action, Edit, Page};

use crate::common::*;

#[test]
fn notes_typed_in_one_cell_make_one_audit_entry_and_one_undo_step() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    let (entries, steps) = (audit(&s).len(), past(&s));
    let mut n = s.clone();
    for (i, text) in ["S", "St", "Strong", "Strong evidence"]
        .into_iter()
        .enumerate()
    {
        n = edit_as(
            &n,
            note_edit("ann", "acme", "approach", text),
            stamp_at("Ann Lee", &format!("2026-03-02T10:00:0{i}Z")),
        );
        assert_eq!(n.error, None);
    }
    assert_eq!(audit(&n).len(), entries + 1);
    assert_eq!(past(&n), steps + 1);
    let a = last(&n);
    assert_eq!(
        a.what,
        "Ann Lee justified the score of Acme Ltd on \"Approach\""
    );
    assert_eq!(a.before, None, "the value before the typing began");
    assert_eq!(a.after.as_deref(), Some("Strong evidence"));
    assert_eq!(
        a.at, "2026-03-02T10:00:03Z",
        "the time of the last keystroke"
    );
    assert_eq!(ev(&n).scores[0].note.as_deref(), Some("Strong evidence"));

    // One undo takes back the whole note.
    let u = n.apply(Action::Undo { stamp: stamp(WHO) });
    assert_eq!(ev(&u).scores[0].note, None);
    assert_eq!(
        last(&u).what,
        "Undid: Ann Lee justified the score of Acme Ltd on \"Approach\""
    );
}

#[test]
fn a_note_for_another_cell_makes_a_new_entry() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    let s = score(&s, "ann", "acme", "team", "1");
    let n = ok(&s, note_edit("ann", "acme", "approach", "A"));
    let n = ok(&n, note_edit("ann", "acme", "team", "T"));
    let n = ok(&n, note_edit("ann", "acme", "approach", "AB"));
    assert_eq!(last(&n).before.as_deref(), Some("A"));
    assert_eq!(last(&n).after.as_deref(), Some("AB"));
}

#[test]
fn a_page_change_between_notes_breaks_the_chain() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    let n = ok(&s, note_edit("ann", "acme", "approach", "A"));
    let n = n.apply(Action::Go(Page::Scoring {
        evaluator: Some("ann".into()),
        bid: Some("beta".into()),
    }));
    let n = ok(&n, note_edit("ann", "acme", "approach", "AB"));
    assert_eq!(audit(&n).len(), audit(&s).len() + 2);
    assert_eq!(last(&n).before.as_deref(), Some("A"));
}

#[test]
fn a_score_between_notes_breaks_the_chain() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    let n = ok(&s, note_edit("ann", "acme", "approach", "A"));
    let n = ok(&n, score_edit("ann", "acme", "approach", Some("3")));
    let n = ok(&n, note_edit("ann", "acme", "approach", "AB"));
    assert_eq!(audit(&n).len(), audit(&s).len() + 3);
}

#[test]
fn typing_a_name_makes_one_audit_entry_and_one_undo_step() {
    let s = small();
    let typing: Vec<(&str, Vec<Edit>)> = vec![
        (
            "criterion name",
            ["Ap", "App", "Appro"]
                .into_iter()
                .map(|n| update_weight("approach", n, "50"))
                .collect(),
        ),
        (
            "supplier",
            ["B", "Be", "Bet"]
                .into_iter()
                .map(|n| Edit::UpdateBid {
                    id: "beta".into(),
                    supplier: n.into(),
                    price: "125000".into(),
                })
                .collect(),
        ),
        (
            "evaluator name",
            ["A", "An", "Ann"]
                .into_iter()
                .map(|n| Edit::UpdateEvaluator {
                    id: "ann".into(),
                    name: n.into(),
                    role: "".into(),
                })
                .collect(),
        ),
        (
            "conflict detail",
            ["W", "Wo", "Wor"]
                .into_iter()
                .map(|d| Edit::Declare {
                    id: "bob".into(),
                    conflict: true,
                    detail: d.into(),
                })
                .collect(),
        ),
    ];
    let mut failures = Vec::new();
    for (field, edits) in typing {
        let mut n = s.clone();
        for e in edits {
            n = edit(&n, e);
            assert_eq!(n.error, None);
        }
        if (audit(&n).len(), past(&n)) != (1, 1) {
            failures.push(format!(
                "{field}: {} audit entries, {} undo steps",
                audit(&n).len(),
                past(&n)
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

// ---------------------------------------------------------------------------------------
// Undo and redo.

#[test]
fn undo_restores_the_content_but_the_audit_log_only_grows() {
    let s = small();
    let a = ok(
        &s,
        Edit::Threshold {
            threshold: "50".into(),
        },
    );
    let b = ok(&a, Edit::Places { places: 4 });
    let u = b.apply(Action::Undo {
        stamp: stamp_at("Pat", "2026-03-04T12:00:00Z"),
    });
    assert_eq!(u.error, None);
    assert_eq!(ev(&u).places(), 2);
    assert_eq!(ev(&u).quality_threshold, Some(dec("50")));
    assert_eq!(audit(&u).len(), 3);
    assert_eq!(&audit(&u)[..2], audit(&b));
    assert_eq!(
        last(&u),
        &AuditEntry {
            at: "2026-03-04T12:00:00Z".into(),
            who: "Pat".into(),
            what: "Undid: Changed the decimal places of totals".into(),
            before: None,
            after: None,
        }
    );
    assert_eq!(
        u.notice.as_deref(),
        Some("Undone: Changed the decimal places of totals.")
    );
    assert!(u.open.as_ref().unwrap().can_redo());
    // Everything but the log is as it was after the first edit.
    let mut content = ev(&u).clone();
    content.workflow.audit = audit(&a).to_vec();
    assert_eq!(&content, ev(&a));

    let u2 = u.apply(Action::Undo { stamp: stamp(WHO) });
    assert_eq!(ev(&u2).quality_threshold, None);
    assert_eq!(audit(&u2).len(), 4);
    assert!(!u2.open.as_ref().unwrap().can_undo());
}

#[test]
fn redo_reapplies_and_is_logged() {
    let s = ok(&small(), Edit::Places { places: 4 });
    let u = s.apply(Action::Undo { stamp: stamp(WHO) });
    let r = u.apply(Action::Redo {
        stamp: stamp_at("Pat", "2026-03-04T12:01:00Z"),
    });
    assert_eq!(r.error, None);
    assert_eq!(ev(&r).places(), 4);
    assert_eq!(audit(&r).len(), 3);
    assert_eq!(last(&r).what, "Redid: Changed the decimal places of totals");
    assert_eq!(last(&r).who, "Pat");
    assert_eq!(
        r.notice.as_deref(),
        Some("Redone: Changed the decimal places of totals.")
    );
    assert!(!r.open.as_ref().unwrap().can_redo());
    assert!(r.open.as_ref().unwrap().can_undo());
}

#[test]
fn a_new_edit_clears_the_redo_stack() {
    let s = ok(&small(), Edit::Places { places: 4 });
    let u = s.apply(Action::Undo { stamp: stamp(WHO) });
    assert_eq!(future(&u), 1);
    let n = ok(&u, Edit::HidePrices { hide: true });
    assert_eq!(future(&n), 0);
    let r = n.apply(Action::Redo { stamp: stamp(WHO) });
    assert_eq!(
        r.error.as_ref().unwrap().message,
        "There is nothing to redo."
    );
    assert_eq!(ev(&r), ev(&n));
}

#[test]
fn undo_with_nothing_to_undo_is_an_error_and_changes_nothing() {
    let s = small();
    let n = s.apply(Action::Undo { stamp: stamp(WHO) });
    let err = n.error.as_ref().unwrap();
    assert_eq!(err.field, None);
    assert_eq!(err.message, "There is nothing to undo.");
    assert_eq!(n.open, s.open);
    let n = s.apply(Action::Redo { stamp: stamp(WHO) });
    assert_eq!(
        n.error.as_ref().unwrap().message,
        "There is nothing to redo."
    );
    assert_eq!(n.open, s.open);
}

#[test]
fn results_are_recomputed_after_undo_and_redo() {
    let s = score(&small(), "ann", "acme", "approach", "1");
    let before = s.open.as_ref().unwrap().results.clone();
    let n = ok(&s, score_edit("ann", "acme", "approach", Some("3")));
    assert_ne!(n.open.as_ref().unwrap().results, before);
    let u = n.apply(Action::Undo { stamp: stamp(WHO) });
    assert_eq!(u.open.as_ref().unwrap().results, before);
    let r = u.apply(Action::Redo { stamp: stamp(WHO) });
    assert_eq!(
        r.open.as_ref().unwrap().results,
        n.open.as_ref().unwrap().results
    );

    // Problems come back with the content too.
    let s = ok(&small(), update_weight("approach", "Approach", "70"));
    assert_eq!(s.open.as_ref().unwrap().results, None);
    let u = s.apply(Action::Undo { stamp: stamp(WHO) });
    assert!(u.open.as_ref().unwrap().problems.is_empty());
    assert!(u.open.as_ref().unwrap().results.is_some());
}

#[test]
fn undoing_the_first_score_takes_back_the_lock_with_it() {
    let s = score(&small(), "ann", "acme", "approach", "1");
    let u = s.apply(Action::Undo { stamp: stamp(WHO) });
    assert!(ev(&u).scores.is_empty());
    assert!(!ev(&u).workflow.criteria_locked);
    assert_eq!(audit(&u).len(), 3, "score, lock, undo");
    assert_eq!(
        last(&u).what,
        "Undid: Ann Lee scored Acme Ltd on \"Approach\""
    );
}

#[test]
fn undo_history_is_bounded_at_200_steps_but_the_log_keeps_everything() {
    let mut s = small();
    for i in 0..205 {
        s = edit(&s, Edit::HidePrices { hide: i % 2 == 0 });
        assert_eq!(s.error, None);
    }
    assert_eq!(past(&s), 200);
    assert_eq!(audit(&s).len(), 205);
}

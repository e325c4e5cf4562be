//! The criteria lock: the first score locks the criteria, and unlocking takes a reason.

use std::collections::BTreeMap;

use bidmark::model::{AuditEntry, Kind};
use bidmark::workflow::{Action, Edit, Question};

use crate::common::*;

#[test]
fn the_first_score_locks_the_criteria_with_a_second_audit_entry() {
    let s = small();
    assert!(!ev(&s).workflow.criteria_locked);
    let n = edit_as(
        &s,
        score_edit("ann", "acme", "approach", Some("2")),
        stamp_at("Ann Lee", "2026-03-02T10:15:00Z"),
    );
    assert_eq!(n.error, None);
    assert!(ev(&n).workflow.criteria_locked);
    let a = audit(&n);
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].what, "Ann Lee scored Acme Ltd on \"Approach\"");
    assert_eq!(a[0].before, None);
    assert_eq!(a[0].after.as_deref(), Some("2"));
    assert_eq!(
        a[1],
        AuditEntry {
            at: "2026-03-02T10:15:00Z".into(),
            who: "Ann Lee".into(),
            what: "Locked the criteria: scoring has started".into(),
            before: None,
            after: None,
        }
    );
    assert_eq!(a[0].at, a[1].at);
    assert_eq!(past(&n), 1, "score and lock are one undo step");

    // Later scores do not lock again.
    let n2 = edit(&n, score_edit("bob", "beta", "team", Some("1")));
    assert_eq!(audit(&n2).len(), 3);
    assert_eq!(last(&n2).what, "Bob Cho scored Beta plc on \"Team\"");
}

#[test]
fn criteria_edits_are_refused_while_the_criteria_are_locked() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    let locked = [
        Edit::Scale {
            min: "0".into(),
            max: "5".into(),
            labels: BTreeMap::new(),
        },
        Edit::AddCriterion {
            parent: None,
            kind: Kind::Scored,
            name: "New".into(),
        },
        update_weight("approach", "Approach", "50"),
        Edit::RemoveCriterion { id: "team".into() },
        Edit::MoveCriterion {
            id: "team".into(),
            up: true,
        },
        Edit::MoveInto {
            id: "hosting".into(),
            parent: Some("quality".into()),
        },
    ];
    for e in locked {
        assert!(e.changes_criteria());
        refused(
            &s,
            e,
            None,
            "The criteria are locked because scoring has started",
        );
    }
    // Everything else goes on.
    let s = ok(
        &s,
        Edit::Threshold {
            threshold: "50".into(),
        },
    );
    let s = ok(
        &s,
        Edit::AddBid {
            supplier: "Gamma".into(),
            price: "90000".into(),
        },
    );
    let _ = ok(
        &s,
        Edit::Details {
            title: "Renamed".into(),
            reference: "".into(),
            currency: "GBP".into(),
        },
    );
}

#[test]
fn ask_unlock_asks_and_cancel_leaves_everything() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    let q = s.apply(Action::AskUnlock);
    assert_eq!(q.question, Some(Question::UnlockCriteria));
    assert_eq!(q.open, s.open);
    let c = q.apply(Action::Cancel);
    assert_eq!(c.question, None);
    assert_eq!(c.open, s.open);
    assert!(ev(&c).workflow.criteria_locked);
}

#[test]
fn confirm_unlock_with_an_empty_reason_is_refused() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    let q = s.apply(Action::AskUnlock);
    let n = q.apply(Action::Confirm {
        stamp: stamp(WHO),
        reason: "   ".into(),
    });
    let err = n.error.as_ref().expect("refused");
    assert_eq!(err.field, Some(Field::UnlockReason));
    assert!(err.message.contains("Say why the criteria must change"));
    assert_eq!(n.open, s.open);
    assert!(ev(&n).workflow.criteria_locked);
}

#[test]
fn confirm_unlock_with_an_empty_reason_keeps_the_question_open() {
    let s = score(&small(), "ann", "acme", "approach", "2").apply(Action::AskUnlock);
    let n = s.apply(Action::Confirm {
        stamp: stamp(WHO),
        reason: "".into(),
    });
    assert!(n.error.is_some());
    assert_eq!(n.question, Some(Question::UnlockCriteria));
}

#[test]
fn confirm_unlock_with_a_reason_unlocks_and_audits_the_reason() {
    let s = score(&small(), "ann", "acme", "approach", "2");
    let n = s.apply(Action::AskUnlock).apply(Action::Confirm {
        stamp: stamp_at("Moderator", "2026-03-03T08:00:00Z"),
        reason: "  Weights were published wrongly  ".into(),
    });
    assert_eq!(n.error, None);
    assert_eq!(n.question, None);
    assert!(!ev(&n).workflow.criteria_locked);
    assert_eq!(audit(&n).len(), audit(&s).len() + 1);
    assert_eq!(
        last(&n),
        &AuditEntry {
            at: "2026-03-03T08:00:00Z".into(),
            who: "Moderator".into(),
            what: "Unlocked the criteria after scoring had started".into(),
            before: None,
            after: Some("Weights were published wrongly".into()),
        }
    );
    // Criteria edits work again, until the next score locks them again.
    let n = ok(&n, update_weight("approach", "Approach", "50"));
    let n = edit(&n, score_edit("bob", "acme", "team", Some("1")));
    assert!(ev(&n).workflow.criteria_locked, "scoring again locks again");
    assert_eq!(last(&n).what, "Locked the criteria: scoring has started");
}

#[test]
fn unlock_and_lock_as_edits() {
    let s = small();
    refused(
        &s,
        Edit::UnlockCriteria { reason: "x".into() },
        None,
        "The criteria are not locked",
    );
    let n = ok(&s, Edit::LockCriteria);
    assert!(ev(&n).workflow.criteria_locked);
    assert_eq!(last(&n).what, "Locked the criteria");
    refused(
        &n,
        Edit::UnlockCriteria { reason: " ".into() },
        Some(Field::UnlockReason),
        "Say why",
    );
    let n = ok(
        &n,
        Edit::UnlockCriteria {
            reason: "Fix".into(),
        },
    );
    assert!(!ev(&n).workflow.criteria_locked);
    assert_eq!(last(&n).after.as_deref(), Some("Fix"));
}

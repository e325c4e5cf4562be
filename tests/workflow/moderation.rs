//! Moderation: consensus scores and pass/fail checks.

use bidmark::workflow::{Action, Edit, Page};

use crate::common::*;

#[test]
fn consensus_records_and_clears_the_agreed_score() {
    let s = small();
    let s = score(&s, "ann", "acme", "approach", "1");
    let s = score(&s, "bob", "acme", "approach", "3");
    assert_eq!(
        scored_cell(&s, "acme", "approach").moderated,
        Some(dec("2").0)
    );
    let n = ok(
        &s,
        Edit::Consensus {
            bid: "acme".into(),
            criterion: "approach".into(),
            agreed: Some((dec("3"), "  Strong evidence  ".into())),
        },
    );
    assert_eq!(ev(&n).consensus.len(), 1);
    assert_eq!(ev(&n).consensus[0].rationale, "Strong evidence");
    assert_eq!(
        scored_cell(&n, "acme", "approach").moderated,
        Some(dec("3").0)
    );
    assert_eq!(
        last(&n).what,
        "Recorded the consensus score of Acme Ltd on \"Approach\""
    );
    assert_eq!(last(&n).before, None);
    assert_eq!(last(&n).after.as_deref(), Some("3: Strong evidence"));
    let n = ok(
        &n,
        Edit::Consensus {
            bid: "acme".into(),
            criterion: "approach".into(),
            agreed: Some((dec("2"), "On reflection".into())),
        },
    );
    assert_eq!(ev(&n).consensus.len(), 1, "replaced, not added");
    assert_eq!(last(&n).before.as_deref(), Some("3: Strong evidence"));
    let n = ok(
        &n,
        Edit::Consensus {
            bid: "acme".into(),
            criterion: "approach".into(),
            agreed: None,
        },
    );
    assert!(ev(&n).consensus.is_empty());
    assert_eq!(
        last(&n).what,
        "Cleared the consensus score of Acme Ltd on \"Approach\""
    );
    assert_eq!(last(&n).before.as_deref(), Some("2: On reflection"));
    assert_eq!(last(&n).after, None);
    assert_eq!(
        scored_cell(&n, "acme", "approach").moderated,
        Some(dec("2").0)
    );
}

#[test]
fn consensus_refusals() {
    let s = small();
    let con = |bid: &str, crit: &str, agreed: Option<(&str, &str)>| Edit::Consensus {
        bid: bid.into(),
        criterion: crit.into(),
        agreed: agreed.map(|(v, r)| (dec(v), r.to_string())),
    };
    refused(
        &s,
        con("acme", "approach", Some(("2", "  "))),
        Some(Field::rationale("acme", "approach")),
        "Record the rationale",
    );
    refused(
        &s,
        con("acme", "approach", Some(("4", "Because"))),
        Some(Field::consensus("acme", "approach")),
        "Choose a score from 0 to 3",
    );
    refused(
        &s,
        con("acme", "approach", None),
        None,
        "There is no consensus score to clear",
    );
    refused(
        &s,
        con("nope", "approach", Some(("2", "r"))),
        None,
        "no bid \"nope\"",
    );
    refused(
        &s,
        con("acme", "hosting", Some(("2", "r"))),
        None,
        "no scored criterion \"hosting\"",
    );
}

#[test]
fn checks_record_pass_fail_and_clear() {
    let s = small();
    let n = ok(
        &s,
        Edit::Check {
            bid: "beta".into(),
            criterion: "hosting".into(),
            passed: Some(false),
            note: " Hosted in Virginia ".into(),
        },
    );
    assert_eq!(ev(&n).checks.len(), 1);
    assert!(!ev(&n).checks[0].passed);
    assert_eq!(ev(&n).checks[0].note.as_deref(), Some("Hosted in Virginia"));
    assert_eq!(
        last(&n).what,
        "Recorded whether Beta plc meets \"UK hosting\""
    );
    assert_eq!(
        (last(&n).before.as_deref(), last(&n).after.as_deref()),
        (None, Some("fail"))
    );
    assert!(
        result(&n, "beta").excluded(),
        "a failed check excludes the bid"
    );

    let n = n.apply(Action::Go(Page::Moderation { bid: None }));
    let n = ok(
        &n,
        Edit::Check {
            bid: "beta".into(),
            criterion: "hosting".into(),
            passed: Some(true),
            note: "".into(),
        },
    );
    assert!(ev(&n).checks[0].passed);
    assert_eq!(ev(&n).checks[0].note, None);
    assert_eq!(
        (last(&n).before.as_deref(), last(&n).after.as_deref()),
        (Some("fail"), Some("pass"))
    );
    assert!(!result(&n, "beta").excluded());

    let n = n.apply(Action::Go(Page::Results));
    let n = ok(
        &n,
        Edit::Check {
            bid: "beta".into(),
            criterion: "hosting".into(),
            passed: None,
            note: "".into(),
        },
    );
    assert!(ev(&n).checks.is_empty());
    assert_eq!(last(&n).after, None);
}

#[test]
fn check_refusals() {
    let s = small();
    let chk = |bid: &str, crit: &str, passed: Option<bool>| Edit::Check {
        bid: bid.into(),
        criterion: crit.into(),
        passed,
        note: "".into(),
    };
    refused(
        &s,
        chk("acme", "hosting", None),
        None,
        "There is no check to clear",
    );
    refused(
        &s,
        chk("acme", "approach", Some(true)),
        None,
        "no pass/fail criterion \"approach\"",
    );
    refused(
        &s,
        chk("nope", "hosting", Some(true)),
        None,
        "no bid \"nope\"",
    );
}

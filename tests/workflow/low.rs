//! The outcome of investigating an abnormally low bid: recorded, audited with the
//! outcome before and after, refused with the field named (a rejection without a
//! reason, a bid the rule does not flag), undone, and per lot.

use bidmark::model::Outcome;
use bidmark::workflow::{Action, Edit};

use crate::common::*;

/// Three bids, one evaluator, every cell scored; 15 % below the median flags Cheap Co.
/// Median of 100,000, 95,000 and 60,000 is 95,000; 95,000 × 85 % = 80,750 > 60,000.
pub const LOW: &str = r#"{
  "format": "bidmark/evaluation", "version": 1, "title": "Low prices", "currency": "GBP",
  "criteria": [
    { "id": "q", "name": "Quality", "kind": "scored", "weight": "60" },
    { "id": "price", "name": "Price", "kind": "price", "weight": "40", "method": "lowest_over_bid" }
  ],
  "abnormally_low": { "below_percent": "15", "of": "median" },
  "bids": [
    { "id": "a", "supplier": "Able Ltd", "price": "100000" },
    { "id": "b", "supplier": "Best plc", "price": "95000" },
    { "id": "c", "supplier": "Cheap Co", "price": "60000" }
  ],
  "evaluators": [ { "id": "e", "name": "Eve" } ],
  "scores": [
    { "evaluator": "e", "bid": "a", "criterion": "q", "score": "3" },
    { "evaluator": "e", "bid": "b", "criterion": "q", "score": "3" },
    { "evaluator": "e", "bid": "c", "criterion": "q", "score": "3" }
  ]
}"#;

pub fn investigate(bid: &str, outcome: Option<Outcome>, reason: &str) -> Edit {
    Edit::Investigate {
        bid: bid.into(),
        outcome,
        reason: reason.into(),
        by: "Morag Reid".into(),
        date: "2026-11-30".into(),
    }
}

#[test]
fn a_rejection_excludes_the_bid_ranks_again_and_is_audited() {
    let s = open_json("low.json", LOW);
    assert!(result(&s, "c").abnormally_low.is_some());
    assert_eq!(result(&s, "c").rank, Some(1));
    assert_eq!(result(&s, "b").rank, Some(2));
    let reason = "Staff costs below the National Living Wage";
    let n = ok(&s, investigate("c", Some(Outcome::Rejected), reason));
    assert_eq!(result(&n, "c").rank, None);
    assert!(result(&n, "c").reasons[0].to_string().contains(reason));
    assert_eq!(result(&n, "b").rank, Some(1), "ranked again without c");
    assert_eq!(result(&n, "b").total.unwrap().to_string(), "100.00");
    assert_eq!(
        last(&n).what,
        "Rejected the bid of Cheap Co as abnormally low"
    );
    assert_eq!(last(&n).before, None);
    assert_eq!(
        last(&n).after.as_deref(),
        Some("Rejected by Morag Reid on 2026-11-30: Staff costs below the National Living Wage")
    );
    // Changed to accepted: the audit keeps the rejection as "before".
    let m = ok(
        &n,
        investigate(
            "c",
            Some(Outcome::Accepted),
            "Evidence of a lower-cost supply chain",
        ),
    );
    assert_eq!(result(&m, "c").rank, Some(1));
    assert_eq!(
        ev(&m).workflow.investigations.len(),
        1,
        "one outcome per bid"
    );
    assert!(last(&m)
        .before
        .as_deref()
        .unwrap()
        .starts_with("Rejected by Morag Reid"));
    // Withdrawn.
    let w = ok(&m, investigate("c", None, ""));
    assert!(ev(&w).workflow.investigations.is_empty());
    // Undo brings the acceptance back.
    let u = w.apply(Action::Undo { stamp: stamp(WHO) });
    assert_eq!(ev(&u).workflow.investigations.len(), 1);
}

#[test]
fn refusals_name_the_field_and_keep_everything() {
    let s = open_json("low.json", LOW);
    refused(
        &s,
        investigate("c", Some(Outcome::Rejected), "  "),
        Some(Field::InvestigationReason("c".into())),
        "Say why the supplier's explanation does not account for the price",
    );
    refused(
        &s,
        investigate("a", Some(Outcome::Rejected), "No reason to"),
        None,
        "The rule does not flag the price of Able Ltd as abnormally low",
    );
    refused(
        &s,
        Edit::Investigate {
            bid: "c".into(),
            outcome: Some(Outcome::Accepted),
            reason: String::new(),
            by: " ".into(),
            date: "2026-11-30".into(),
        },
        Some(Field::InvestigationBy("c".into())),
        "Enter the name",
    );
    refused(
        &s,
        Edit::Investigate {
            bid: "c".into(),
            outcome: Some(Outcome::Accepted),
            reason: String::new(),
            by: "Morag".into(),
            date: "30 Nov".into(),
        },
        Some(Field::InvestigationDate("c".into())),
        "enter it as YYYY-MM-DD",
    );
    refused(
        &s,
        investigate("zz", Some(Outcome::Accepted), ""),
        None,
        "There is no bid \"zz\"",
    );
    refused(
        &s,
        investigate("c", None, ""),
        None,
        "No outcome is recorded for Cheap Co",
    );
}

#[test]
fn each_lot_records_its_own_outcomes() {
    // Lot 2 holds the flagged bid; the outcome recorded in its view is saved in the file.
    let json = LOW
        .replace(
            r#""bids": ["#,
            r#""lots": [ { "id": "l1", "name": "Lot 1" }, { "id": "l2", "name": "Lot 2" } ], "bids": [ { "id": "x", "supplier": "Other Ltd", "price": "10", "lot": "l1" },"#,
        )
        .replace(r#""price": "100000" }"#, r#""price": "100000", "lot": "l2" }"#)
        .replace(r#""price": "95000" }"#, r#""price": "95000", "lot": "l2" }"#)
        .replace(r#""price": "60000" }"#, r#""price": "60000", "lot": "l2" }"#)
        .replace(
            r#"{ "evaluator": "e", "bid": "a","#,
            r#"{ "evaluator": "e", "bid": "x", "criterion": "q", "score": "1" }, { "evaluator": "e", "bid": "a","#,
        );
    let s = open_json("lots.json", &json);
    let s = s.apply(Action::ShowLot { lot: "l2".into() });
    assert!(result(&s, "c").abnormally_low.is_some());
    let n = ok(
        &s,
        investigate("c", Some(Outcome::Rejected), "Not sustainable"),
    );
    let file = n.open.as_ref().unwrap().file();
    assert_eq!(file.workflow.investigations.len(), 1);
    assert_eq!(result(&n, "c").rank, None);
}

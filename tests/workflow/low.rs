//! The abnormally low rule set, changed and removed from the app, each number refused in
//! words naming its field. The outcome of investigating an abnormally low bid: recorded,
//! audited with the outcome before and after, refused with the field named (a rejection
//! without a reason, a bid the rule does not flag), undone, and per lot.

use bidmark::model::{LowBase, Outcome};
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

/// The rule as the details page sends it.
fn rule(percent: &str, of: Option<LowBase>, reference: &str, margin: &str, fewest: &str) -> Edit {
    Edit::AbnormallyLowRule {
        below_percent: percent.into(),
        of,
        reference_price: reference.into(),
        below_lowest_other_percent: margin.into(),
        min_bids: fewest.into(),
    }
}

/// [`LOW`] without its rule: nothing is flagged until one is set.
fn without_rule() -> bidmark::workflow::Session {
    let json = LOW.replace(
        r#""abnormally_low": { "below_percent": "15", "of": "median" },"#,
        "",
    );
    assert_ne!(json, LOW);
    open_json("low.json", &json)
}

#[test]
fn the_rule_is_set_changed_and_removed_audited_and_undone() {
    let s = without_rule();
    assert!(result(&s, "c").abnormally_low.is_none());
    // Set: typed as people type, "15 %".
    let n = ok(&s, rule("15 %", Some(LowBase::Median), "", "", ""));
    let r = ev(&n).abnormally_low.clone().expect("a rule");
    assert_eq!(r.below_percent, dec("15"));
    assert_eq!(r.of, LowBase::Median);
    assert_eq!(
        (r.reference_price, r.below_lowest_other_percent, r.min_bids),
        (None, None, None)
    );
    assert!(result(&n, "c").abnormally_low.is_some(), "Cheap Co flagged");
    assert!(result(&n, "b").abnormally_low.is_none());
    assert_eq!(result(&n, "c").rank, Some(1), "a flag excludes nothing");
    assert_eq!(last(&n).what, "Set the abnormally low rule");
    assert_eq!(last(&n).before, None);
    assert_eq!(
        last(&n).after.as_deref(),
        Some("15 % below the median price")
    );
    // Changed: a margin of 40 % below the lowest other price; £60,000 is only 36.84 %
    // below £95,000, so Cheap Co is no longer flagged.
    let m = ok(&n, rule("15", Some(LowBase::Median), "", "40%", "3"));
    assert!(result(&m, "c").abnormally_low.is_none());
    assert_eq!(last(&m).what, "Changed the abnormally low rule");
    assert_eq!(
        last(&m).before.as_deref(),
        Some("15 % below the median price")
    );
    assert_eq!(
        last(&m).after.as_deref(),
        Some("15 % below the median price; more than 40 % below the lowest other price; at least 3 bids compared")
    );
    // A reference price typed with its currency sign and thousands separators.
    let p = ok(&m, rule("10", Some(LowBase::Mean), "£100,000", "", ""));
    let r = ev(&p).abnormally_low.clone().unwrap();
    assert_eq!(r.reference_price, Some(dec("100000")));
    assert_eq!(r.of, LowBase::Mean);
    assert_eq!(
        r.below_lowest_other_percent, None,
        "an emptied field leaves the rule"
    );
    assert_eq!(r.min_bids, None);
    // Removed: what else was typed does not matter.
    let x = ok(&p, rule("oops", None, "", "", ""));
    assert_eq!(ev(&x).abnormally_low, None);
    assert_eq!(last(&x).what, "Removed the abnormally low rule");
    assert!(last(&x).before.is_some());
    assert_eq!(last(&x).after, None);
    assert!(result(&x, "c").abnormally_low.is_none());
    // Undo brings the rule back.
    let u = x.apply(Action::Undo { stamp: stamp(WHO) });
    assert_eq!(ev(&u).abnormally_low, Some(r));
    // The saved file states the rule.
    let json = serde_json::to_value(ev(&n)).unwrap();
    assert_eq!(
        json["abnormally_low"],
        serde_json::json!({ "below_percent": "15", "of": "median" })
    );
}

#[test]
fn the_rules_numbers_are_refused_in_words_naming_the_field() {
    let s = open_json("low.json", LOW);
    let median = Some(LowBase::Median);
    for (edit, field, words) in [
        (rule("", median, "", "", ""), Field::LowPercent, "Enter how far below the base a price must be"),
        (rule("fifteen", median, "", "", ""), Field::LowPercent, "The percentage below the base is not a plain decimal number"),
        (rule("0", median, "", "", ""), Field::LowPercent, "The percentage below the base is 0; enter a number more than 0 and less than 100"),
        (rule("100", median, "", "", ""), Field::LowPercent, "The percentage below the base is 100; enter a number more than 0 and less than 100"),
        (rule("-5", median, "", "", ""), Field::LowPercent, "more than 0 and less than 100"),
        (rule("15", median, "a lot", "", ""), Field::LowReferencePrice, "The reference price is not a plain decimal number"),
        (rule("15", median, "0", "", ""), Field::LowReferencePrice, "The reference price (the budget or estimated price) must be more than 0"),
        (rule("15", median, "12,5", "", ""), Field::LowReferencePrice, "Use commas in the price only between thousands"),
        (rule("15", median, "", "one", ""), Field::LowMargin, "The margin below the lowest other price is not a plain decimal number"),
        (rule("15", median, "", "100", ""), Field::LowMargin, "The margin below the lowest other price is 100; enter a percentage from 0 to less than 100"),
        (rule("15", median, "", "-1", ""), Field::LowMargin, "from 0 to less than 100"),
        (rule("15", median, "", "", "1"), Field::LowMinBids, "The fewest bids to compare is \"1\"; enter a whole number, 2 or more"),
        (rule("15", median, "", "", "2.5"), Field::LowMinBids, "enter a whole number, 2 or more"),
        (rule("15", median, "", "", "three"), Field::LowMinBids, "The fewest bids to compare is \"three\""),
    ] {
        refused(&s, edit, Some(field), words);
    }
    // The edges the file allows are allowed here too.
    ok(&s, rule("99.99", median, "", "0", "2"));
    // Removing a rule that is not there is refused.
    refused(
        &without_rule(),
        rule("", None, "", "", ""),
        None,
        "The evaluation sets no abnormally low rule, so there is none to remove",
    );
}

#[test]
fn the_rule_changes_while_the_criteria_are_locked_like_the_quality_threshold() {
    let json = LOW.replacen(
        r#""title": "Low prices","#,
        r#""title": "Low prices", "workflow": { "criteria_locked": true },"#,
        1,
    );
    let s = open_json("low.json", &json);
    assert!(ev(&s).workflow.criteria_locked);
    let edit = rule("20", Some(LowBase::MeanWithoutHighest), "", "", "");
    assert!(!edit.changes_criteria());
    let n = ok(&s, edit);
    assert_eq!(
        ev(&n).abnormally_low.as_ref().unwrap().of,
        LowBase::MeanWithoutHighest
    );
}

#[test]
fn a_rule_set_in_a_lots_view_is_the_whole_files() {
    let json = LOW.replace(
        r#""abnormally_low": { "below_percent": "15", "of": "median" },"#,
        r#""lots": [ { "id": "l1", "name": "Lot 1" } ],"#,
    );
    let json = ["100000", "95000", "60000"].iter().fold(json, |j, p| {
        j.replace(
            &format!(r#""price": "{p}" }}"#),
            &format!(r#""price": "{p}", "lot": "l1" }}"#),
        )
    });
    let s = open_json("lots.json", &json);
    assert_eq!(s.open.as_ref().unwrap().lot.as_deref(), Some("l1"));
    let n = ok(&s, rule("15", Some(LowBase::Median), "", "", ""));
    let file = n.open.as_ref().unwrap().file();
    assert_eq!(
        file.abnormally_low.as_ref().map(|r| r.of),
        Some(LowBase::Median)
    );
    assert!(result(&n, "c").abnormally_low.is_some());
}

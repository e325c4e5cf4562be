//! Bids files: previewed, merged or refused whole.

use bidmark::model::AuditEntry;
use bidmark::workflow::{Action, Edit, Question, Session};

use crate::common::*;

fn import_bids(s: &Session, json: &str) -> Session {
    s.apply(Action::ImportBids {
        name: "bids.json".into(),
        bytes: json.as_bytes().to_vec(),
    })
}

fn bids_refused(s: &Session, json: &str, words: &str) -> Vec<bidmark::Problem> {
    let n = import_bids(s, json);
    let r = n
        .refused
        .as_ref()
        .unwrap_or_else(|| panic!("not refused: {json}"));
    assert_eq!(r.source, "bids.json");
    assert!(
        r.problems.iter().any(|p| p.message.contains(words)),
        "{words:?} not in {:#?}",
        r.problems
    );
    assert_eq!(n.open, s.open);
    assert_eq!(n.question, None);
    r.problems.clone()
}

#[test]
fn a_bids_file_is_previewed_with_added_changed_and_unchanged_counts() {
    let s = small();
    let q = import_bids(&s, BIDS);
    assert_eq!(q.refused, None);
    assert_eq!(q.open, s.open, "nothing merged before the answer");
    let Some(Question::MergeBids { merge, source }) = q.question.as_ref() else {
        panic!("{:?}", q.question)
    };
    assert_eq!(source, "bids.json");
    assert_eq!(merge.added.len(), 1);
    assert_eq!(merge.added[0].id, "gamma");
    assert_eq!(merge.changed.len(), 1);
    assert_eq!(merge.changed[0].0.price, Some(dec("125000")));
    assert_eq!(merge.changed[0].1.price, Some(dec("110000")));
    assert_eq!(merge.unchanged, 1);
    assert_eq!(merge.summary(), "1 added, 1 updated, 1 unchanged");
}

#[test]
fn confirming_a_bids_file_merges_it_and_audits_it() {
    let s = score(&small(), "ann", "beta", "approach", "2");
    let q = import_bids(&s, BIDS);
    let n = q.apply(Action::Confirm {
        stamp: stamp_at("Moderator", "2026-03-08T09:00:00Z"),
        reason: String::new(),
    });
    assert_eq!(n.question, None);
    assert_eq!(n.error, None);
    let e = ev(&n);
    assert_eq!(
        e.bids.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(),
        ["acme", "beta", "gamma"]
    );
    assert_eq!(e.bid("beta").unwrap().price, Some(dec("110000")));
    assert_eq!(e.bid("gamma").unwrap().answers["team"], "Five people.");
    assert_eq!(e.scores, ev(&s).scores, "scores of updated bids stay");
    assert_eq!(audit(&n).len(), audit(&s).len() + 1);
    assert_eq!(
        last(&n),
        &AuditEntry {
            at: "2026-03-08T09:00:00Z".into(),
            who: "Moderator".into(),
            what: "Imported bids from bids.json: 1 added, 1 updated, 1 unchanged".into(),
            before: Some("2 bids".into()),
            after: Some("3 bids".into()),
        }
    );
    assert_eq!(
        n.notice.as_deref(),
        Some("Bids imported from bids.json: 1 added, 1 updated, 1 unchanged.")
    );
    assert_eq!(result(&n, "gamma").price, Some(dec("90000").0));
    // One undo step.
    let u = n.apply(Action::Undo { stamp: stamp(WHO) });
    assert_eq!(ev(&u).bids, ev(&s).bids);
}

#[test]
fn cancelling_a_bids_file_changes_nothing() {
    let s = small();
    let n = import_bids(&s, BIDS).apply(Action::Cancel);
    assert_eq!(n.question, None);
    assert_eq!(n.open, s.open);
    assert_eq!(n.notice, None);
}

#[test]
fn a_bids_file_with_nothing_new_gives_a_notice() {
    let s = small();
    let json = bids_file(serde_json::json!([
        { "id": "beta", "supplier": "Beta plc", "price": "125000" }
    ]));
    let n = import_bids(&s, &json);
    assert_eq!(n.question, None);
    assert_eq!(n.refused, None);
    assert_eq!(
        n.notice.as_deref(),
        Some("bids.json holds no new or changed bids: nothing changed.")
    );
    assert_eq!(n.open, s.open);
}

#[test]
fn bids_file_refusals() {
    let s = small();
    bids_refused(
        &s,
        r#"{"format": "bidmark/evaluation", "version": 1, "bids": []}"#,
        "This is a \"bidmark/evaluation\" file, not a bids file",
    );
    bids_refused(
        &s,
        r#"{"format": "bidmark/bids", "version": 3, "bids": []}"#,
        "Version 3 is not supported",
    );
    bids_refused(&s, "{\"format\": \"bidmark/bids\"", "ends too soon");
    bids_refused(
        &s,
        &bids_file(serde_json::json!([
            { "id": "gamma", "supplier": "Gamma", "price": "1" },
            { "id": "gamma", "supplier": "Gamma 2", "price": "2" }
        ])),
        "uses the id \"gamma\" twice in this file",
    );
    bids_refused(
        &s,
        &bids_file(serde_json::json!([{ "id": "gamma", "supplier": "  ", "price": "1" }])),
        "has no supplier name",
    );
    bids_refused(
        &s,
        &bids_file(serde_json::json!([{ "id": "gamma", "supplier": "Gamma", "price": "0" }])),
        "has price 0. A price must be more than zero",
    );
    bids_refused(
        &s,
        &bids_file(serde_json::json!([{ "id": "gamma", "supplier": "Gamma", "price": 5 }])),
        "JSON number 5",
    );
    bids_refused(
        &s,
        &bids_file(serde_json::json!([
            { "id": "gamma", "supplier": "Gamma", "price": "1", "answers": { "ghost": "Boo" } }
        ])),
        "has an answer for criterion \"ghost\", which is not in the criteria",
    );
    bids_refused(
        &s,
        &bids_file(serde_json::json!([{ "id": "gamma", "supplier": "Gamma" }])),
        "has no price, and this evaluation scores price",
    );
    // An update that leaves the price out keeps the price already here.
    let n = s.apply(Action::ImportBids {
        name: "rename.json".into(),
        bytes: bids_file(serde_json::json!([{ "id": "beta", "supplier": "Beta Holdings plc" }]))
            .into_bytes(),
    });
    assert_eq!(n.refused, None);
    match &n.question {
        Some(Question::MergeBids { merge, .. }) => {
            assert_eq!(merge.changed.len(), 1);
            assert_eq!(merge.changed[0].1.supplier, "Beta Holdings plc");
            assert_eq!(merge.changed[0].1.price, merge.changed[0].0.price);
        }
        other => panic!("expected a preview, got {other:?}"),
    }
    bids_refused(
        &s,
        &bids_file(
            serde_json::json!([{ "id": "gamma", "supplier": "Gamma", "price": "1", "colour": "red" }]),
        ),
        "colour",
    );
}

#[test]
fn a_refused_bids_file_names_the_bid_by_its_place_in_the_file() {
    let problems = bids_refused(
        &small(),
        &bids_file(serde_json::json!([
            { "id": "gamma", "supplier": "Gamma", "price": "1", "answers": { "ghost": "Boo" } }
        ])),
        "ghost",
    );
    assert_eq!(problems[0].place, "Bid \"Gamma\"");
    assert_eq!(problems[0].path, "bids[0].answers");
}

#[test]
fn a_bids_file_is_not_blamed_for_the_evaluations_own_problems() {
    // A bid typed in by hand without a price, then a file with another bid.
    let s = ok(
        &small(),
        Edit::AddBid {
            supplier: "Hand Typed".into(),
            price: "".into(),
        },
    );
    let n = import_bids(
        &s,
        &bids_file(serde_json::json!([{ "id": "gamma", "supplier": "Gamma", "price": "1" }])),
    );
    assert_eq!(n.refused, None, "{:#?}", n.refused);
    assert!(matches!(n.question, Some(Question::MergeBids { .. })));
}

//! Fixtures and helpers shared by every module: the small evaluation most tests open,
//! stamps, sessions and the edits that drive them.

use std::str::FromStr;

use bidmark::model::exchange::Scoresheet;
use bidmark::model::{AuditEntry, Dec, Evaluation};
use bidmark::scoring::{BidResult, Detail};
pub use bidmark::workflow::Field;
use bidmark::workflow::{Action, Edit, EditError, Page, Session, Stamp};
use rust_decimal::Decimal;

pub const SMALL: &str = r#"{
  "format": "bidmark/evaluation",
  "version": 1,
  "title": "Small test",
  "reference": "REF-1",
  "currency": "GBP",
  "scale": { "min": "0", "max": "3" },
  "criteria": [
    { "id": "quality", "name": "Quality", "kind": "group", "weight": "60", "children": [
      { "id": "approach", "name": "Approach", "kind": "scored", "weight": "50" },
      { "id": "team", "name": "Team", "kind": "scored", "weight": "50" }
    ]},
    { "id": "hosting", "name": "UK hosting", "kind": "pass_fail" },
    { "id": "price", "name": "Price", "kind": "price", "weight": "40", "method": "lowest_over_bid" }
  ],
  "bids": [
    { "id": "acme", "supplier": "Acme Ltd", "price": "100000",
      "answers": { "approach": "Agile, in weekly sprints.", "team": "Ten people." } },
    { "id": "beta", "supplier": "Beta plc", "price": "125000" }
  ],
  "evaluators": [
    { "id": "ann", "name": "Ann Lee" },
    { "id": "bob", "name": "Bob Cho" }
  ]
}"#;

pub const AT: &str = "2026-03-02T09:00:00Z";
pub const WHO: &str = "Facilitator";

pub fn stamp(who: &str) -> Stamp {
    Stamp {
        at: AT.to_string(),
        who: who.to_string(),
    }
}

pub fn stamp_at(who: &str, at: &str) -> Stamp {
    Stamp {
        at: at.to_string(),
        who: who.to_string(),
    }
}

pub fn dec(s: &str) -> Dec {
    Dec(Decimal::from_str(s).unwrap())
}

pub fn open_json(name: &str, json: &str) -> Session {
    let s = Session::default().apply(Action::OpenFile {
        name: name.to_string(),
        bytes: json.as_bytes().to_vec(),
    });
    assert!(s.refused.is_none(), "{name} was refused: {:?}", s.refused);
    s
}

pub fn small() -> Session {
    open_json("small.json", SMALL)
}

pub fn sample(slug: &str) -> Session {
    let s = Session::default().apply(Action::OpenSample {
        slug: slug.to_string(),
    });
    assert!(
        s.open.is_some(),
        "sample {slug} did not open: {:?}",
        s.refused
    );
    s
}

pub fn ev(s: &Session) -> &Evaluation {
    &s.open.as_ref().expect("an evaluation is open").evaluation
}

pub fn audit(s: &Session) -> &[AuditEntry] {
    &ev(s).workflow.audit
}

pub fn last(s: &Session) -> &AuditEntry {
    audit(s).last().expect("an audit entry")
}

pub fn past(s: &Session) -> usize {
    s.open.as_ref().unwrap().past.len()
}

pub fn future(s: &Session) -> usize {
    s.open.as_ref().unwrap().future.len()
}

pub fn page(s: &Session) -> &Page {
    &s.open.as_ref().unwrap().page
}

pub fn edit(s: &Session, e: Edit) -> Session {
    edit_as(s, e, stamp(WHO))
}

/// Every edit in these tests also checks that what the session shows after it (the
/// problems, the standings, every bid's breakdown: kept up to date in place for scores,
/// consensus and checks) is what checking and scoring the evaluation afresh gives.
pub fn edit_as(s: &Session, e: Edit, st: Stamp) -> Session {
    let next = s.apply(Action::Edit {
        edit: e.clone(),
        stamp: st,
    });
    if let Some(open) = &next.open {
        let fresh = bidmark::workflow::Open::new((*open.evaluation).clone(), "fresh");
        assert_eq!(open.problems, fresh.problems, "after {e:?}");
        assert_eq!(open.results, fresh.results, "after {e:?}");
        for b in &open.evaluation.bids {
            assert_eq!(open.lines(&b.id), fresh.lines(&b.id), "after {e:?}");
        }
        assert_eq!(open.open_flags(None), fresh.open_flags(None));
    }
    next
}

/// An edit that must succeed with exactly one new audit entry stamped by [`WHO`].
pub fn ok(s: &Session, e: Edit) -> Session {
    let n = edit(s, e.clone());
    assert_eq!(n.error, None, "{e:?} was refused");
    assert_eq!(
        audit(&n).len(),
        audit(s).len() + 1,
        "{e:?} should add exactly one audit entry: {:#?}",
        audit(&n)
    );
    assert_eq!(
        &audit(&n)[..audit(s).len()],
        audit(s),
        "the old log is kept"
    );
    assert_eq!(last(&n).at, AT);
    assert_eq!(last(&n).who, WHO);
    assert_eq!(past(&n), past(s) + 1, "{e:?} is one undo step");
    n
}

/// An edit that must be refused: the error names `field` and says `words`; the
/// evaluation, its audit log and the undo history stay exactly as they were.
pub fn refused(s: &Session, e: Edit, field: Option<Field>, words: &str) -> EditError {
    let n = edit(s, e.clone());
    let err = n
        .error
        .clone()
        .unwrap_or_else(|| panic!("{e:?} was not refused"));
    assert_eq!(err.field, field, "field of {err:?}");
    assert!(
        err.message.contains(words),
        "message {:?} should contain {words:?}",
        err.message
    );
    assert_eq!(ev(&n), ev(s), "a refused {e:?} changed the evaluation");
    assert_eq!(audit(&n), audit(s));
    assert_eq!(past(&n), past(s));
    assert_eq!(future(&n), future(s));
    assert_eq!(
        n.open.as_ref().unwrap().results,
        s.open.as_ref().unwrap().results
    );
    err
}

pub fn score_edit(evaluator: &str, bid: &str, criterion: &str, score: Option<&str>) -> Edit {
    Edit::Score {
        evaluator: evaluator.into(),
        bid: bid.into(),
        criterion: criterion.into(),
        score: score.map(dec),
    }
}

pub fn note_edit(evaluator: &str, bid: &str, criterion: &str, note: &str) -> Edit {
    Edit::Note {
        evaluator: evaluator.into(),
        bid: bid.into(),
        criterion: criterion.into(),
        note: note.into(),
    }
}

/// Gives a score (the first one also locks the criteria).
pub fn score(s: &Session, evaluator: &str, bid: &str, criterion: &str, value: &str) -> Session {
    let n = edit(s, score_edit(evaluator, bid, criterion, Some(value)));
    assert_eq!(n.error, None);
    n
}

/// Scores and justifies every scored cell of [`SMALL`] for one evaluator.
pub fn score_all(s: &Session, evaluator: &str, values: [&str; 4]) -> Session {
    let mut s = s.clone();
    let cells = [
        ("acme", "approach"),
        ("acme", "team"),
        ("beta", "approach"),
        ("beta", "team"),
    ];
    for ((bid, crit), v) in cells.into_iter().zip(values) {
        s = score(&s, evaluator, bid, crit, v);
        s = ok(
            &s,
            note_edit(evaluator, bid, crit, &format!("{bid} {crit} {v}")),
        );
    }
    s
}

pub fn unlock(s: &Session, reason: &str) -> Session {
    let s = s.apply(Action::AskUnlock);
    let n = s.apply(Action::Confirm {
        stamp: stamp(WHO),
        reason: reason.into(),
    });
    assert_eq!(n.error, None);
    assert!(!ev(&n).workflow.criteria_locked);
    n
}

pub fn result<'a>(s: &'a Session, bid: &str) -> &'a BidResult {
    s.open
        .as_ref()
        .unwrap()
        .results
        .as_ref()
        .expect("results")
        .bids
        .iter()
        .find(|b| b.bid == bid)
        .expect("the bid has a result")
}

pub fn scored_cell(s: &Session, bid: &str, criterion: &str) -> bidmark::scoring::ScoredCell {
    let lines = s.open.as_ref().unwrap().lines(bid);
    match lines
        .into_iter()
        .find(|l| l.criterion == criterion)
        .expect("a line")
        .detail
    {
        Detail::Scored(c) => c,
        other => panic!("not a scored line: {other:?}"),
    }
}

pub fn scores_of(e: &Evaluation, evaluator: &str) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = e
        .scores
        .iter()
        .filter(|s| s.evaluator == evaluator)
        .map(|s| (s.bid.clone(), s.criterion.clone(), s.score.to_string()))
        .collect();
    v.sort();
    v
}

pub fn criterion_ids(e: &Evaluation) -> Vec<String> {
    e.walk().into_iter().map(|(_, c)| c.id.clone()).collect()
}

pub fn update_weight(id: &str, name: &str, weight: &str) -> Edit {
    Edit::UpdateCriterion {
        id: id.into(),
        name: name.into(),
        weight: weight.into(),
        min_score: String::new(),
        guidance: String::new(),
        method: None,
    }
}

/// A bids file for [`SMALL`]: acme and beta again (beta at another price) and gamma, new.
pub const BIDS: &str = r#"{
  "format": "bidmark/bids",
  "version": 1,
  "bids": [
    { "id": "acme", "supplier": "Acme Ltd", "price": "100000",
      "answers": { "approach": "Agile, in weekly sprints.", "team": "Ten people." } },
    { "id": "beta", "supplier": "Beta plc", "price": "110000" },
    { "id": "gamma", "supplier": "Gamma Systems", "price": "90000",
      "answers": { "team": "Five people." } }
  ]
}"#;

/// A bids file holding `bids`.
pub fn bids_file(bids: serde_json::Value) -> String {
    serde_json::json!({"format": "bidmark/bids", "version": 1, "bids": bids}).to_string()
}

/// A scoresheet as the file a browser saves.
pub fn bytes_of(sheet: &Scoresheet) -> Vec<u8> {
    serde_json::to_vec_pretty(sheet).unwrap()
}

/// The name of an edit's variant; exhaustive, like `action_name` in the tour.
pub fn edit_name(e: &Edit) -> &'static str {
    match e {
        Edit::Details { .. } => "Details",
        Edit::Scale { .. } => "Scale",
        Edit::Moderation { .. } => "Moderation",
        Edit::Threshold { .. } => "Threshold",
        Edit::Ranking { .. } => "Ranking",
        Edit::Places { .. } => "Places",
        Edit::HidePrices { .. } => "HidePrices",
        Edit::AddCriterion { .. } => "AddCriterion",
        Edit::UpdateCriterion { .. } => "UpdateCriterion",
        Edit::RemoveCriterion { .. } => "RemoveCriterion",
        Edit::MoveCriterion { .. } => "MoveCriterion",
        Edit::MoveInto { .. } => "MoveInto",
        Edit::LogBase { .. } => "LogBase",
        Edit::UnlockCriteria { .. } => "UnlockCriteria",
        Edit::LockCriteria => "LockCriteria",
        Edit::AddBid { .. } => "AddBid",
        Edit::UpdateBid { .. } => "UpdateBid",
        Edit::RemoveBid { .. } => "RemoveBid",
        Edit::AddEvaluator { .. } => "AddEvaluator",
        Edit::UpdateEvaluator { .. } => "UpdateEvaluator",
        Edit::Declare { .. } => "Declare",
        Edit::RemoveEvaluator { .. } => "RemoveEvaluator",
        Edit::Score { .. } => "Score",
        Edit::Note { .. } => "Note",
        Edit::Complete { .. } => "Complete",
        Edit::Consensus { .. } => "Consensus",
        Edit::Check { .. } => "Check",
        Edit::AddLot { .. } => "AddLot",
        Edit::RenameLot { .. } => "RenameLot",
        Edit::RemoveLot { .. } => "RemoveLot",
        Edit::OwnCriteria { .. } => "OwnCriteria",
        Edit::AwardLimit { .. } => "AwardLimit",
        Edit::MinScores { .. } => "MinScores",
        Edit::Blind { .. } => "Blind",
        Edit::Assign { .. } => "Assign",
        Edit::Recuse { .. } => "Recuse",
        Edit::Approve { .. } => "Approve",
        Edit::Investigate { .. } => "Investigate",
        Edit::AbnormallyLowRule { .. } => "AbnormallyLowRule",
        Edit::PriceBounds { .. } => "PriceBounds",
        Edit::Budget { .. } => "Budget",
        Edit::LogFloor { .. } => "LogFloor",
        Edit::Measure { .. } => "Measure",
        Edit::RelativeToBest { .. } => "RelativeToBest",
        Edit::BidFigure { .. } => "BidFigure",
        Edit::Negotiated { .. } => "Negotiated",
        Edit::Eligibility { .. } => "Eligibility",
    }
}

//! Every action and every edit, in one procurement from start to finish.

use std::collections::{BTreeMap, BTreeSet};

use bidmark::model::{load_draft, Kind, Method, PriceMethod};
use bidmark::workflow::{scoresheet_for, Action, Edit, Page, Question, Session, Stamp};

use crate::common::*;

/// The name of an action's variant. Exhaustive: a new variant fails to compile here
/// until the tour below uses it.
fn action_name(a: &Action) -> &'static str {
    match a {
        Action::OpenFile { .. } => "OpenFile",
        Action::OpenSample { .. } => "OpenSample",
        Action::OpenDraft => "OpenDraft",
        Action::NewBlank { .. } => "NewBlank",
        Action::NewFromTemplate { .. } => "NewFromTemplate",
        Action::Restore { .. } => "Restore",
        Action::FileUnreadable { .. } => "FileUnreadable",
        Action::FileTooLarge { .. } => "FileTooLarge",
        Action::DismissProblems => "DismissProblems",
        Action::DismissNotice => "DismissNotice",
        Action::Close => "Close",
        Action::Go(_) => "Go",
        Action::Edit { .. } => "Edit",
        Action::Undo { .. } => "Undo",
        Action::Redo { .. } => "Redo",
        Action::ImportScoresheet { .. } => "ImportScoresheet",
        Action::ImportBids { .. } => "ImportBids",
        Action::AskUnlock => "AskUnlock",
        Action::AskClose => "AskClose",
        Action::Confirm { .. } => "Confirm",
        Action::Cancel => "Cancel",
        Action::ShowLot { .. } => "ShowLot",
    }
}

const ACTIONS: [&str; 22] = [
    "ShowLot",
    "FileTooLarge",
    "OpenFile",
    "OpenSample",
    "OpenDraft",
    "NewBlank",
    "NewFromTemplate",
    "Restore",
    "FileUnreadable",
    "DismissProblems",
    "DismissNotice",
    "Close",
    "Go",
    "Edit",
    "Undo",
    "Redo",
    "ImportScoresheet",
    "ImportBids",
    "AskUnlock",
    "AskClose",
    "Confirm",
    "Cancel",
];

const EDITS: [&str; 47] = [
    "Ranking",
    "AbnormallyLowRule",
    "Measure",
    "RelativeToBest",
    "BidFigure",
    "Investigate",
    "Negotiated",
    "Eligibility",
    "PriceBounds",
    "Budget",
    "LogFloor",
    "AddLot",
    "RenameLot",
    "RemoveLot",
    "OwnCriteria",
    "AwardLimit",
    "MinScores",
    "Blind",
    "Assign",
    "Recuse",
    "Approve",
    "Details",
    "Scale",
    "Moderation",
    "Threshold",
    "Places",
    "HidePrices",
    "AddCriterion",
    "UpdateCriterion",
    "RemoveCriterion",
    "MoveCriterion",
    "MoveInto",
    "LogBase",
    "UnlockCriteria",
    "LockCriteria",
    "AddBid",
    "UpdateBid",
    "RemoveBid",
    "AddEvaluator",
    "UpdateEvaluator",
    "Declare",
    "RemoveEvaluator",
    "Score",
    "Note",
    "Complete",
    "Consensus",
    "Check",
];

/// A user's session that remembers which actions and successful edits it went through.
struct Tour {
    s: Session,
    actions: BTreeSet<&'static str>,
    edits: BTreeSet<&'static str>,
    clock: u32,
}

impl Tour {
    fn stamp(&mut self, who: &str) -> Stamp {
        self.clock += 1;
        stamp_at(
            who,
            &format!(
                "2026-05-01T{:02}:{:02}:00Z",
                self.clock / 60,
                self.clock % 60
            ),
        )
    }
    fn act(&mut self, a: Action) -> &Session {
        self.actions.insert(action_name(&a));
        let before = self.s.clone();
        self.s = self.s.apply(a.clone());
        if let (Some(b), Some(n)) = (before.open.as_ref(), self.s.open.as_ref()) {
            if b.evaluation.id == n.evaluation.id {
                assert!(
                    n.evaluation.workflow.audit.len() >= b.evaluation.workflow.audit.len(),
                    "{a:?} shrank the audit log"
                );
            }
        }
        &self.s
    }
    /// An edit that must succeed.
    fn edit(&mut self, e: Edit) {
        let st = self.stamp("Tour guide");
        let n = audit(&self.s).len();
        self.act(Action::Edit {
            edit: e.clone(),
            stamp: st.clone(),
        });
        assert_eq!(self.s.error, None, "{e:?}");
        assert!(
            audit(&self.s).len() > n || last(&self.s).at == st.at,
            "{e:?} not audited"
        );
        self.edits.insert(edit_name(&e));
    }
    /// An award decision: its own record, not an audit entry (which would change the
    /// result it names).
    fn decide(&mut self, e: Edit) {
        let st = self.stamp("Approver");
        let whole = |s: &Session| s.open.as_ref().unwrap().file();
        let approvals = whole(&self.s).workflow.approvals.len();
        self.act(Action::Edit {
            edit: e.clone(),
            stamp: st,
        });
        assert_eq!(self.s.error, None, "{e:?}");
        assert_eq!(whole(&self.s).workflow.approvals.len(), approvals + 1);
        self.edits.insert(edit_name(&e));
    }
}

/// Two lots, one evaluator, every cell scored: final, so that a decision can be recorded.
const LOTTED: &str = r#"{
  "format": "bidmark/evaluation", "version": 1, "title": "Lotted tour",
  "criteria": [ { "id": "q", "name": "Quality", "kind": "scored", "weight": "100" } ],
  "lots": [ { "id": "l1", "name": "Lot 1" }, { "id": "l2", "name": "Lot 2" } ],
  "bids": [ { "id": "a1", "supplier": "A Ltd", "lot": "l1" }, { "id": "b1", "supplier": "B Ltd", "lot": "l1" },
            { "id": "a2", "supplier": "A Ltd", "lot": "l2" }, { "id": "b2", "supplier": "B Ltd", "lot": "l2" } ],
  "evaluators": [ { "id": "e1", "name": "Eve One" }, { "id": "e2", "name": "Eli Two" } ],
  "scores": [
    { "evaluator": "e1", "bid": "a1", "criterion": "q", "score": "3", "note": "Strong" },
    { "evaluator": "e1", "bid": "b1", "criterion": "q", "score": "2", "note": "Good" },
    { "evaluator": "e1", "bid": "a2", "criterion": "q", "score": "3", "note": "Strong" },
    { "evaluator": "e1", "bid": "b2", "criterion": "q", "score": "1", "note": "Weak" },
    { "evaluator": "e2", "bid": "a1", "criterion": "q", "score": "3", "note": "Strong" },
    { "evaluator": "e2", "bid": "b1", "criterion": "q", "score": "2", "note": "Good" },
    { "evaluator": "e2", "bid": "a2", "criterion": "q", "score": "3", "note": "Strong" },
    { "evaluator": "e2", "bid": "b2", "criterion": "q", "score": "2", "note": "Good" } ]
}"#;

#[test]
fn a_whole_procurement_uses_every_action_and_every_edit() {
    let mut t = Tour {
        s: Session::default(),
        actions: BTreeSet::new(),
        edits: BTreeSet::new(),
        clock: 0,
    };
    let st = t.stamp("Tour guide");
    t.act(Action::NewBlank {
        id: "eval-tour".into(),
        stamp: st,
    });
    t.edit(Edit::Details {
        title: "Tour".into(),
        reference: "T-1".into(),
        currency: "GBP".into(),
    });
    t.edit(Edit::Scale {
        min: "0".into(),
        max: "3".into(),
        labels: BTreeMap::from([("0".to_string(), "None".to_string())]),
    });
    t.edit(Edit::Moderation {
        method: Method::Mean,
        divergence: "2".into(),
    });
    t.edit(Edit::Threshold {
        threshold: "40".into(),
    });
    // Ranked on total weighted points, as it is with a price criterion.
    t.edit(Edit::Ranking {
        method: bidmark::model::RankingMethod::WeightedPoints,
        point_value: String::new(),
    });
    t.edit(Edit::Places { places: 2 });
    t.edit(Edit::HidePrices { hide: true });
    t.act(Action::Go(Page::Criteria));
    for (parent, kind, name) in [
        (None, Kind::Group, "Quality"),
        (Some("quality"), Kind::Scored, "Approach"),
        (Some("quality"), Kind::Scored, "Team"),
        (None, Kind::PassFail, "Hosting"),
        (None, Kind::Price, "Price"),
        (None, Kind::Scored, "Extra"),
    ] {
        t.edit(Edit::AddCriterion {
            parent: parent.map(str::to_string),
            kind,
            name: name.into(),
        });
    }
    for (id, name, w) in [
        ("quality", "Quality", "60"),
        ("approach", "Approach", "50"),
        ("team", "Team", "50"),
        ("price", "Price", "40"),
    ] {
        t.edit(update_weight(id, name, w));
    }
    t.edit(Edit::MoveCriterion {
        id: "extra".into(),
        up: true,
    });
    t.edit(Edit::MoveInto {
        id: "extra".into(),
        parent: Some("quality".into()),
    });
    t.edit(Edit::RemoveCriterion { id: "extra".into() });
    // The logarithmic price formula gets A = 2, which can be changed; back to lowest over bid.
    t.edit(Edit::UpdateCriterion {
        id: "price".into(),
        name: "Price".into(),
        weight: "40".into(),
        min_score: String::new(),
        guidance: String::new(),
        method: Some(PriceMethod::Logarithmic),
    });
    assert_eq!(
        ev(&t.s).criterion("price").unwrap().log_base,
        Some(dec("2"))
    );
    t.edit(Edit::LogBase {
        id: "price".into(),
        base: "3".into(),
    });
    assert_eq!(
        ev(&t.s).criterion("price").unwrap().log_base,
        Some(dec("3"))
    );
    t.edit(Edit::UpdateCriterion {
        id: "price".into(),
        name: "Price".into(),
        weight: "40".into(),
        min_score: String::new(),
        guidance: String::new(),
        method: Some(PriceMethod::LowestOverBid),
    });
    assert_eq!(ev(&t.s).criterion("price").unwrap().log_base, None);
    t.act(Action::Go(Page::Bids));
    t.edit(Edit::AddBid {
        supplier: "Acme".into(),
        price: "£100,000".into(),
    });
    t.edit(Edit::AddBid {
        supplier: "Beta".into(),
        price: "125000".into(),
    });
    t.edit(Edit::UpdateBid {
        id: "beta".into(),
        supplier: "Beta plc".into(),
        price: "125000".into(),
    });
    t.edit(Edit::AddBid {
        supplier: "Withdrawn".into(),
        price: "1".into(),
    });
    t.edit(Edit::RemoveBid {
        id: "withdrawn".into(),
    });
    t.act(Action::Go(Page::Evaluators));
    for name in ["Ann Lee", "Bob", "Temp"] {
        t.edit(Edit::AddEvaluator {
            name: name.into(),
            role: "".into(),
        });
    }
    t.edit(Edit::UpdateEvaluator {
        id: "bob".into(),
        name: "Bob Cho".into(),
        role: "Service owner".into(),
    });
    t.edit(Edit::Declare {
        id: "ann-lee".into(),
        conflict: false,
        detail: "".into(),
    });
    t.edit(Edit::RemoveEvaluator { id: "temp".into() });
    assert!(
        t.s.open.as_ref().unwrap().problems.is_empty(),
        "{:#?}",
        t.s.open.as_ref().unwrap().problems
    );
    let blank = ev(&t.s).clone();

    // Bob scores in his own browser, from the file the facilitator sends him.
    let json = ev(&t.s).to_json();
    let mut bob = Session::default().apply(Action::OpenFile {
        name: "tour.json".into(),
        bytes: json.clone().into_bytes(),
    });
    for (bid, crit, v) in [
        ("acme", "approach", "3"),
        ("acme", "team", "2"),
        ("beta", "approach", "1"),
        ("beta", "team", "1"),
    ] {
        bob = edit(&bob, score_edit("bob", bid, crit, Some(v)));
        bob = edit(&bob, note_edit("bob", bid, crit, "Because"));
    }
    let sheet = scoresheet_for(ev(&bob), "bob", AT).unwrap();

    // Ann scores here.
    t.act(Action::Go(Page::Scoring {
        evaluator: Some("ann-lee".into()),
        bid: None,
    }));
    for (bid, crit, v) in [
        ("acme", "approach", "2"),
        ("acme", "team", "2"),
        ("beta", "approach", "2"),
        ("beta", "team", "0"),
    ] {
        t.edit(score_edit("ann-lee", bid, crit, Some(v)));
        t.edit(note_edit("ann-lee", bid, crit, "Evidence"));
    }
    t.edit(Edit::Complete {
        evaluator: "ann-lee".into(),
        complete: true,
    });
    let st = t.stamp("Moderator");
    t.act(Action::ImportScoresheet {
        name: "bob.json".into(),
        bytes: bytes_of(&sheet),
        stamp: st,
    });
    assert_eq!(t.s.refused, None);
    assert_eq!(ev(&t.s).scores.len(), 8);

    t.act(Action::Go(Page::Moderation { bid: None }));
    t.edit(Edit::Consensus {
        bid: "beta".into(),
        criterion: "approach".into(),
        agreed: Some((dec("1"), "Agreed".into())),
    });
    t.edit(Edit::Check {
        bid: "acme".into(),
        criterion: "hosting".into(),
        passed: Some(true),
        note: "".into(),
    });
    t.edit(Edit::Check {
        bid: "beta".into(),
        criterion: "hosting".into(),
        passed: Some(true),
        note: "".into(),
    });
    let st = t.stamp("Moderator");
    t.act(Action::Undo { stamp: st });
    let st = t.stamp("Moderator");
    t.act(Action::Redo { stamp: st });
    t.act(Action::DismissNotice);

    // A late correction to the criteria, and a bids file with a corrected price.
    t.act(Action::Go(Page::Criteria));
    t.act(Action::AskUnlock);
    t.act(Action::Cancel);
    t.act(Action::AskUnlock);
    let st = t.stamp("Moderator");
    t.act(Action::Confirm {
        stamp: st,
        reason: "Guidance typo".into(),
    });
    assert!(!ev(&t.s).workflow.criteria_locked);
    t.edit(Edit::LockCriteria);
    t.edit(Edit::UnlockCriteria {
        reason: "Still fixing the typo".into(),
    });
    t.edit(Edit::LockCriteria);
    t.act(Action::ImportBids {
        name: "prices.json".into(),
        bytes: bids_file(
            serde_json::json!([{ "id": "beta", "supplier": "Beta plc", "price": "120000" }]),
        )
        .into_bytes(),
    });
    let st = t.stamp("Moderator");
    t.act(Action::Confirm {
        stamp: st,
        reason: String::new(),
    });
    t.act(Action::Go(Page::Results));
    let results = t.s.open.as_ref().unwrap().results.clone().expect("results");
    assert_eq!(results.bids[0].bid, "acme");
    assert!(
        results.bids.iter().all(|b| !b.provisional()),
        "{:#?}",
        results.bids
    );
    let finished = ev(&t.s).clone();
    assert!(finished.workflow.audit.len() > 40);

    // The file round-trips with its log; the other ways in and out.
    let (back, problems) = load_draft(&finished.to_json()).expect("reads back");
    assert!(problems.is_empty());
    assert_eq!(back, finished);
    // Closing asks first; cancelling keeps the evaluation open, confirming closes it.
    t.act(Action::AskClose);
    assert_eq!(t.s.question, Some(Question::Close));
    t.act(Action::Cancel);
    assert!(t.s.open.is_some());
    t.act(Action::AskClose);
    let st = t.stamp("Facilitator");
    t.act(Action::Confirm {
        stamp: st,
        reason: String::new(),
    });
    assert!(t.s.open.is_none());
    t.act(Action::Close);
    t.act(Action::Restore {
        json: finished.to_json(),
        source: "Autosave".into(),
        page: Page::Results,
    });
    assert_eq!(ev(&t.s), &finished);
    t.act(Action::FileUnreadable {
        name: "x".into(),
        reason: "gone".into(),
    });
    t.act(Action::DismissProblems);
    t.act(Action::FileTooLarge {
        name: "video.mp4".into(),
        size: 50_000_000,
    });
    assert_eq!(
        ev(&t.s),
        &finished,
        "a refused file leaves the evaluation open"
    );
    t.act(Action::DismissProblems);
    t.act(Action::OpenSample {
        slug: "gcloud-call-off".into(),
    });
    t.act(Action::OpenFile {
        name: "draft.json".into(),
        bytes: blank
            .to_json()
            .replace("\"weight\": \"40\"", "\"weight\": \"41\"")
            .into_bytes(),
    });
    assert!(t.s.refused.as_ref().unwrap().draft.is_some());
    t.act(Action::OpenDraft);
    assert_eq!(ev(&t.s).title, "Tour");
    let st = t.stamp("Tour guide");
    t.act(Action::NewFromTemplate {
        slug: "gcloud-call-off".into(),
        id: "eval-tour-2".into(),
        stamp: st,
    });
    assert_eq!(ev(&t.s).title, "New G-Cloud call-off evaluation");
    // The price formulas' parameters: bounds, a budget, the logarithmic floor.
    let to = |method: PriceMethod| Edit::UpdateCriterion {
        id: "price".into(),
        name: "Price".into(),
        weight: "40".into(),
        min_score: String::new(),
        guidance: String::new(),
        method: Some(method),
    };
    t.edit(to(PriceMethod::BetweenBounds));
    t.edit(Edit::PriceBounds {
        id: "price".into(),
        full: "100000".into(),
        zero: "200000".into(),
    });
    t.edit(Edit::Budget {
        id: "price".into(),
        budget: "250000".into(),
    });
    t.edit(to(PriceMethod::Logarithmic));
    t.edit(Edit::LogFloor {
        id: "price".into(),
        floor: false,
    });
    // A measured criterion with a figure for a bid, and quality set against the best bid.
    t.edit(Edit::AddCriterion {
        parent: None,
        kind: Kind::Measured,
        name: "Delivery time".into(),
    });
    t.edit(Edit::Measure {
        id: "delivery-time".into(),
        better: bidmark::model::Better::Lower,
        unit: "days".into(),
        component: false,
    });
    t.edit(Edit::AddBid {
        supplier: "Tour Ltd".into(),
        price: "1000".into(),
    });
    t.edit(Edit::BidFigure {
        bid: "tour-ltd".into(),
        criterion: "delivery-time".into(),
        value: "14".into(),
    });
    assert_eq!(
        ev(&t.s).bid("tour-ltd").unwrap().values["delivery-time"].to_string(),
        "14"
    );
    t.edit(Edit::RelativeToBest {
        id: "quality".into(),
        relative: true,
    });

    // An abnormally low bid: the supplier's explanation rejected, with the reason.
    t.act(Action::OpenFile {
        name: "low.json".into(),
        bytes: crate::low::LOW.as_bytes().to_vec(),
    });
    // The rule is tightened from the app first: 15 % below the median, and more than
    // 20 % below the lowest other price (£60,000 is 36.8 % below £95,000): still flagged.
    t.edit(Edit::AbnormallyLowRule {
        below_percent: "15 %".into(),
        of: Some(bidmark::model::LowBase::Median),
        reference_price: String::new(),
        below_lowest_other_percent: "20".into(),
        min_bids: "3".into(),
    });
    assert!(result(&t.s, "c").abnormally_low.is_some());
    t.edit(crate::low::investigate(
        "c",
        Some(bidmark::model::Outcome::Rejected),
        "Staff costs below the National Living Wage",
    ));
    assert_eq!(result(&t.s, "c").rank, None);
    // The Korean scores: the negotiated contract's estimated price, then an eligibility
    // review with a band and a lower limit.
    t.edit(to(PriceMethod::KoreanNegotiated));
    t.edit(Edit::Negotiated {
        id: "price".into(),
        estimated: "500000000".into(),
        reserve: String::new(),
        lowest_raised: false,
        below_60: bidmark::model::Below60::CountedAs60,
    });
    assert_eq!(
        ev(&t.s)
            .criterion("price")
            .unwrap()
            .estimated_price
            .unwrap()
            .to_string(),
        "500000000"
    );
    t.edit(to(PriceMethod::EligibilityReview));
    assert_eq!(ev(&t.s).criterion("price").unwrap().estimated_price, None);
    t.edit(Edit::Eligibility {
        id: "price".into(),
        form: Box::new(bidmark::workflow::EligibilityText {
            reference: "100000000".into(),
            target: "88".into(),
            slope: "4".into(),
            band_from: "88.25".into(),
            band_to: "100".into(),
            band_points: "30".into(),
            lower_limit: "86.745".into(),
            ..Default::default()
        }),
    });

    // Lots, a sectioned panel, a recusal and a recorded decision.
    t.act(Action::OpenFile {
        name: "lots.json".into(),
        bytes: LOTTED.as_bytes().to_vec(),
    });
    assert_eq!(t.s.open.as_ref().unwrap().lot.as_deref(), Some("l1"));
    t.decide(Edit::Approve {
        lot: Some("l1".into()),
        bid: "a1".into(),
        decision: bidmark::model::Decision::Approved,
        approver: "Sam Lee".into(),
        role: "Commercial lead".into(),
        date: "2026-11-30".into(),
        reason: String::new(),
    });
    t.edit(Edit::RenameLot {
        lot: "l1".into(),
        name: "Lot 1: Discovery".into(),
    });
    t.edit(Edit::AwardLimit {
        lots: "1".into(),
        order: vec!["l1".into(), "l2".into()],
    });
    t.edit(Edit::MinScores { min: "2".into() });
    t.edit(Edit::Blind { blind: true });
    t.act(Action::ShowLot { lot: "l2".into() });
    assert_eq!(ev(&t.s).bids.len(), 2, "lot 2's bids only");
    t.edit(Edit::AddLot {
        name: "Lot 3".into(),
    });
    t.edit(Edit::OwnCriteria {
        lot: "lot-3".into(),
        from: Some("l1".into()),
    });
    t.edit(Edit::RemoveLot {
        lot: "lot-3".into(),
    });
    t.edit(Edit::Assign {
        evaluator: "e2".into(),
        criteria: vec!["q".into()],
        lots: vec!["l2".into()],
    });
    t.edit(Edit::Declare {
        id: "e1".into(),
        conflict: true,
        detail: "Former director of B Ltd".into(),
    });
    t.edit(Edit::Recuse {
        evaluator: "e1".into(),
        bids: vec!["b2".into()],
    });

    let want_actions: BTreeSet<_> = ACTIONS.into_iter().collect();
    let want_edits: BTreeSet<_> = EDITS.into_iter().collect();
    assert_eq!(t.actions, want_actions);
    assert_eq!(t.edits, want_edits);
}

//! Real panels (docs/format.md, "Lots, assignments, recusals and approvals"): every rule
//! with figures that can be checked by hand, the working shown beside each assertion.

use bidmark::award::result::{approval_digest, result_digest, result_file, verify};
use bidmark::scoring::lots::{score_lots, Outcome};
use bidmark::scoring::{Detail, Pending, ScoredCell, Standing};
use bidmark::{load_str, score, Results};
use serde_json::{json, Value};

/// Three evaluators score one criterion, Quality (0 to 3, weight 100), for bids A and B:
/// e1 gives 1, e2 gives 2, e3 gives 3 to both. `extra` is merged into the file.
fn panel_of_three(extra: Value) -> Value {
    let mut v = json!({
        "format": "bidmark/evaluation", "version": 1, "title": "Panel",
        "criteria": [
            { "id": "tech", "name": "Technical", "kind": "group", "weight": "100", "children": [
                { "id": "q", "name": "Quality", "kind": "scored", "weight": "100" } ] } ],
        "bids": [ { "id": "a", "supplier": "A Ltd" }, { "id": "b", "supplier": "B Ltd" } ],
        "evaluators": [ { "id": "e1", "name": "One" }, { "id": "e2", "name": "Two" }, { "id": "e3", "name": "Three" } ],
        "scores": [
            { "evaluator": "e1", "bid": "a", "criterion": "q", "score": "1" },
            { "evaluator": "e2", "bid": "a", "criterion": "q", "score": "2" },
            { "evaluator": "e3", "bid": "a", "criterion": "q", "score": "3" },
            { "evaluator": "e1", "bid": "b", "criterion": "q", "score": "1" },
            { "evaluator": "e2", "bid": "b", "criterion": "q", "score": "2" },
            { "evaluator": "e3", "bid": "b", "criterion": "q", "score": "3" } ]
    });
    merge(&mut v, extra);
    v
}

fn merge(v: &mut Value, extra: Value) {
    if let (Some(o), Value::Object(x)) = (v.as_object_mut(), extra) {
        for (k, val) in x {
            o.insert(k, val);
        }
    }
}

fn open(v: &Value) -> bidmark::Evaluation {
    load_str(&v.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn cell<'a>(r: &'a Results, bid: &str, criterion: &str) -> &'a ScoredCell {
    let b = r.bids.iter().find(|b| b.bid == bid).expect("bid");
    match &b.line(criterion).expect("line").detail {
        Detail::Scored(c) => c,
        other => panic!("not scored: {other:?}"),
    }
}

fn total(r: &Results, bid: &str) -> String {
    let b = r.bids.iter().find(|b| b.bid == bid).expect("bid");
    b.total.map(|t| t.to_string()).unwrap_or_default()
}

#[test]
fn everyone_assigned_scores_as_version_1() {
    // Mean of 1, 2, 3 = 2; points = 2 / 3 × 100 = 66.67.
    let e = open(&panel_of_three(json!({})));
    let r = score(&e);
    assert_eq!(total(&r, "a"), "66.67");
    assert_eq!(cell(&r, "a", "q").scores.len(), 3);
}

#[test]
fn an_assignment_changes_a_mean() {
    // e3 is assigned to another group only, so their 3 does not count:
    // mean of 1 and 2 = 1.5; points = 1.5 / 3 × 100 = 50.00 (66.67 with all three).
    let mut v = panel_of_three(json!({}));
    v["criteria"] = json!([
        { "id": "tech", "name": "Technical", "kind": "group", "weight": "50", "children": [
            { "id": "q", "name": "Quality", "kind": "scored", "weight": "100" } ] },
        { "id": "social", "name": "Social value", "kind": "group", "weight": "50", "children": [
            { "id": "sv", "name": "Social value", "kind": "scored", "weight": "100" } ] } ]);
    v["evaluators"][2]["assignment"] = json!({ "criteria": ["social"] });
    v["evaluators"][0]["assignment"] = json!({ "criteria": ["tech"] });
    let e = open(&v);
    let r = score(&e);
    let c = cell(&r, "a", "q");
    assert_eq!(c.moderated.unwrap().normalize().to_string(), "1.5");
    // Quality gives 1.5 / 3 × 50 = 25.00 of the 50 points of Technical.
    assert_eq!(c.points.normalize().to_string(), "25");
    assert_eq!(
        c.set_aside,
        vec![("e3".to_string(), 3.into(), Standing::NotAssigned)]
    );
    // Social value: only e2 (unassigned: everything) and e3 may score it; nobody has.
    let b = r.bids.iter().find(|b| b.bid == "a").unwrap();
    assert!(b
        .pending
        .iter()
        .any(|p| matches!(p, Pending::NoScores { criterion, .. } if criterion == "sv")));
}

#[test]
fn a_recusal_removes_a_score_and_keeps_it_in_the_file() {
    // e3 declares a conflict with A Ltd: for bid a the mean is of 1 and 2 = 1.5,
    // 1.5 / 3 × 100 = 50.00; bid b keeps all three: 66.67.
    let mut v = panel_of_three(json!({}));
    v["evaluators"][2]["declaration"] =
        json!({ "conflict": true, "detail": "Former employee of A Ltd", "bids": ["a"] });
    let e = open(&v);
    assert_eq!(e.scores.len(), 6, "the recused score stays in the file");
    let r = score(&e);
    assert_eq!(total(&r, "a"), "50.00");
    assert_eq!(total(&r, "b"), "66.67");
    assert_eq!(
        cell(&r, "a", "q").set_aside,
        vec![("e3".to_string(), 3.into(), Standing::Recused)]
    );
    // By supplier name, whatever its case and spacing: the same.
    let mut v = panel_of_three(json!({}));
    v["evaluators"][2]["declaration"] =
        json!({ "conflict": true, "detail": "Shareholder", "suppliers": ["a  LTD"] });
    assert_eq!(total(&score(&open(&v)), "a"), "50.00");
}

#[test]
fn a_cell_below_the_fewest_scores_is_provisional_with_the_reason() {
    // min_scores 3; e3 is recused from a, leaving 2 scores: provisional. b has 3: final.
    let mut v = panel_of_three(json!({ "moderation": { "method": "mean", "min_scores": 3 } }));
    v["evaluators"][2]["declaration"] =
        json!({ "conflict": true, "detail": "Related", "bids": ["a"] });
    let r = score(&open(&v));
    let a = r.bids.iter().find(|b| b.bid == "a").unwrap();
    let b = r.bids.iter().find(|b| b.bid == "b").unwrap();
    assert!(a.provisional());
    assert_eq!(
        a.pending
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["\"Quality\" has 2 scores that count; the panel needs at least 3"]
    );
    assert!(!b.provisional());
    // The points are still computed from the two: 1.5 / 3 × 100 = 50.00.
    assert_eq!(total(&r, "a"), "50.00");
}

#[test]
fn trimmed_mean_of_two_scores_is_their_mean() {
    // With fewer than 3 scores nothing is dropped: trimmed mean of 1 and 2 = 1.5.
    // With 3 scores (1, 2, 3) the highest and lowest go: 2.
    let mut v = panel_of_three(json!({ "moderation": { "method": "trimmed_mean" } }));
    v["evaluators"][2]["declaration"] =
        json!({ "conflict": true, "detail": "Related", "bids": ["a"] });
    let r = score(&open(&v));
    assert_eq!(
        cell(&r, "a", "q")
            .moderated
            .unwrap()
            .normalize()
            .to_string(),
        "1.5"
    );
    assert_eq!(
        cell(&r, "b", "q")
            .moderated
            .unwrap()
            .normalize()
            .to_string(),
        "2"
    );
}

#[test]
fn a_cell_nobody_may_score_is_a_problem_not_a_silent_zero() {
    let mut v = panel_of_three(json!({}));
    for i in 0..3 {
        v["evaluators"][i]["declaration"] =
            json!({ "conflict": true, "detail": "All related", "bids": ["a"] });
    }
    let r = score(&open(&v));
    let a = r.bids.iter().find(|b| b.bid == "a").unwrap();
    assert_eq!(
        a.pending,
        vec![Pending::NoEligibleEvaluator {
            criterion: "q".into(),
            name: "Quality".into()
        }]
    );
    assert!(a.pending[0]
        .to_string()
        .contains("no evaluator who may score it"));
}

/// Two lots. Lot 1: Discovery (quality 60, price 40, lowest_over_bid); Lot 2: Alpha
/// (its own tree: quality 100). Kestrel bids for both and tops both.
fn two_lots(limit: Option<i64>) -> Value {
    let mut v = json!({
        "format": "bidmark/evaluation", "version": 1, "title": "Two lots",
        "criteria": [
            { "id": "q", "name": "Quality", "kind": "scored", "weight": "60" },
            { "id": "p", "name": "Price", "kind": "price", "weight": "40", "method": "lowest_over_bid" } ],
        "lots": [
            { "id": "l1", "name": "Lot 1: Discovery" },
            { "id": "l2", "name": "Lot 2: Alpha", "criteria": [
                { "id": "q", "name": "Quality", "kind": "scored", "weight": "70" },
                { "id": "p", "name": "Price", "kind": "price", "weight": "30", "method": "lowest_over_bid" } ] } ],
        "bids": [
            { "id": "k1", "supplier": "Kestrel Ltd", "lot": "l1", "price": "100" },
            { "id": "m1", "supplier": "Moss Ltd", "lot": "l1", "price": "200" },
            { "id": "k2", "supplier": "Kestrel Ltd", "lot": "l2", "price": "400" },
            { "id": "m2", "supplier": "Moss Ltd", "lot": "l2", "price": "50" } ],
        "evaluators": [ { "id": "e1", "name": "One" } ],
        "scores": [
            { "evaluator": "e1", "bid": "k1", "criterion": "q", "score": "3" },
            { "evaluator": "e1", "bid": "m1", "criterion": "q", "score": "3" },
            { "evaluator": "e1", "bid": "k2", "criterion": "q", "score": "3" },
            { "evaluator": "e1", "bid": "m2", "criterion": "q", "score": "1" } ]
    });
    if let Some(n) = limit {
        v["award_limit"] = json!({ "lots": n, "order": ["l1", "l2"] });
    }
    v
}

#[test]
fn the_lowest_price_is_per_lot() {
    let l = score_lots(&open(&two_lots(None)));
    let lot1 = &l.lots[0].results;
    let lot2 = &l.lots[1].results;
    // Lot 1: lowest 100. Kestrel 60 + 100/100 × 40 = 100.00; Moss 60 + 100/200 × 40 = 80.00.
    assert_eq!(lot1.lowest_price.unwrap().to_string(), "100");
    assert_eq!(total(lot1, "k1"), "100.00");
    assert_eq!(total(lot1, "m1"), "80.00");
    // Lot 2: lowest 50 (not 100 of lot 1). Kestrel 70 + 50/400 × 30 = 73.75;
    // Moss 1/3 × 70 + 50/50 × 30 = 23.333… + 30 = 53.33.
    assert_eq!(lot2.lowest_price.unwrap().to_string(), "50");
    assert_eq!(total(lot2, "k2"), "73.75");
    assert_eq!(total(lot2, "m2"), "53.33");
    // Without a limit, each lot goes to its first-ranked bid: Kestrel twice.
    assert_eq!(l.awards[0].winner(), Some("k1"));
    assert_eq!(l.awards[1].winner(), Some("k2"));
}

#[test]
fn an_award_limit_passes_a_later_lot_to_the_next_bid() {
    // Limit 1, order Lot 1 then Lot 2: Kestrel wins Lot 1 (100.00 v 80.00), so in Lot 2,
    // where it ranks first (73.75 v 53.33), it is passed over and Moss wins.
    let l = score_lots(&open(&two_lots(Some(1))));
    assert_eq!(l.awards[0].winner(), Some("k1"));
    assert_eq!(l.awards[1].winner(), Some("m2"));
    assert_eq!(
        l.awards[1].passed_over,
        vec![(
            "k2".to_string(),
            "Kestrel Ltd".to_string(),
            vec!["Lot 1: Discovery".to_string()]
        )]
    );
    assert_eq!(
        l.awards[1].explain(l.limit),
        "Kestrel Ltd ranked higher but has already been awarded 1 lot (Lot 1: Discovery), the most one supplier may win. \
         Lot 2: Alpha goes to Moss Ltd, the highest-ranked bid whose supplier may still win."
    );
    // Decided the other way round, Kestrel takes Lot 2 first and Moss gets Lot 1.
    let mut v = two_lots(Some(1));
    v["award_limit"]["order"] = json!(["l2", "l1"]);
    let l = score_lots(&open(&v));
    assert_eq!(l.awards[0].lot, "l2");
    assert_eq!(l.awards[0].winner(), Some("k2"));
    assert_eq!(l.awards[1].winner(), Some("m1"));
    // A limit of 2 changes nothing.
    let l = score_lots(&open(&two_lots(Some(2))));
    assert!(matches!(&l.awards[1].outcome, Outcome::Winner { bid, .. } if bid == "k2"));
}

#[test]
fn files_without_lots_keep_todays_output_exactly() {
    for sample in ["dos-outcomes", "gcloud-call-off", "negotiated-80-20"] {
        let text = std::fs::read_to_string(format!("samples/{sample}.json")).unwrap();
        let e = load_str(&text).unwrap();
        let l = score_lots(&e);
        assert_eq!(l.lots.len(), 1);
        assert_eq!(l.lots[0].results, score(&e));
        assert!(l.awards.is_empty());
        assert_eq!(
            bidmark::standings::lotted_to_json(&l),
            bidmark::standings::to_json(&score(&e)),
            "{sample}"
        );
        assert_eq!(
            bidmark::standings::lotted_table(&e, &l),
            bidmark::standings::table(&e, &score(&e)),
            "{sample}"
        );
    }
}

#[test]
fn the_json_contract_gains_a_lot_per_result_and_the_awards() {
    let l = score_lots(&open(&two_lots(Some(1))));
    let v: Value = serde_json::from_str(&bidmark::standings::lotted_to_json(&l)).unwrap();
    let lots: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["lot"].as_str().unwrap())
        .collect();
    assert_eq!(lots, ["l1", "l1", "l2", "l2"]);
    assert_eq!(v["results"][2]["bid"], "k2");
    assert_eq!(v["results"][2]["rank"], 1);
    assert_eq!(v["awards"][1]["winner"], "m2");
}

#[test]
fn bad_input_names_the_entry_and_its_line() {
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            {
                let mut v = panel_of_three(json!({}));
                v["evaluators"][0]["assignment"] = json!({ "criteria": ["nope"] });
                v
            },
            "Evaluator \"One\" (e1): is assigned to criterion \"nope\", which is not in the criteria",
            "evaluators[0].assignment.criteria[0]",
        ),
        (
            {
                let mut v = two_lots(None);
                v["evaluators"][0]["assignment"] = json!({ "lots": ["l9"] });
                v
            },
            "is assigned to lot \"l9\", which is not in the evaluation",
            "evaluators[0].assignment.lots[0]",
        ),
        (
            {
                let mut v = panel_of_three(json!({}));
                v["evaluators"][1]["declaration"] =
                    json!({ "conflict": true, "detail": "x", "bids": ["zz"] });
                v
            },
            "is recused from bid \"zz\", which is not in the evaluation",
            "evaluators[1].declaration.bids[0]",
        ),
        (
            two_lots(Some(0)),
            "Award limit › lots: is 0; a supplier must be able to win at least 1 lot.",
            "award_limit.lots",
        ),
        (
            {
                let mut v = two_lots(None);
                v["bids"][1]["lot"] = json!("l7");
                v
            },
            "names lot \"l7\", which is not in the evaluation",
            "bids[1].lot",
        ),
        (
            {
                let mut v = two_lots(None);
                v["scores"][2]["bid"] = json!("zz");
                v
            },
            "Score 3: names bid \"zz\", which is not in the file",
            "scores[2].bid",
        ),
    ];
    for (v, message, path) in cases {
        let text = serde_json::to_string_pretty(&v).unwrap();
        let err = load_str(&text).expect_err(message);
        let p = err
            .problems
            .iter()
            .find(|p| p.to_string().contains(message))
            .unwrap_or_else(|| panic!("{message}: got {err}"));
        assert_eq!(p.path, path);
        let (line, _) = p.line.unwrap_or_else(|| panic!("{message}: no line"));
        // The line is the one that holds the entry.
        let held = text.lines().nth(line - 1).unwrap();
        assert!(
            held.contains(path.rsplit('.').next().unwrap().split('[').next().unwrap())
                || held.contains('"'),
            "{message}: line {line} is {held:?}"
        );
    }
}

#[test]
fn a_problem_in_a_lot_is_named_by_its_place_in_the_file() {
    // Weights of lot 2's own tree add up to 90: named in lots[1].criteria.
    let mut v = two_lots(None);
    v["lots"][1]["criteria"][0]["weight"] = json!("60");
    let err = load_str(&serde_json::to_string_pretty(&v).unwrap()).unwrap_err();
    assert!(
        err.problems
            .iter()
            .any(|p| p.path.starts_with("lots[1].criteria") && p.message.contains("add up to 90")),
        "{err}"
    );
    // A score out of scale for bid m2 (the 4th bid, the 4th score) is named at scores[3].
    let mut v = two_lots(None);
    v["scores"][3]["score"] = json!("7");
    let err = load_str(&serde_json::to_string_pretty(&v).unwrap()).unwrap_err();
    assert!(
        err.problems.iter().any(|p| p.path.starts_with("scores[3]")),
        "{err}"
    );
}

#[test]
fn an_approval_names_the_result_and_goes_stale_when_anything_changes() {
    let mut v = two_lots(Some(1));
    let e = open(&v);
    // The digest of the result exported before approval is the one the approval names.
    let before = result_digest(&e);
    assert_eq!(approval_digest(&e), before);
    v["workflow"] = json!({ "approvals": [
        { "lot": "l1", "bid": "k1", "decision": "approved", "approver": "Sam Lee",
          "role": "Commercial lead", "date": "2026-11-30", "result": before, "audit_length": 0 } ] });
    let approved = open(&v);
    assert_eq!(approval_digest(&approved), before);
    let checked = verify(&result_file(&approved)).unwrap();
    assert!(checked.holds() && !checked.stale());
    assert!(checked.approvals[0].text.contains("holds"));
    // One score changes, with its audit entry: the approval is stale, and says what changed.
    v["scores"][1]["score"] = json!("2");
    v["workflow"]["audit"] = json!([{ "at": "2026-12-01T09:00:00.000Z", "who": "One",
        "what": "One scored Moss Ltd on \"Quality\"", "before": "3", "after": "2" }]);
    let changed = open(&v);
    let checked = verify(&result_file(&changed)).unwrap();
    assert!(checked.holds(), "the figures still verify");
    assert!(checked.stale());
    let text = &checked.approvals[0].text;
    assert!(text.contains("is stale"), "{text}");
    assert!(
        text.contains("One scored Moss Ltd on \"Quality\" at 2026-12-01T09:00:00.000Z (3 → 2)"),
        "{text}"
    );
}

#[test]
fn approvals_are_checked_for_what_they_must_say() {
    let mut v = two_lots(None);
    v["workflow"] = json!({ "approvals": [
        { "lot": "l1", "bid": "k2", "decision": "returned", "approver": "", "role": "Lead",
          "date": "2026-02-30", "result": "abc" } ] });
    let err = load_str(&v.to_string()).unwrap_err().to_string();
    for expected in [
        "recommends bid \"k2\", which is not in lot \"l1\"",
        "has no approver",
        "write the date as YYYY-MM-DD",
        "returns the recommendation without a reason",
        "is not a SHA-256 digest",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
}

#[test]
fn each_lot_scores_exactly_as_its_bids_would_as_a_file_without_lots() {
    // The lotted sample and the two lots above: every lot's results are those of a
    // version 1 file holding the lot's tree, bids, scores, consensus and checks.
    let sample = std::fs::read_to_string("samples/dos-lotted-outcomes.json").unwrap();
    for e in [load_str(&sample).unwrap(), open(&two_lots(Some(1)))] {
        let l = score_lots(&e);
        for (i, lot) in l.lots.iter().enumerate() {
            let mut v = bidmark::model::lots::view(&e, i).evaluation;
            v.view_of = None;
            for b in &mut v.bids {
                b.lot = None;
            }
            for ev in &mut v.evaluators {
                if let Some(a) = &mut ev.assignment {
                    // A lot assignment, said the version 1 way: this lot, or nothing in it.
                    if !a.lots.is_empty() && !a.lots.contains(&e.lots[i].id) {
                        a.criteria = vec!["__none__".into()];
                    }
                    a.lots.clear();
                }
            }
            v.workflow.approvals.clear();
            // Read back without the rules, which would refuse "__none__" by name.
            let alone: bidmark::Evaluation = serde_json::from_str(&v.to_json()).unwrap();
            assert_eq!(score(&alone), lot.results, "lot {}", e.lots[i].id);
        }
    }
}

#[test]
fn a_lot_passed_on_under_the_award_limit_is_recommended_and_summarised_as_awarded() {
    // The lotted sample: Wrenfold tops both lots; with a limit of 1, Lot 2 goes to
    // Harbourline. The report's Lot 2 recommendation and both suppliers' Lot 2 summaries
    // say so, not that the first-ranked bid is the most advantageous tender.
    let e =
        load_str(&std::fs::read_to_string("samples/dos-lotted-outcomes.json").unwrap()).unwrap();
    let l = score_lots(&e);
    let report = bidmark::award::report::lotted_report(&e, &l, "digest");
    assert!(report.contains("Lot 2: Alpha and beta goes to Harbourline Digital Ltd, the highest-ranked bid whose supplier may still win."));
    let wrenfold = bidmark::award::report::lotted_summary(&e, &l, "l2-wrenfold").unwrap();
    assert!(
        wrenfold.contains("The tender awarded this lot: Harbourline Digital Ltd"),
        "{wrenfold}"
    );
    let harbourline = bidmark::award::report::lotted_summary(&e, &l, "l2-harbourline").unwrap();
    assert!(harbourline.contains("Your tender is awarded this lot."));
    // Lot 1 is as ever: Wrenfold ranked first is the most advantageous tender.
    let lot1 = bidmark::award::report::lotted_summary(&e, &l, "l1-wrenfold").unwrap();
    assert!(
        lot1.contains("Your tender is the most advantageous tender."),
        "{lot1}"
    );
}

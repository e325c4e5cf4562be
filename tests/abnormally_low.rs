//! Abnormally low bids: the published rules buyers state, each with a worked example
//! and its source named, scored by both engines (the grid and the reference) and checked
//! by the independent oracle of the fuzz targets. A flag never excludes a bid; only a
//! recorded rejection (with a reason) does, and then the bids are ranked again.

use bidmark::scoring::{reference, Exclusion, Results};
use bidmark::{load_str, score};
use serde_json::{json, Value};

/// One price criterion (lowest over bid, weight 40) and one scored criterion (weight 60)
/// on which every bid gets 3 of 3, so each total is 60 plus the price points.
fn priced(rule: Value, prices: &[(&str, &str)]) -> Value {
    json!({
        "format": "bidmark/evaluation", "version": 1, "title": "Low price test",
        "criteria": [
            { "id": "q", "name": "Quality", "kind": "scored", "weight": "60" },
            { "id": "price", "name": "Price", "kind": "price", "weight": "40", "method": "lowest_over_bid" }
        ],
        "abnormally_low": rule,
        "bids": prices.iter().map(|(id, price)| json!({ "id": id, "supplier": format!("{id} Ltd"), "price": price })).collect::<Vec<_>>(),
        "evaluators": [ { "id": "e", "name": "E" } ],
        "scores": prices.iter().map(|(id, _)| json!({ "evaluator": "e", "bid": id, "criterion": "q", "score": "3" })).collect::<Vec<_>>()
    })
}

/// Scores with both engines, checks that they agree (standing, flags, outcomes) and pass
/// the oracle; returns the grid's results.
fn both(v: &Value) -> Results {
    let e = load_str(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let grid = score(&e);
    let reference = reference::score(&e);
    let standing = |r: &Results| -> Vec<String> {
        r.bids
            .iter()
            .map(|b| {
                format!(
                    "{} {:?} {:?} {:?} {:?} {:?} {:?}",
                    b.bid,
                    b.rank,
                    b.total,
                    b.price_points,
                    b.reasons,
                    b.abnormally_low,
                    b.investigation
                )
            })
            .collect()
    };
    assert_eq!(
        standing(&grid),
        standing(&reference),
        "the engines disagree"
    );
    assert_eq!(grid.lowest_price, reference.lowest_price);
    bidmark::fuzzing::check_results(&e, &grid);
    grid
}

fn flagged(r: &Results) -> Vec<&str> {
    let mut out: Vec<&str> = r
        .bids
        .iter()
        .filter(|b| b.abnormally_low.is_some())
        .map(|b| b.bid.as_str())
        .collect();
    out.sort();
    out
}

fn bid<'a>(r: &'a Results, id: &str) -> &'a bidmark::scoring::BidResult {
    r.bids.iter().find(|b| b.bid == id).unwrap()
}

fn with_outcome(mut v: Value, outcome: Value) -> Value {
    v["workflow"] = json!({ "investigations": [outcome] });
    v
}

#[test]
fn tendios_mean_drop_plus_ten_points() {
    // Source: Tendios, "Abnormally Low Tenders: Calculate and Justify Your Bid"
    // (tendios.com/en/blog/abnormally-low-tenders-calculate-and-justify-your-bid).
    // Offers 100,000, 90,000 and 85,000 against a price of 100,000: drops 0 %, 10 % and
    // 15 %; their mean is 8.33 %; the typical rule, "10 percentage points below the
    // arithmetic mean", puts the threshold at a drop of 18.33 %.
    // In prices: mean 91,666.67; threshold 91,666.67 − 10 % × 100,000 = 81,666.67.
    // No offer drops more than 18.33 % (85,000 is 15 %): none is flagged.
    let rule = json!({ "below_percent": "10", "of": "mean", "reference_price": "100000" });
    let r = both(&priced(
        rule.clone(),
        &[("a", "100000"), ("b", "90000"), ("c", "85000")],
    ));
    assert!(flagged(&r).is_empty());
    // Hand-worked, a fourth offer at 70,000 (a 30 % drop): drops 0, 10, 15 and 30 %,
    // mean 13.75 %, threshold 23.75 %. In prices: mean (100,000 + 90,000 + 85,000 +
    // 70,000) / 4 = 86,250; 86,250 − 10,000 = 76,250 (a drop of 23.75 %).
    // 70,000 < 76,250: flagged; 85,000 is not.
    let r = both(&priced(
        rule,
        &[
            ("a", "100000"),
            ("b", "90000"),
            ("c", "85000"),
            ("d", "70000"),
        ],
    ));
    assert_eq!(flagged(&r), vec!["d"]);
    let d = bid(&r, "d").abnormally_low.clone().unwrap();
    assert_eq!(d.base.to_string(), "86250");
    assert_eq!(d.threshold.to_string(), "76250");
    // 70,000 is (86,250 − 70,000) / 86,250 = 18.84 % below the mean.
    assert_eq!(bidmark::scoring::round::fmt(d.percent_below, 2), "18.84");
    // Flagged only: still ranked first (lowest price, whole price weight).
    assert_eq!(bid(&r, "d").rank, Some(1));
    assert!(bid(&r, "d").reasons.is_empty());
}

#[test]
fn scottish_median_rule_with_a_proximity_margin() {
    // Source: Scottish Government, Construction Procurement Handbook, chapter 8 and
    // glossary (gov.scot/publications/construction-procurement-handbook/pages/10/): a
    // tender is abnormally low when it is "more than 15 % lower than the median price"
    // and more than 1 % lower than the lowest other qualifying price. The handbook gives
    // no figures; hand-worked:
    //   tenders 1,000,000; 950,000; 900,000; 880,000; 700,000 — median 900,000;
    //   threshold 900,000 × (100 − 15) / 100 = 765,000: only 700,000 is below it;
    //   lowest other price 880,000; 880,000 × 99 % = 871,200; 700,000 is below: flagged.
    let rule = json!({ "below_percent": "15", "of": "median", "below_lowest_other_percent": "1" });
    let prices = [
        ("a", "1000000"),
        ("b", "950000"),
        ("c", "900000"),
        ("d", "880000"),
        ("e", "700000"),
    ];
    let r = both(&priced(rule.clone(), &prices));
    assert_eq!(flagged(&r), vec!["e"]);
    let e = bid(&r, "e").abnormally_low.clone().unwrap();
    assert_eq!(e.base.to_string(), "900000");
    assert_eq!(e.threshold.to_string(), "765000");
    assert_eq!(
        e.lowest_other.map(|p| p.to_string()).as_deref(),
        Some("880000")
    );
    // Two low tenders close together: 700,000 and 695,000 are both more than 15 % below
    // the median (900,000 of 1,000,000; 980,000; 900,000; 700,000; 695,000), but neither
    // is more than 1 % below the other (700,000 × 99 % = 693,000 ≤ 695,000): no flag.
    let close = both(&priced(
        rule.clone(),
        &[
            ("a", "1000000"),
            ("b", "980000"),
            ("c", "900000"),
            ("d", "700000"),
            ("e", "695000"),
        ],
    ));
    assert!(flagged(&close).is_empty());

    // The buyer asks e to explain, and rejects the explanation: e is excluded and the
    // bids are ranked again. Before: e first (lowest price, 40.00 price points). After:
    // the lowest price is 880,000, d first with 100.00; c gets 880,000 / 900,000 × 40 =
    // 39.11, so 99.11.
    let rejected = both(&with_outcome(
        priced(rule.clone(), &prices),
        json!({ "bid": "e", "outcome": "rejected", "reason": "Labour costs below the statutory minimum wage", "by": "Morag Reid", "date": "2026-11-30" }),
    ));
    assert_eq!(bid(&r, "e").rank, Some(1));
    let e = bid(&rejected, "e");
    assert_eq!(e.rank, None);
    assert_eq!(e.reasons.len(), 1);
    assert!(
        matches!(&e.reasons[0], Exclusion::AbnormallyLow { reason, .. } if reason.contains("minimum wage"))
    );
    assert_eq!(e.reasons[0].code(), "abnormally_low");
    assert_eq!(
        e.reasons[0].to_string(),
        "Rejected as abnormally low: the price 700000 is below 765000, and the supplier's explanation was not accepted: Labour costs below the statutory minimum wage"
    );
    assert!(
        e.abnormally_low.is_some(),
        "the flag stays beside the rejection"
    );
    assert_eq!(rejected.lowest_price.unwrap().to_string(), "880000");
    assert_eq!(bid(&rejected, "d").rank, Some(1));
    assert_eq!(bid(&rejected, "d").total.unwrap().to_string(), "100.00");
    assert_eq!(bid(&rejected, "c").total.unwrap().to_string(), "99.11");

    // Accepted: the bid stays in, ranked as before, the flag and outcome shown.
    let accepted = both(&with_outcome(
        priced(rule.clone(), &prices),
        json!({ "bid": "e", "outcome": "accepted", "reason": "A lower-cost delivery model, evidenced", "by": "Morag Reid", "date": "2026-11-30" }),
    ));
    assert_eq!(bid(&accepted, "e").rank, Some(1));
    assert!(bid(&accepted, "e").investigation.is_some());

    // A rejection recorded for a bid the rule does not flag is kept and changes nothing.
    let unflagged = both(&with_outcome(
        priced(rule, &prices),
        json!({ "bid": "d", "outcome": "rejected", "reason": "Mistaken entry", "by": "Morag Reid", "date": "2026-11-30" }),
    ));
    assert_eq!(bid(&unflagged, "d").rank, Some(2));
    assert!(bid(&unflagged, "d").reasons.is_empty());
    assert!(bid(&unflagged, "d").investigation.is_some());
}

#[test]
fn kosovo_average_second_lowest_and_three_tenders() {
    // Source: Kosovo Public Procurement Regulatory Commission rules: a tender more than
    // 30 % below the average of the responsive tenders AND more than 10 % below the
    // second-lowest, with at least 3 tenders. Hand-worked:
    //   tenders 500,000; 480,000; 460,000; 300,000 — average 1,740,000 / 4 = 435,000;
    //   threshold 435,000 × 70 % = 304,500: 300,000 is below;
    //   second lowest 460,000 × 90 % = 414,000: 300,000 is below: flagged.
    let rule = json!({ "below_percent": "30", "of": "mean", "below_lowest_other_percent": "10", "min_bids": 3 });
    let r = both(&priced(
        rule.clone(),
        &[
            ("a", "500000"),
            ("b", "480000"),
            ("c", "460000"),
            ("d", "300000"),
        ],
    ));
    assert_eq!(flagged(&r), vec!["d"]);
    assert_eq!(
        bid(&r, "d")
            .abnormally_low
            .as_ref()
            .unwrap()
            .threshold
            .to_string(),
        "304500"
    );
    // Two tenders only: 200,000 is 42.9 % below the average of 350,000 and 60 % below
    // the other, but the rule needs 3 tenders: no flag.
    let two = both(&priced(rule, &[("a", "500000"), ("b", "200000")]));
    assert!(flagged(&two).is_empty());
}

#[test]
fn adjusted_mean_leaves_out_the_highest_tender() {
    // Source: the older Scottish Government construction guidance: "the adjusted average
    // price … excluding the highest tender price". Hand-worked, 15 % below:
    //   tenders 2,000,000; 1,000,000; 950,000; 800,000.
    //   Without the highest: (1,000,000 + 950,000 + 800,000) / 3 = 916,666.67;
    //   threshold 916,666.67 × 85 % = 779,166.67: 800,000 is not below — no flag.
    //   With the plain mean, 4,750,000 / 4 = 1,187,500, threshold 1,009,375, and all
    //   three lower tenders would be flagged: one outlier drags the mean up.
    let prices = [
        ("a", "2000000"),
        ("b", "1000000"),
        ("c", "950000"),
        ("d", "800000"),
    ];
    let adjusted = both(&priced(
        json!({ "below_percent": "15", "of": "mean_without_highest" }),
        &prices,
    ));
    assert!(flagged(&adjusted).is_empty());
    let plain = both(&priced(
        json!({ "below_percent": "15", "of": "mean" }),
        &prices,
    ));
    assert_eq!(flagged(&plain), vec!["b", "c", "d"]);
    assert_eq!(
        bid(&plain, "b")
            .abnormally_low
            .as_ref()
            .unwrap()
            .threshold
            .to_string(),
        "1009375"
    );
}

#[test]
fn a_price_exactly_on_the_threshold_is_not_flagged_and_exclusions_come_first() {
    // "More than N % lower": a price exactly on the threshold is not flagged. Hand-worked
    // with a mean that does not terminate: prices 1, 1 and 0.5, mean 2.5 / 3 = 0.8333…;
    // 40 % below it is exactly 0.8333… × 60 / 100 = 0.5. So 0.5 is not flagged, though a
    // threshold rounded up at its 28th digit would flag it.
    let r = both(&priced(
        json!({ "below_percent": "40", "of": "mean" }),
        &[("a", "1"), ("b", "1"), ("c", "0.5")],
    ));
    assert!(flagged(&r).is_empty());
    // A bid excluded for another reason (above the budget) takes no part: with d at
    // 10,000,000 excluded, the mean of a, b, c is 0.8333…, as above.
    let mut v = priced(
        json!({ "below_percent": "40", "of": "mean" }),
        &[("a", "1"), ("b", "1"), ("c", "0.5"), ("d", "10000000")],
    );
    v["criteria"][1]["budget"] = json!("100");
    let r = both(&v);
    assert!(flagged(&r).is_empty());
    assert_eq!(bid(&r, "d").reasons[0].code(), "budget");
}

#[test]
fn wrong_rules_and_outcomes_are_refused_with_the_place_named() {
    let prices = [("a", "100"), ("b", "50")];
    let cases: Vec<(Value, &str)> = vec![
        (
            priced(json!({ "below_percent": "fifteen", "of": "mean" }), &prices),
            "Abnormally low › below percent: \"fifteen\" is not a plain decimal number",
        ),
        (
            priced(json!({ "below_percent": 15, "of": "mean" }), &prices),
            "Abnormally low › below percent: is the JSON number 15; write it as a decimal string",
        ),
        (
            priced(json!({ "below_percent": "150", "of": "mean" }), &prices),
            "is 150; use a percentage more than 0 and less than 100",
        ),
        (
            priced(json!({ "below_percent": "0", "of": "mean" }), &prices),
            "is 0; use a percentage more than 0 and less than 100",
        ),
        (
            priced(json!({ "below_percent": "15", "of": "mode" }), &prices),
            "mode",
        ),
        (
            priced(
                json!({ "below_percent": "15", "of": "median", "below_lowest_other_percent": "-1" }),
                &prices,
            ),
            "is -1; use a percentage from 0 to less than 100",
        ),
        (
            priced(
                json!({ "below_percent": "15", "of": "mean", "min_bids": 1 }),
                &prices,
            ),
            "is 1; comparing prices needs at least 2 bids",
        ),
        (
            priced(
                json!({ "below_percent": "15", "of": "mean", "reference_price": "0" }),
                &prices,
            ),
            "the budget or estimated price must be more than 0",
        ),
        (
            with_outcome(
                priced(json!({ "below_percent": "15", "of": "mean" }), &prices),
                json!({ "bid": "zz", "outcome": "rejected", "reason": "x", "by": "M", "date": "2026-11-30" }),
            ),
            "records an outcome for bid \"zz\", which is not in the evaluation",
        ),
        (
            with_outcome(
                priced(json!({ "below_percent": "15", "of": "mean" }), &prices),
                json!({ "bid": "b", "outcome": "rejected", "reason": " ", "by": "M", "date": "2026-11-30" }),
            ),
            "rejects the bid as abnormally low without a reason",
        ),
        (
            with_outcome(
                priced(json!({ "below_percent": "15", "of": "mean" }), &prices),
                json!({ "bid": "b", "outcome": "accepted", "by": "M", "date": "30/11/2026" }),
            ),
            "is \"30/11/2026\"; write the date as YYYY-MM-DD",
        ),
    ];
    for (v, expected) in cases {
        let text = serde_json::to_string_pretty(&v).unwrap();
        let err = load_str(&text).expect_err(expected).to_string();
        assert!(err.contains(expected), "{expected}: {err}");
        assert!(err.contains("line"), "{err}");
    }
    // Where: the message names the place in the file.
    let v = with_outcome(
        priced(json!({ "below_percent": "15", "of": "mean" }), &prices),
        json!({ "bid": "b", "outcome": "rejected", "by": "M", "date": "2026-11-30" }),
    );
    let err = load_str(&v.to_string()).unwrap_err().to_string();
    assert!(
        err.contains("workflow.investigations[0].reason") || err.contains("Investigation 1"),
        "{err}"
    );
}

#[test]
fn each_lot_is_compared_on_its_own() {
    // The rule applies within each lot: lot 1's cheap bid is not compared with lot 2's
    // dear ones. Lot 1: 100, 95, 50 — mean 81.67, 15 % below 69.42: 50 flagged.
    // Lot 2: 1,000 and 900 — mean 950, threshold 807.5: none flagged. Across both lots
    // the mean would be 429, and 100 and 95 would be flagged too.
    let mut v = priced(
        json!({ "below_percent": "15", "of": "mean" }),
        &[
            ("a", "100"),
            ("b", "95"),
            ("c", "50"),
            ("d", "1000"),
            ("e", "900"),
        ],
    );
    v["lots"] = json!([{ "id": "l1", "name": "Lot 1" }, { "id": "l2", "name": "Lot 2" }]);
    for (i, lot) in ["l1", "l1", "l1", "l2", "l2"].iter().enumerate() {
        v["bids"][i]["lot"] = json!(lot);
    }
    let e = load_str(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let lotted = bidmark::scoring::lots::score_lots(&e);
    let mut flags: Vec<String> = Vec::new();
    for lot in &lotted.lots {
        for b in &lot.results.bids {
            if b.abnormally_low.is_some() {
                flags.push(b.bid.clone());
            }
        }
    }
    assert_eq!(flags, vec!["c".to_string()]);
}

#[test]
fn the_fuzz_generator_draws_the_rule_and_outcomes_and_both_engines_pass_the_oracle() {
    // Pseudo-random inputs (a fixed xorshift), through the scoring fuzz target: every
    // generated evaluation is scored by the grid and the reference, compared, and
    // checked by the oracle. Some must carry the rule, a flag and a rejection, or this
    // test would prove nothing about them.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let (mut ruled, mut flags, mut rejections) = (0, 0, 0);
    for _ in 0..800 {
        let bytes: Vec<u8> = (0..400)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        bidmark::fuzzing::scoring(&bytes);
        let e = bidmark::fuzzing::generate(&mut bidmark::fuzzing::Input::new(&bytes));
        if e.abnormally_low.is_some() && bidmark::model::validate(&e).is_empty() {
            ruled += 1;
            let r = score(&e);
            flags += r.bids.iter().filter(|b| b.abnormally_low.is_some()).count();
            rejections += r
                .bids
                .iter()
                .filter(|b| b.reasons.iter().any(|x| x.code() == "abnormally_low"))
                .count();
        }
    }
    assert!(
        ruled > 30 && flags > 5 && rejections > 1,
        "{ruled} {flags} {rejections}"
    );
}

/// The Scottish example with e rejected, as a file.
fn rejected_file() -> bidmark::Evaluation {
    let mut v = with_outcome(
        priced(
            json!({ "below_percent": "15", "of": "median", "below_lowest_other_percent": "1" }),
            &[
                ("a", "1000000"),
                ("b", "950000"),
                ("c", "900000"),
                ("d", "880000"),
                ("e", "700000"),
            ],
        ),
        json!({ "bid": "e", "outcome": "rejected", "reason": "Labour costs below the statutory minimum wage", "by": "Morag Reid", "date": "2026-11-30" }),
    );
    v["currency"] = json!("GBP");
    load_str(&v.to_string()).unwrap()
}

#[test]
fn flags_and_outcomes_reach_every_output() {
    let e = rejected_file();
    let r = score(&e);
    let reason = "Labour costs below the statutory minimum wage";

    // bidmark score --json: the reason in the excluded bid's reasons, and the flag.
    let json: Value = serde_json::from_str(&bidmark::standings::to_json(&r)).unwrap();
    let last = json["results"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["bid"], "e");
    assert_eq!(last["rank"], Value::Null);
    assert!(last["reasons"][0].as_str().unwrap().contains(reason));
    assert_eq!(last["abnormally_low"]["outcome"], "rejected");
    assert_eq!(last["abnormally_low"]["threshold"], "765000.00");
    assert_eq!(
        last["abnormally_low"]["status"],
        "Rejected as abnormally low"
    );
    // The other bids carry no such member (the contract's rows are unchanged for them).
    assert!(json["results"][0].get("abnormally_low").is_none());

    // bidmark score: the table's notes.
    let table = bidmark::standings::table(&e, &r);
    assert!(
        table.contains("e Ltd is excluded: Rejected as abnormally low"),
        "{table}"
    );
    assert!(table.contains("Price £700,000 is 22.22 % below the median price of the 5 bids compared (£900,000); the rule flags prices below £765,000"), "{table}");

    // The result file: the flag and the outcome, and verify accepts it.
    let file = bidmark::award::result::result_file(&e);
    assert!(file.contains("\"abnormally_low\""));
    assert!(file.contains(reason));
    assert!(bidmark::award::result::verify(&file).is_ok());

    // CSV: an "Abnormally low" column.
    let csv = bidmark::export::csv::results(&e, &r);
    let header = csv.lines().next().unwrap();
    assert!(header.contains("Abnormally low"), "{header}");
    assert!(csv.contains(reason));
    assert!(csv.contains("Rejected as abnormally low"));

    // XLSX: the same table in the Summary sheet.
    {
        use calamine::{Data, Reader, Xlsx};
        let bytes = bidmark::export::xlsx::workbook(&e, &r).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let summary = book.worksheet_range("Summary").unwrap();
        let header: Vec<String> = summary
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let column = header
            .iter()
            .position(|h| h == "Abnormally low")
            .expect("the column");
        let last = summary.rows().next_back().unwrap();
        assert!(
            matches!(&last[column], Data::String(t) if t.contains(reason)),
            "{:?}",
            last[column]
        );
    }

    // The award report: the rule, the flagged bid and why it was rejected.
    let full = bidmark::scoring::score(&e);
    let report = bidmark::award::report::award_report(&e, &full, "digest");
    assert!(report.contains("<h2>Abnormally low prices</h2>"));
    assert!(report.contains("A price more than 15 % below the median price"));
    assert!(report.contains(reason));
    // The supplier's assessment summary: rejected as abnormally low, and why.
    let summary = bidmark::award::report::assessment_summary(&e, &full, "e").unwrap();
    assert!(summary.contains("Your tender was excluded"));
    assert!(summary.contains("your tender was rejected as abnormally low. Reason: Labour costs below the statutory minimum wage"), "{summary}");
    // Another supplier's summary says nothing of it.
    let other = bidmark::award::report::assessment_summary(&e, &full, "a").unwrap();
    assert!(!other.contains("Your price was flagged"));
}

#[test]
fn files_without_the_rule_export_as_before() {
    // No rule, no outcome: no column, no member, no section.
    let v = priced(json!(null), &[("a", "100"), ("b", "50")]);
    let mut v = v;
    v.as_object_mut().unwrap().remove("abnormally_low");
    let e = load_str(&v.to_string()).unwrap();
    let r = score(&e);
    assert!(!bidmark::export::csv::results(&e, &r).contains("Abnormally low"));
    assert!(!bidmark::standings::to_json(&r).contains("abnormally_low"));
    assert!(!bidmark::award::result::result_file(&e).contains("abnormally_low"));
    let report = bidmark::award::report::award_report(&e, &r, "d");
    assert!(
        !report.contains("Abnormally low"),
        "{}",
        &report[report
            .find("Abnormally low")
            .unwrap_or(0)
            .saturating_sub(300)..]
    );
}

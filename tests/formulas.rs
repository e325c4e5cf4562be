//! The price formulas buyers publish, each with a worked example: the source of the
//! rule named, every step shown. Each example is scored by both engines (the grid and
//! the reference) and checked by the independent oracle of the fuzz targets.

use bidmark::scoring::{reference, Detail, Exclusion, Results};
use bidmark::{load_str, score};
use serde_json::{json, Value};

/// One price criterion (weight 40) and one scored criterion (weight 60), one evaluator
/// who gives every bid 3 of 3 (so quality is 60.00 for everyone): the totals are 60 plus
/// the price points. `price` is merged into the price criterion.
fn priced(price: Value, prices: &[(&str, &str)]) -> Value {
    let mut p = json!({ "id": "price", "name": "Price", "kind": "price", "weight": "40" });
    for (k, v) in price.as_object().unwrap() {
        p[k] = v.clone();
    }
    json!({
        "format": "bidmark/evaluation", "version": 1, "title": "Formulas",
        "criteria": [ { "id": "q", "name": "Quality", "kind": "scored", "weight": "60" }, p ],
        "bids": prices.iter().map(|(id, price)| json!({ "id": id, "supplier": format!("{id} Ltd"), "price": price })).collect::<Vec<_>>(),
        "evaluators": [ { "id": "e", "name": "E" } ],
        "scores": prices.iter().map(|(id, _)| json!({ "evaluator": "e", "bid": id, "criterion": "q", "score": "3" })).collect::<Vec<_>>()
    })
}

/// Scores with both engines, checks they agree and pass the oracle, returns the grid's.
fn both(v: &Value) -> Results {
    let e = load_str(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let grid = score(&e);
    agree(&grid, &reference::score(&e));
    bidmark::fuzzing::check_results(&e, &grid);
    grid
}

/// The two engines give the same standing: order, ranks, reported figures, reasons,
/// lowest price. (Their exact 28-digit quotients may differ in the last digit.)
fn agree(grid: &Results, reference: &Results) {
    let standing = |r: &Results| -> Vec<String> {
        r.bids
            .iter()
            .map(|b| {
                format!(
                    "{} {:?} {:?} {} {:?} {:?}",
                    b.bid,
                    b.rank,
                    b.total,
                    b.quality,
                    b.price_points,
                    b.reasons.iter().map(|x| x.code()).collect::<Vec<_>>()
                )
            })
            .collect()
    };
    assert_eq!(
        standing(grid),
        standing(reference),
        "the two engines disagree"
    );
    assert_eq!(grid.lowest_price, reference.lowest_price);
}

fn price_points(r: &Results, bid: &str) -> Option<String> {
    let b = r.bids.iter().find(|b| b.bid == bid).unwrap();
    b.price_points.map(|p| p.to_string())
}

#[test]
fn linear_between_the_lowest_and_the_highest_tender() {
    // Rule: Cloudia help centre, "Scoring of price and quality": points = weight ×
    // (highest − price) / (highest − lowest). Hand-worked (the published comparison is an
    // image): weight 40, tenders 100,000, 150,000 and 200,000.
    //   100,000: 40 × (200,000 − 100,000) / (200,000 − 100,000) = 40.00
    //   150,000: 40 × (200,000 − 150,000) / 100,000            = 20.00
    //   200,000: 40 × 0 / 100,000                               =  0.00
    let v = priced(
        json!({ "method": "linear_lowest_highest" }),
        &[("a", "100000"), ("b", "150000"), ("c", "200000")],
    );
    let r = both(&v);
    assert_eq!(price_points(&r, "a").as_deref(), Some("40.00"));
    assert_eq!(price_points(&r, "b").as_deref(), Some("20.00"));
    assert_eq!(price_points(&r, "c").as_deref(), Some("0.00"));
    // Every tender at one price: each gets the whole weight (no division by zero).
    let same = both(&priced(
        json!({ "method": "linear_lowest_highest" }),
        &[("a", "500"), ("b", "500")],
    ));
    assert_eq!(price_points(&same, "b").as_deref(), Some("40.00"));
    // The breakdown says the sum in words.
    let b = r.bids.iter().find(|b| b.bid == "b").unwrap();
    let Detail::Price(cell) = &b.line("price").unwrap().detail else {
        panic!()
    };
    assert_eq!(
        bidmark::text::cell_working(
            cell,
            cell.price.unwrap(),
            40.into(),
            cell.points.unwrap(),
            2,
            Some("GBP")
        ),
        "(£200,000 (highest) − £150,000) ÷ (£200,000 (highest) − £100,000 (lowest)) × 40 = 20.00"
    );
}

#[test]
fn between_buyer_set_bounds() {
    // Rule: Negometrix, "Weighted score method": the whole weight at the lower bound, none
    // at the upper bound, linear between (Market Dojo calls it "pro rata"). Hand-worked:
    // weight 40, bounds 100,000 (full) and 200,000 (zero).
    //    90,000: at or below 100,000            = 40.00
    //   125,000: 40 × (200,000 − 125,000) / (200,000 − 100,000) = 40 × 0.75 = 30.00
    //   150,000: 40 × 50,000 / 100,000         = 20.00
    //   250,000: at or above 200,000           =  0.00
    let v = priced(
        json!({ "method": "between_bounds", "bounds": { "full": "100000", "zero": "200000" } }),
        &[
            ("a", "90000"),
            ("b", "125000"),
            ("c", "150000"),
            ("d", "250000"),
        ],
    );
    let r = both(&v);
    let pts: Vec<_> = ["a", "b", "c", "d"]
        .iter()
        .map(|b| price_points(&r, b).unwrap())
        .collect();
    assert_eq!(pts, ["40.00", "30.00", "20.00", "0.00"]);
}

#[test]
fn a_budget_ceiling_excludes_before_price_points() {
    // Rule: Local Government Procurement (NSW), "Methods of evaluating price in tenders",
    // part 3: "Should any bid exceed the budgeted $ amount, it should be excluded".
    // Hand-worked: budget 130,000; lowest over bid, weight 40.
    //   c at 150,000 is above the budget: excluded, no price points.
    //   The lowest price is taken among a (110,000) and b (120,000): 110,000 — not c's.
    //   a: 110,000 / 110,000 × 40 = 40.00; b: 110,000 / 120,000 × 40 = 36.666… = 36.67.
    let v = priced(
        json!({ "method": "lowest_over_bid", "budget": "130000" }),
        &[("a", "110000"), ("b", "120000"), ("c", "150000")],
    );
    let r = both(&v);
    assert_eq!(r.lowest_price.unwrap().to_string(), "110000");
    assert_eq!(price_points(&r, "a").as_deref(), Some("40.00"));
    assert_eq!(price_points(&r, "b").as_deref(), Some("36.67"));
    let c = r.bids.iter().find(|b| b.bid == "c").unwrap();
    assert_eq!(c.rank, None);
    assert_eq!(
        c.reasons,
        vec![Exclusion::AboveBudget {
            price: 150000.into(),
            budget: 130000.into()
        }]
    );
    assert_eq!(
        c.reasons[0].to_string(),
        "Price 150000 is above the budget of 130000"
    );
    // A budget below every bid: every bid is excluded, each saying so; none is ranked.
    let all = both(&priced(
        json!({ "method": "lowest_over_bid", "budget": "50000" }),
        &[("a", "110000"), ("b", "120000")],
    ));
    assert!(all
        .bids
        .iter()
        .all(|b| b.rank.is_none() && b.reasons.iter().any(|x| x.code() == "budget")));
    assert_eq!(all.lowest_price, None);
}

#[test]
fn the_logarithmic_formula_without_its_floor() {
    // Negometrix publishes the logarithmic formula without a floor: a bid above A times
    // the lowest price gets negative points. Hand-worked, A = 2, weight 40, lowest 100:
    //   400 (4 × lowest): 40 × (1 − ln 4 / ln 2) = 40 × (1 − 2) = −40.00
    //   with the floor (Bidmark's default): 0.00
    let floored = both(&priced(
        json!({ "method": "logarithmic", "log_base": "2" }),
        &[("a", "100"), ("b", "400")],
    ));
    assert_eq!(price_points(&floored, "b").as_deref(), Some("0.00"));
    let e = load_str(
        &priced(
            json!({ "method": "logarithmic", "log_base": "2", "log_floor": false }),
            &[("a", "100"), ("b", "400")],
        )
        .to_string(),
    )
    .unwrap();
    let r = score(&e);
    agree(&r, &reference::score(&e));
    assert_eq!(price_points(&r, "b").as_deref(), Some("-40.00"));
    // The total is 60 − 40 = 20.00.
    assert_eq!(
        r.bids
            .iter()
            .find(|b| b.bid == "b")
            .unwrap()
            .total
            .unwrap()
            .to_string(),
        "20.00"
    );
}

#[test]
fn wrong_parameters_are_refused_with_the_criterion_named() {
    let cases: Vec<(Value, &str)> = vec![
        (json!({ "method": "between_bounds" }), "has no \"bounds\""),
        (
            json!({ "method": "between_bounds", "bounds": { "full": "200000", "zero": "100000" } }),
            "has bounds the wrong way round: full 200000 and zero 100000",
        ),
        (
            json!({ "method": "lowest_over_bid", "bounds": { "full": "1", "zero": "2" } }),
            "does not use the between-bounds price formula: remove \"bounds\"",
        ),
        (
            json!({ "method": "lowest_over_bid", "budget": "0" }),
            "has budget 0. A budget must be more than zero.",
        ),
        (
            json!({ "method": "lowest_over_bid", "log_floor": false }),
            "does not use the logarithmic price formula: remove \"log_floor\"",
        ),
        (
            json!({ "method": "lowest_over_bid", "budget": 5 }),
            "budget",
        ),
    ];
    for (price, expected) in cases {
        let text = serde_json::to_string_pretty(&priced(price, &[("a", "100")])).unwrap();
        let err = load_str(&text).expect_err(expected).to_string();
        assert!(err.contains(expected), "{expected}: {err}");
        assert!(err.contains("line"), "{err}");
    }
}

#[test]
fn files_with_the_first_three_formulas_keep_scoring_as_before() {
    // The samples use lowest over bid and linear to the lowest: their figures are those
    // of tests/expected (checked in tests/samples.rs); here, both engines still agree.
    for sample in ["dos-outcomes", "gcloud-call-off", "negotiated-80-20"] {
        let e =
            load_str(&std::fs::read_to_string(format!("samples/{sample}.json")).unwrap()).unwrap();
        agree(&score(&e), &reference::score(&e));
    }
}

/// Quality only (one criterion, weight 100, a 0–100 scale), each bid's price alongside;
/// `scores` gives each bid's quality points directly.
fn ranked(ranking: Value, bids: &[(&str, &str, &str)]) -> Value {
    json!({
        "format": "bidmark/evaluation", "version": 1, "title": "Ranking", "currency": "EUR",
        "scale": { "min": "0", "max": "100" },
        "criteria": [ { "id": "q", "name": "Quality", "kind": "scored", "weight": "100" } ],
        "ranking": ranking,
        "bids": bids.iter().map(|(id, price, _)| json!({ "id": id, "supplier": format!("{id} BV"), "price": price })).collect::<Vec<_>>(),
        "evaluators": [ { "id": "e", "name": "E" } ],
        "scores": bids.iter().map(|(id, _, q)| json!({ "evaluator": "e", "bid": id, "criterion": "q", "score": q })).collect::<Vec<_>>()
    })
}

fn order(r: &Results) -> Vec<(String, Option<u32>, Option<String>)> {
    r.bids
        .iter()
        .map(|b| {
            (
                b.bid.clone(),
                b.rank,
                b.ranked_on.map(|v| bidmark::scoring::round::fmt(v, 2)),
            )
        })
        .collect()
}

#[test]
fn award_on_value_reproduces_the_negometrix_example() {
    // Negometrix, "Award on value": a bid of €80,000; a criterion worth €2,500 judged
    // "partially satisfactory" (60 %), so €1,500 comes off: adjusted price €78,500, and the
    // lowest adjusted price wins. Here: quality 60 points of 100, a point worth €25
    // (€2,500 / 100): 80,000 − 60 × 25 = 78,500. A second bid, €79,000 with 20 points:
    // 79,000 − 20 × 25 = 78,500, the same adjusted price: the tie is broken as today, by
    // the higher quality (60 before 20). A third, €70,000 with no quality: 70,000, first.
    let r = both(&ranked(
        json!({ "method": "adjusted_price", "point_value": "25" }),
        &[
            ("a", "80000", "60"),
            ("b", "79000", "20"),
            ("c", "70000", "0"),
        ],
    ));
    assert_eq!(
        order(&r),
        vec![
            ("c".to_string(), Some(1), Some("70000.00".to_string())),
            ("a".to_string(), Some(2), Some("78500.00".to_string())),
            ("b".to_string(), Some(3), Some("78500.00".to_string())),
        ]
    );
    let a = r.bids.iter().find(|b| b.bid == "a").unwrap();
    let e = load_str(
        &ranked(
            json!({ "method": "adjusted_price", "point_value": "25" }),
            &[("a", "80000", "60")],
        )
        .to_string(),
    )
    .unwrap();
    assert_eq!(
        bidmark::text::ranking_working(e.ranking.as_ref().unwrap(), a, 2, Some("EUR")).unwrap(),
        "Quality-adjusted price: €80,000 − 60.00 × €25 = €78,500.00 (lowest ranks first)"
    );
}

#[test]
fn price_per_quality_point_and_value_for_money() {
    // Hand-worked. a: €90,000 for 60 points; b: €100,000 for 80 points; c: €50,000, 0 points.
    //   price per point: a 90,000 / 60 = 1,500.00; b 100,000 / 80 = 1,250.00 (first);
    //   c has no points to divide by: after every bid that has a figure.
    //   value for money: a 60 / 90,000 = 0.000667; b 80 / 100,000 = 0.0008 (first); c 0.
    let bids = [
        ("a", "90000", "60"),
        ("b", "100000", "80"),
        ("c", "50000", "0"),
    ];
    let per_point = both(&ranked(json!({ "method": "price_per_point" }), &bids));
    assert_eq!(
        order(&per_point),
        vec![
            ("b".to_string(), Some(1), Some("1250.00".to_string())),
            ("a".to_string(), Some(2), Some("1500.00".to_string())),
            ("c".to_string(), Some(3), None),
        ]
    );
    let vfm = both(&ranked(json!({ "method": "value_for_money" }), &bids));
    let ids: Vec<_> = vfm.bids.iter().map(|b| (b.bid.as_str(), b.rank)).collect();
    assert_eq!(ids, [("b", Some(1)), ("a", Some(2)), ("c", Some(3))]);
    // Compared at 2 + 6 places, the ratio decides, not the tie-break on quality: a dearer
    // bid with more points but less value (90 points for €150,000 = 0.000600) ranks after
    // one with fewer points and more value (60 for €90,000 = 0.000667).
    let vfm = both(&ranked(
        json!({ "method": "value_for_money" }),
        &[("a", "90000", "60"), ("d", "150000", "90")],
    ));
    let ids: Vec<_> = vfm.bids.iter().map(|b| (b.bid.as_str(), b.rank)).collect();
    assert_eq!(ids, [("a", Some(1)), ("d", Some(2))]);
}

#[test]
fn a_ranking_by_price_against_quality_needs_prices_and_no_price_criterion() {
    let mut v = ranked(json!({ "method": "adjusted_price" }), &[("a", "100", "50")]);
    let err = load_str(&v.to_string()).unwrap_err().to_string();
    assert!(err.contains("gives no \"point_value\""), "{err}");
    v["ranking"] = json!({ "method": "price_per_point" });
    v["bids"][0].as_object_mut().unwrap().remove("price");
    let err = load_str(&v.to_string()).unwrap_err().to_string();
    assert!(err.contains("needs every bid's price"), "{err}");
    let with_price = priced(json!({ "method": "lowest_over_bid" }), &[("a", "100")]);
    let mut w = with_price.clone();
    w["ranking"] = json!({ "method": "value_for_money" });
    let err = load_str(&w.to_string()).unwrap_err().to_string();
    assert!(err.contains("hold no price criterion"), "{err}");
}

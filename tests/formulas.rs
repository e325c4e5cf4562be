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

// Korean price scores. Sources:
// - Negotiated contract (협상에 의한 계약): 기획재정부 계약예규 「협상에 의한 계약체결기준」,
//   the price score of its evaluation table, as transcribed on the Clunix Wiki page
//   "입찰가격평점산식" (revision of 2 December 2013,
//   http://123.215.230.149/wiki/index.php?oldid=1085&title=입찰가격평점산식). The ministry's
//   own text could not be retrieved; that transcription is the text followed.
// - Eligibility review (적격심사): the schedules named at each test.

/// One price criterion of weight `w` beside one scored criterion of weight 100 − `w`
/// (every bid 3 of 3, so quality is 100 − `w` for all).
fn weighted(w: u32, price: Value, prices: &[(&str, &str)]) -> Value {
    let mut v = priced(price, prices);
    v["criteria"][0]["weight"] = json!((100 - w).to_string());
    v["criteria"][1]["weight"] = json!(w.to_string());
    v
}

/// The breakdown's words for a bid's price cell, in won.
fn working(r: &Results, bid: &str, weight: u32, places: u32) -> String {
    let b = r.bids.iter().find(|b| b.bid == bid).unwrap();
    let Detail::Price(cell) = &b.line("price").unwrap().detail else {
        panic!("no price line")
    };
    bidmark::text::cell_working(
        cell,
        cell.price.unwrap(),
        weight.into(),
        cell.points.unwrap(),
        places,
        Some("KRW"),
    )
}

#[test]
fn korean_negotiated_contract_at_or_above_80_percent_of_the_estimated_price() {
    // jinee.net, "입찰 평가 기준과 점수 산정 방법": cap 30, lowest 80,000,000 won, this bid
    // 85,000,000 → 30 × 80,000,000 ÷ 85,000,000 = 28.235… = 28.24. The post gives no
    // estimated price; any at or below 100,000,000 keeps both bids at or above 80 % of it
    // (the branch of the rule the example shows): 100,000,000 here.
    let v = weighted(
        30,
        json!({ "method": "korean_negotiated", "estimated_price": "100000000" }),
        &[("low", "80000000"), ("this", "85000000")],
    );
    let r = both(&v);
    assert_eq!(price_points(&r, "this").as_deref(), Some("28.24"));
    assert_eq!(price_points(&r, "low").as_deref(), Some("30.00"));
    assert_eq!(
        working(&r, "this", 30, 2),
        "₩85,000,000 is at or above 80 % of the estimated price ₩100,000,000 (₩80,000,000): ₩80,000,000 (lowest) ÷ ₩85,000,000 × 30 = 28.24"
    );
}

#[test]
fn korean_negotiated_contract_below_80_percent_hand_worked() {
    // No published example of this branch was found; worked by hand from the rule.
    // Estimated price E = 100,000,000; 0.8E = 80,000,000; 0.6E = 60,000,000; weight 20.
    // Bids: hi 90,000,000; mid 70,000,000; low 50,000,000 (the lowest).
    //   hi  (≥ 0.8E): 20 × 50,000,000 ÷ 90,000,000 = 11.111… = 11.11
    //   mid (< 0.8E): 20 × 50,000,000 ÷ 80,000,000 + 2 × (80,000,000 − 70,000,000)
    //                 ÷ (80,000,000 − 60,000,000) = 12.5 + 1 = 13.50
    //   low (< 0.6E, counted as 60,000,000): 12.5 + 2 × 20,000,000 ÷ 20,000,000 = 14.50
    let bids = [("hi", "90000000"), ("mid", "70000000"), ("low", "50000000")];
    let r = both(&weighted(
        20,
        json!({ "method": "korean_negotiated", "estimated_price": "100000000" }),
        &bids,
    ));
    assert_eq!(price_points(&r, "hi").as_deref(), Some("11.11"));
    assert_eq!(price_points(&r, "mid").as_deref(), Some("13.50"));
    assert_eq!(price_points(&r, "low").as_deref(), Some("14.50"));
    assert_eq!(
        working(&r, "mid", 20, 2),
        "₩70,000,000 is below 80 % of the estimated price ₩100,000,000 (₩80,000,000): ₩50,000,000 (lowest) ÷ ₩80,000,000 × 20 + 2 × (₩80,000,000 − ₩70,000,000) ÷ (₩80,000,000 − ₩60,000,000) = 13.50"
    );
    assert!(working(&r, "low", 20, 2).starts_with(
        "₩50,000,000 is below 60 % of the estimated price ₩100,000,000 and is counted as ₩60,000,000: "
    ));

    // One system's clause: a bid below 60 % scores weight × 60 ÷ 100 = 12.00.
    let fixed = both(&weighted(
        20,
        json!({ "method": "korean_negotiated", "estimated_price": "100000000",
                "negotiated": { "below_60": "sixty_percent_of_weight" } }),
        &bids,
    ));
    assert_eq!(price_points(&fixed, "low").as_deref(), Some("12.00"));
    assert_eq!(price_points(&fixed, "mid").as_deref(), Some("13.50"));

    // The lowest price raised to 0.8E: 80,000,000 stands for it.
    //   hi: 20 × 80 ÷ 90 = 17.78; mid: 20 + 1 = 21.00; low: 20 + 2 = 22.00
    let raised = both(&weighted(
        20,
        json!({ "method": "korean_negotiated", "estimated_price": "100000000",
                "negotiated": { "lowest_raised_to_80": true } }),
        &bids,
    ));
    assert_eq!(price_points(&raised, "hi").as_deref(), Some("17.78"));
    assert_eq!(price_points(&raised, "mid").as_deref(), Some("21.00"));
    assert_eq!(price_points(&raised, "low").as_deref(), Some("22.00"));

    // A reserve price (예정가격) of 90,000,000 replaces E: 0.8 × 90,000,000 = 72,000,000,
    // 0.6 × = 54,000,000.
    //   hi: 20 × 50 ÷ 90 = 11.11; mid: 20 × 50 ÷ 72 + 2 × 2 ÷ 18 = 13.888… + 0.222… = 14.11
    //   low (counted as 54,000,000): 13.888… + 2 = 15.89
    let reserve = both(&weighted(
        20,
        json!({ "method": "korean_negotiated", "estimated_price": "100000000",
                "negotiated": { "reserve_price": "90000000" } }),
        &bids,
    ));
    assert_eq!(price_points(&reserve, "hi").as_deref(), Some("11.11"));
    assert_eq!(price_points(&reserve, "mid").as_deref(), Some("14.11"));
    assert_eq!(price_points(&reserve, "low").as_deref(), Some("15.89"));
    assert!(working(&reserve, "mid", 20, 2).contains("of the reserve price ₩90,000,000"));
}

#[test]
fn eligibility_review_pps_general_services_facility_under_500_million() {
    // 조달청 일반용역 적격심사세부기준 [별표2], facility services under 500 million won,
    // price cap 70, as worked by 인포21c on Naver 지식iN, 22 February 2022
    // (https://kin.naver.com/qna/detail.naver?d1id=4&dirId=40302&docId=412811920):
    //   70 − 5 × |(91/100 − 114,156,413 / 128,226,825) × 100|
    //   114,156,413 / 128,226,825 = 0.89026935… → 0.8903 (rounded half up at the 5th place)
    //   70 − 5 × |0.91 − 0.8903| × 100 = 70 − 5 × 1.97 = 70 − 9.85 = 60.15
    let v = weighted(
        70,
        json!({ "method": "eligibility_review",
                "eligibility": { "reference_price": "128226825", "target": "91", "slope": "5" } }),
        &[("bid", "114156413")],
    );
    let r = both(&v);
    assert_eq!(price_points(&r, "bid").as_deref(), Some("60.15"));
    assert_eq!(
        working(&r, "bid", 70, 2),
        "₩114,156,413 ÷ ₩128,226,825 = 0.8903 (to 4 places); 70 − 5 × |0.91 − 0.8903| × 100 = 60.15"
    );
}

#[test]
fn eligibility_review_mois_works_below_the_lower_limit_is_excluded() {
    // 행정안전부 「지방자치단체 입찰시 낙찰자 결정기준」, works of 1 to 3 billion won
    // <별지 4>: 70 − 4 × |(88/100 − bid / reserve) × 100|, lower limit (낙찰하한율)
    // 86.745 %. Naver 지식iN (https://kin.naver.com/qna/detail.nhn?d1id=4&dirId=40603&docId=378942168):
    // 69,169,310 / 81,896,492 = 84.4594… % — below 86.745 %: excluded.
    // Hand-worked second bid: 72,000,000 / 81,896,492 = 0.879158… → 0.8792;
    //   70 − 4 × |0.88 − 0.8792| × 100 = 70 − 0.32 = 69.68
    let v = weighted(
        70,
        json!({ "method": "eligibility_review",
                "eligibility": { "reference_price": "81896492", "target": "88", "slope": "4",
                                 "lower_limit": "86.745" } }),
        &[("under", "69169310"), ("in", "72000000")],
    );
    let r = both(&v);
    let under = r.bids.iter().find(|b| b.bid == "under").unwrap();
    assert_eq!(under.rank, None);
    assert_eq!(under.price_points, None);
    assert_eq!(under.reasons.len(), 1);
    assert_eq!(under.reasons[0].code(), "lower_limit");
    assert_eq!(
        under.reasons[0].to_string(),
        "Price 69169310 is 84.46 % of the reference price 81896492, below the lower limit of 86.745 %"
    );
    assert_eq!(price_points(&r, "in").as_deref(), Some("69.68"));
    // The results CSV gives the reason as the results do.
    let e = load_str(&v.to_string()).unwrap();
    let csv = bidmark::export::csv::results(&e, &r);
    assert!(csv.contains("below the lower limit of 86.745 %"), "{csv}");
    // The lowest price is taken among the bids still in.
    assert_eq!(r.lowest_price.unwrap().to_string(), "72000000");
}

#[test]
fn eligibility_review_waits_for_the_reserve_price_fixed_at_bid_opening() {
    // The reserve price (예정가격) is drawn only at bid opening: an evaluation set up
    // before it (as the eligibility-review templates are) keeps every bid provisional,
    // says why, gives no price points and applies no lower limit; once it is entered,
    // the same bids score as in the MOIS example above.
    let mut v = weighted(
        70,
        json!({ "method": "eligibility_review",
                "eligibility": { "target": "88", "slope": "4", "lower_limit": "86.745" } }),
        &[("under", "69169310"), ("in", "72000000")],
    );
    let r = both(&v);
    for b in &r.bids {
        assert!(
            b.reasons.is_empty(),
            "no lower limit without the reserve price"
        );
        assert_eq!(
            b.price_points.map(|p| p.to_string()).as_deref(),
            Some("0.00")
        );
        assert_eq!(
            b.pending.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            ["\"Price\" waits for the reserve price (예정가격), fixed at bid opening: enter it to give price points"]
        );
    }
    v["criteria"][1]["eligibility"]["reference_price"] = json!("81896492");
    let r = both(&v);
    assert!(r.bids.iter().all(|b| b.pending.is_empty()));
    assert_eq!(price_points(&r, "in").as_deref(), Some("69.68"));
}

#[test]
fn eligibility_review_rounds_the_ratio_in_decimal_and_keeps_the_band() {
    // bidsys.co.kr tutorial (https://bidsys.co.kr/bidsys_helper/guid0701011.html):
    //   90 − 20 × |(88/100 − bid / reserve) × 100|; the ratio rounded half up at the 5th
    //   decimal; a bid at or below the reserve price and at or above 88.25 % of it scores 85.
    // A ratio of exactly 0.87745 rounds half up to 0.8775:
    //   90 − 20 × |0.88 − 0.8775| × 100 = 90 − 20 × 0.25 = 85.00
    // In binary floating point 0.87745 is 0.877449999…, which rounds to 0.8774 and would
    // give 90 − 20 × 0.26 = 84.80: the trap exact decimals avoid.
    assert_eq!(format!("{:.4}", 87_745f64 / 100_000f64), "0.8774");
    let rule = json!({ "method": "eligibility_review",
        "eligibility": { "reference_price": "100000", "target": "88", "slope": "20", "floor": "2",
                         "band": { "from": "88.25", "to": "100", "points": "85" } } });
    let r = both(&weighted(
        90,
        rule,
        &[("edge", "87745"), ("banded", "90000"), ("far", "60000")],
    ));
    assert_eq!(price_points(&r, "edge").as_deref(), Some("85.00"));
    assert!(working(&r, "edge", 90, 2).starts_with("₩87,745 ÷ ₩100,000 = 0.8775 (to 4 places)"));
    // 0.9 is in the band: 85, where the formula would give 90 − 20 × 2 = 50.
    assert_eq!(price_points(&r, "banded").as_deref(), Some("85.00"));
    assert!(working(&r, "banded", 90, 2).contains("within 88.25 % to 100 %"));
    // 0.6: 90 − 20 × 28 = −470, below the floor of 2 (hand-worked).
    assert_eq!(price_points(&r, "far").as_deref(), Some("2.00"));
    assert!(working(&r, "far", 90, 2).ends_with("= -470, below the floor of 2: 2.00"));
}

#[test]
fn eligibility_review_the_ministry_rounding_ruling() {
    // 회계 41301-1689 (2003-08-20), 적격심사기준 가격 평점 소수점 처리 (as published by
    // sderi.or.kr): a design-services bid under 500 million won, price 50 points:
    //   50 − 3 × |(88/100 − 210,680,000 / 261,358,120) × 100|
    //   210,680,000 / 261,358,120 = 0.8060970135 → 0.8061 (4 places, half up)
    //   |0.88 − 0.8061| × 100 = 7.39; 50 − 3 × 7.39 = 50 − 22.17 = 27.83
    let r = both(&weighted(
        50,
        json!({ "method": "eligibility_review",
                "eligibility": { "reference_price": "261358120", "target": "88", "slope": "3" } }),
        &[("bid", "210680000")],
    ));
    assert_eq!(price_points(&r, "bid").as_deref(), Some("27.83"));
    // Rounded to 3 places instead (one view in the query): 0.806 → 50 − 3 × 7.4 = 27.80.
    let three = both(&weighted(
        50,
        json!({ "method": "eligibility_review",
                "eligibility": { "reference_price": "261358120", "target": "88", "slope": "3",
                                 "ratio_places": 3 } }),
        &[("bid", "210680000")],
    ));
    assert_eq!(price_points(&three, "bid").as_deref(), Some("27.80"));
}

#[test]
fn eligibility_review_with_statutory_costs_taken_out() {
    // Hand-worked: A = 10,000,000 taken out of both prices; reserve 100,000,000; bid
    // 88,000,000; weight 70, target 88, slope 4.
    //   (88,000,000 − 10,000,000) ÷ (100,000,000 − 10,000,000) = 0.86666… → 0.8667
    //   70 − 4 × |0.88 − 0.8667| × 100 = 70 − 4 × 1.33 = 70 − 5.32 = 64.68
    let r = both(&weighted(
        70,
        json!({ "method": "eligibility_review",
                "eligibility": { "reference_price": "100000000", "target": "88", "slope": "4",
                                 "a_value": "10000000" } }),
        &[("bid", "88000000")],
    ));
    assert_eq!(price_points(&r, "bid").as_deref(), Some("64.68"));
    assert!(working(&r, "bid", 70, 2).starts_with(
        "(₩88,000,000 − ₩10,000,000 (A)) ÷ (₩100,000,000 − ₩10,000,000 (A)) = 0.8667"
    ));
}

#[test]
fn korean_parameters_are_refused_with_the_criterion_named() {
    let g = |extra: Value| {
        let mut e = json!({ "reference_price": "100000", "target": "88", "slope": "4" });
        for (k, v) in extra.as_object().unwrap() {
            e[k] = v.clone();
        }
        json!({ "method": "eligibility_review", "eligibility": e })
    };
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({ "method": "korean_negotiated" }),
            "has no \"estimated_price\"",
        ),
        (
            json!({ "method": "korean_negotiated", "estimated_price": "0" }),
            "has estimated_price 0. The estimated_price must be more than zero.",
        ),
        (
            json!({ "method": "lowest_over_bid", "estimated_price": "100" }),
            "remove \"estimated_price\"",
        ),
        (
            json!({ "method": "eligibility_review" }),
            "has no \"eligibility\"",
        ),
        (
            g(json!({ "reference_price": "0" })),
            "has eligibility.reference_price 0.",
        ),
        (
            g(json!({ "floor": "50" })),
            "above the criterion's weight of 40",
        ),
        (
            g(json!({ "band": { "from": "100", "to": "88.25", "points": "30" } })),
            "has a band the wrong way round",
        ),
        (
            g(json!({ "lower_limit": "0.86745" })),
            "It looks like a fraction: write it as a percentage, \"86.745\"",
        ),
        (g(json!({ "slope": "0" })), "has eligibility.slope 0"),
        (g(json!({ "target": 88 })), "target"),
        (
            json!({ "method": "lowest_over_bid", "eligibility": { "reference_price": "1", "target": "88", "slope": "4" } }),
            "remove \"eligibility\"",
        ),
    ];
    for (price, expected) in cases {
        let text = serde_json::to_string_pretty(&priced(price, &[("a", "100")])).unwrap();
        let err = load_str(&text).expect_err(expected).to_string();
        assert!(err.contains(expected), "{expected}: {err}");
        assert!(err.contains("line"), "{err}");
    }
}

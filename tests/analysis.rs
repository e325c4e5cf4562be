#![cfg(not(target_arch = "wasm32"))]
//! Decision analysis checked against brute force: the break-even weights found by
//! scan and bisection agree with a scan at 0.01 points, and rank reversals are found
//! in evaluations built to have (or not have) them.

use bidmark::analysis::{break_even, rank_reversal, winners, with_weight, Reversal};
use bidmark::samples::SAMPLES;
use bidmark::{score, Evaluation};
use serde_json::json;

fn winner_at(e: &Evaluation, criterion: &str, w: f64) -> Vec<String> {
    winners(&score(&with_weight(e, criterion, w).unwrap()))
}

/// Weights `from`, `from ± 0.01`, ... up to `to` inclusive, as exact hundredths.
fn hundredths(from: f64, to: f64) -> impl Iterator<Item = f64> {
    let (a, b) = ((from * 100.0).round() as i64, (to * 100.0).round() as i64);
    let step = if b >= a { 1 } else { -1 };
    (0..=(b - a).abs()).map(move |k| (a + step * k) as f64 / 100.0)
}

#[test]
fn break_even_agrees_with_brute_force_on_every_sample() {
    let mut found = 0;
    for sample in SAMPLES {
        let e = bidmark::load_str(sample.json).unwrap();
        for c in e.criteria.iter().filter(|c| c.is_weighted()) {
            let b = break_even(&e, &c.id);
            let ctx = format!("{} / {}", sample.slug, c.id);
            assert_eq!(b.current_winner, winners(&score(&e)), "{ctx}");
            for (side, end) in [(&b.lower, 0.0), (&b.upper, 100.0)] {
                match side {
                    Some((w, won)) => {
                        found += 1;
                        assert_ne!(won, &b.current_winner, "{ctx}");
                        assert_eq!(&winner_at(&e, &c.id, *w), won, "{ctx} at {w}");
                        // Brute force: walk at 0.01 from 0.5 inside the found weight
                        // outwards; the first change must be within 0.02 of it.
                        let toward = if end > b.published { 1.0 } else { -1.0 };
                        let start =
                            (w - toward * 0.5).clamp(b.published.min(*w), b.published.max(*w));
                        let first = hundredths(start, w + toward * 0.05)
                            .filter(|x| (0.0..=100.0).contains(x))
                            .find(|&x| winner_at(&e, &c.id, x) != b.current_winner)
                            .unwrap_or_else(|| panic!("{ctx}: no change near {w}"));
                        assert!((first - w).abs() <= 0.02, "{ctx}: brute {first}, found {w}");
                        // Just inside, the winner is still the current one.
                        let inside = first - toward * 0.02;
                        if (inside - b.published) * toward > 0.0 {
                            assert_eq!(winner_at(&e, &c.id, inside), b.current_winner, "{ctx}");
                        }
                    }
                    None => {
                        // Never in 0–100: scan every whole point to that end.
                        for x in hundredths(b.published, end).step_by(100) {
                            assert_eq!(winner_at(&e, &c.id, x), b.current_winner, "{ctx} at {x}");
                        }
                        assert_eq!(
                            winner_at(&e, &c.id, end),
                            b.current_winner,
                            "{ctx} at {end}"
                        );
                    }
                }
            }
        }
    }
    assert!(
        found > 0,
        "the samples should have at least one break-even point"
    );
}

#[test]
fn break_even_works_below_the_top_level() {
    let e = bidmark::load_str(bidmark::samples::find("dos-outcomes").unwrap().json).unwrap();
    let b = break_even(&e, "ess-ucd");
    assert_eq!(b.published, 40.0);
    for (w, won) in b.lower.iter().chain(b.upper.iter()) {
        assert_eq!(&winner_at(&e, "ess-ucd", *w), won);
    }
}

/// Quality 60 (one evaluator, 0–3) and price 40 under lowest_over_bid.
fn evaluation(bids: &[(&str, &str, &str)], with_price: bool) -> Evaluation {
    let criteria = if with_price {
        json!([
            {"id": "q", "name": "Quality", "kind": "scored", "weight": "60"},
            {"id": "price", "name": "Price", "kind": "price", "weight": "40",
             "method": "lowest_over_bid"}
        ])
    } else {
        json!([
            {"id": "q", "name": "Quality", "kind": "scored", "weight": "60"},
            {"id": "q2", "name": "Delivery", "kind": "scored", "weight": "40"}
        ])
    };
    let text = json!({
        "format": "bidmark/evaluation", "version": 1, "title": "Rank reversal",
        "criteria": criteria,
        "bids": bids.iter()
            .map(|(id, _, p)| json!({"id": id, "supplier": id.to_uppercase(), "price": p}))
            .collect::<Vec<_>>(),
        "evaluators": [{"id": "e1", "name": "Evaluator"}],
        "scores": bids.iter()
            .flat_map(|(id, s, _)| {
                let mut v = vec![json!({"evaluator": "e1", "bid": id, "criterion": "q", "score": s})];
                if !with_price {
                    v.push(json!({"evaluator": "e1", "bid": id, "criterion": "q2", "score": s}));
                }
                v
            })
            .collect::<Vec<_>>()
    });
    bidmark::load_str(&text.to_string()).unwrap()
}

#[test]
fn withdrawing_a_losing_bid_that_sets_the_lowest_price_flips_the_winner() {
    // A: 60 + 40·10/100 = 64; B: 40 + 40·10/40 = 50; C: 20 + 40 = 60. A wins.
    // Without C the lowest price is 40: A 60 + 16 = 76, B 40 + 40 = 80. B wins.
    let e = evaluation(
        &[("a", "3", "100"), ("b", "2", "40"), ("c", "1", "10")],
        true,
    );
    assert_eq!(winners(&score(&e)), vec!["a"]);
    let found = rank_reversal(&e);
    assert!(
        found.contains(&Reversal::Withdrawn {
            bid: "c".into(),
            new_winner: vec!["b".into()]
        }),
        "{found:?}"
    );
    assert!(!found
        .iter()
        .any(|r| matches!(r, Reversal::Withdrawn { bid, .. } if bid == "b")));
}

#[test]
fn no_reversal_without_a_price_criterion_or_when_nothing_flips() {
    let e = evaluation(
        &[("a", "3", "100"), ("b", "2", "40"), ("c", "1", "10")],
        false,
    );
    assert!(rank_reversal(&e).is_empty());
    // A far ahead on quality and cheapest: nothing can overturn it.
    let e = evaluation(
        &[("a", "3", "50"), ("b", "1", "60"), ("c", "0", "80")],
        true,
    );
    assert_eq!(winners(&score(&e)), vec!["a"]);
    assert_eq!(rank_reversal(&e), vec![]);
}

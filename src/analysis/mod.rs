//! Exploratory decision analysis: how robust is the winner, and how far do the
//! evaluators agree?
//!
//! Nothing here takes part in an award. Weights are searched with `f64`, but every
//! point of the search is scored by the exact engine ([`crate::score`]) on a modified
//! copy of the evaluation, so that what the analysis says about a weight is what the
//! award would say if that weight had been published.
//!
//! - [`break_even`]: how far one criterion's weight can move before the winner changes.
//! - [`rank_reversal`]: whether withdrawing a losing bid, or adding a cheap weak one,
//!   changes the winner (the risk of relative price formulas, DOMAIN.md "Rank reversal").
//! - [`agreement`]: how far the evaluators agree (Krippendorff's alpha) and how each
//!   scores compared with the moderated scores, for the moderation meeting.

pub mod agreement;

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;

use crate::model::{tree, Criterion, Dec, Evaluation, Kind};
use crate::scoring::{score, Results};

/// Step of the first scan, in percentage points: small enough that a winner change
/// and change back within one step is rare, large enough to keep the scan cheap.
const STEP: f64 = 0.5;
/// Width at which bisection stops, in percentage points: the promised precision.
const PRECISION: f64 = 0.01;
/// Decimal places of the weights tried: finer than [`PRECISION`], so that rounding
/// never moves a weight across a break-even point found at that precision.
const WEIGHT_PLACES: u32 = 4;

/// Where the winner changes as one criterion's weight moves (see [`break_even`]).
#[derive(Clone, Debug, PartialEq)]
pub struct BreakEven {
    pub criterion: String,
    /// The published weight: a percentage of the parent.
    pub published: f64,
    /// The bids ranked 1 at the published weights (several when tied).
    pub current_winner: Vec<String>,
    /// The nearest weight below the published one at which the winner is different,
    /// and who wins there; `None` when the winner stays the same down to 0.
    pub lower: Option<(f64, Vec<String>)>,
    /// The nearest weight above the published one at which the winner is different,
    /// and who wins there; `None` when the winner stays the same up to 100.
    pub upper: Option<(f64, Vec<String>)>,
}

/// A way the winner changes although the bids that decide it did not.
#[derive(Clone, Debug, PartialEq)]
pub enum Reversal {
    /// Withdrawing this losing bid changes the winner.
    Withdrawn {
        bid: String,
        new_winner: Vec<String>,
    },
    /// Adding a bid 1 % cheaper than the cheapest, with the quality of the weakest,
    /// changes the winner to another bid (not to the added one).
    LowBidAdded {
        price: Decimal,
        new_winner: Vec<String>,
    },
}

/// The ids of the bids ranked 1, sorted: the winner, or the tied winners.
pub fn winners(r: &Results) -> Vec<String> {
    let mut w: Vec<String> = r
        .bids
        .iter()
        .filter(|b| b.rank == Some(1))
        .map(|b| b.bid.clone())
        .collect();
    w.sort();
    w
}

/// Finds the weights of `criterion` (a percentage of its parent, at any level of the
/// tree) at which the winner changes, while its weighted siblings are rescaled in
/// proportion so that they still add up to 100 (split equally if they are all 0).
///
/// The weight is scanned every 0.5 points from the published weight down to 0 and up
/// to 100, then bisected between the last weight with the same winner and the first
/// with another, until they are 0.01 points apart. The reported weight is that first
/// weight with another winner, so it is **exact to 0.01 percentage points**: the true
/// break-even lies at most 0.01 below it (above it, for `lower`). A change and a
/// change back within one 0.5 step can be missed.
///
/// An unknown or pass/fail criterion, or an only child (whose weight must stay 100),
/// cannot move: both sides are `None`.
pub fn break_even(e: &Evaluation, criterion: &str) -> BreakEven {
    let current = winners(&score(e));
    let published = e
        .criterion(criterion)
        .filter(|c| c.is_weighted())
        .and_then(|c| c.weight)
        .and_then(|w| w.0.to_f64())
        .unwrap_or(0.0);
    let mut out = BreakEven {
        criterion: criterion.to_string(),
        published,
        current_winner: current.clone(),
        lower: None,
        upper: None,
    };
    if with_weight(e, criterion, published).is_none() {
        return out;
    }
    let winner_at = |w: f64| with_weight(e, criterion, w).map(|m| winners(&score(&m)));
    out.lower = search(published, 0.0, &current, &winner_at);
    out.upper = search(published, 100.0, &current, &winner_at);
    out
}

/// Scans from `from` towards `to`, then bisects the first step where the winner differs.
fn search(
    from: f64,
    to: f64,
    current: &[String],
    winner_at: &dyn Fn(f64) -> Option<Vec<String>>,
) -> Option<(f64, Vec<String>)> {
    let dir = if to >= from { 1.0 } else { -1.0 };
    let mut same = from;
    let mut k = 1.0;
    loop {
        // Clamp the last step onto the end of the range, so 0 and 100 are both tried.
        let w = if (to - from).abs() <= k * STEP {
            to
        } else {
            from + dir * k * STEP
        };
        let won = winner_at(w)?;
        if won != current {
            return Some(bisect(same, w, won, current, winner_at));
        }
        if w == to {
            return None;
        }
        same = w;
        k += 1.0;
    }
}

/// Narrows `[same, other]` (either order) to [`PRECISION`], returning the end with
/// another winner.
fn bisect(
    mut same: f64,
    mut other: f64,
    mut won: Vec<String>,
    current: &[String],
    winner_at: &dyn Fn(f64) -> Option<Vec<String>>,
) -> (f64, Vec<String>) {
    while (other - same).abs() > PRECISION {
        let mid = (same + other) / 2.0;
        match winner_at(mid) {
            Some(w) if w != current => {
                other = mid;
                won = w;
            }
            _ => same = mid,
        }
    }
    // Report the weight that was actually scored (rounded as in `with_weight`).
    let reported = Decimal::from_f64(other)
        .map(|d| d.round_dp(WEIGHT_PLACES))
        .and_then(|d| d.to_f64())
        .unwrap_or(other);
    (reported, won)
}

/// A copy of `e` where `criterion` weighs `weight` (rounded to 4 places) and its
/// weighted siblings are rescaled so that the weights still add up to exactly 100:
/// the rounding residue goes to the largest sibling. `None` if the criterion is not
/// a weighted node with weighted siblings.
pub fn with_weight(e: &Evaluation, criterion: &str, weight: f64) -> Option<Evaluation> {
    let w = Decimal::from_f64(weight.clamp(0.0, 100.0))?.round_dp(WEIGHT_PLACES);
    let mut m = e.clone();
    let siblings = tree::siblings_mut(&mut m.criteria, criterion)?;
    let at = siblings.iter().position(|c| c.id == criterion)?;
    if !siblings[at].is_weighted() {
        return None;
    }
    let others: Vec<usize> = (0..siblings.len())
        .filter(|&i| i != at && siblings[i].is_weighted())
        .collect();
    if others.is_empty() {
        return None;
    }
    let weight_of = |c: &Criterion| c.weight.map_or(Decimal::ZERO, |d| d.0);
    let rest = Decimal::ONE_HUNDRED - w;
    let sum: Decimal = others.iter().map(|&i| weight_of(&siblings[i])).sum();
    let count = Decimal::from(others.len());
    let mut new: Vec<Decimal> = others
        .iter()
        .map(|&i| {
            let share = if sum > Decimal::ZERO {
                weight_of(&siblings[i]) * rest / sum
            } else {
                rest / count
            };
            share.round_dp(WEIGHT_PLACES)
        })
        .collect();
    let residue = rest - new.iter().copied().sum::<Decimal>();
    // The first largest, so the choice is stable.
    let largest = (0..new.len()).fold(0, |best, i| if new[i] > new[best] { i } else { best });
    new[largest] += residue;
    siblings[at].weight = Some(Dec(w));
    for (&i, v) in others.iter().zip(new) {
        siblings[i].weight = Some(Dec(v.normalize()));
    }
    Some(m)
}

/// Finds rank reversals: (a) each losing bid still in the competition is withdrawn in
/// turn; (b) a bid is added at 99 % of the lowest price with the quality of the weakest
/// bid still in (a copy of its scores, consensus and checks). Each that changes the
/// winner is reported; under (b), not when the added bid itself wins.
///
/// Only relative price formulas make this possible, so an evaluation without a price
/// criterion gives nothing.
pub fn rank_reversal(e: &Evaluation) -> Vec<Reversal> {
    if !e.walk().iter().any(|(_, c)| c.kind == Kind::Price) {
        return Vec::new();
    }
    let results = score(e);
    let current = winners(&results);
    let mut out = Vec::new();

    for b in results
        .bids
        .iter()
        .filter(|b| !b.excluded() && b.rank != Some(1))
    {
        let new_winner = winners(&score(&without_bid(e, &b.bid)));
        if new_winner != current {
            out.push(Reversal::Withdrawn {
                bid: b.bid.clone(),
                new_winner,
            });
        }
    }

    let weakest = results
        .bids
        .iter()
        .filter(|b| !b.excluded())
        .min_by_key(|b| b.quality_exact);
    if let (Some(weakest), Some(lowest)) = (weakest, results.lowest_price) {
        let price = lowest * Decimal::new(99, 2);
        let (m, id) = with_copy(e, &weakest.bid, price);
        let new_winner = winners(&score(&m));
        if new_winner != current && !new_winner.contains(&id) {
            out.push(Reversal::LowBidAdded { price, new_winner });
        }
    }
    out
}

/// A copy of `e` without the bid and everything recorded about it.
fn without_bid(e: &Evaluation, bid: &str) -> Evaluation {
    let mut m = e.clone();
    m.bids.retain(|b| b.id != bid);
    m.scores.retain(|s| s.bid != bid);
    m.consensus.retain(|c| c.bid != bid);
    m.checks.retain(|c| c.bid != bid);
    m
}

/// A copy of `e` with a new bid that has `model`'s scores, consensus and checks at
/// `price`; returns the new bid's id too.
fn with_copy(e: &Evaluation, model: &str, price: Decimal) -> (Evaluation, String) {
    let mut id = "hypothetical-low-bid".to_string();
    while e.bid(&id).is_some() {
        id.push('_');
    }
    let mut m = e.clone();
    if let Some(b) = e.bid(model) {
        let mut copy = b.clone();
        copy.id = id.clone();
        copy.supplier = "Hypothetical low bid".to_string();
        copy.price = Some(Dec(price));
        m.bids.push(copy);
    }
    let renamed = |bid: &str| if bid == model { Some(id.clone()) } else { None };
    m.scores.extend(e.scores.iter().filter_map(|s| {
        renamed(&s.bid).map(|bid| {
            std::rc::Rc::new(crate::model::Score {
                bid,
                ..(**s).clone()
            })
        })
    }));
    m.consensus.extend(
        e.consensus.iter().filter_map(|c| {
            renamed(&c.bid).map(|bid| crate::model::Consensus { bid, ..c.clone() })
        }),
    );
    m.checks.extend(
        e.checks
            .iter()
            .filter_map(|c| renamed(&c.bid).map(|bid| crate::model::Check { bid, ..c.clone() })),
    );
    (m, id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample(slug: &str) -> Evaluation {
        crate::load_str(crate::samples::find(slug).unwrap().json).unwrap()
    }

    fn weights(e: &Evaluation, ids: &[&str]) -> Vec<Decimal> {
        ids.iter()
            .map(|id| e.criterion(id).unwrap().weight.unwrap().0)
            .collect()
    }

    #[test]
    fn rescaled_weights_still_add_up_to_100_and_stay_valid() {
        let e = sample("dos-outcomes");
        for w in [0.0, 12.3456, 33.33333, 70.0, 100.0] {
            let m = with_weight(&e, "ess-ucd", w).unwrap();
            let ws = weights(
                &m,
                &["ess-ucd", "ess-service-standard", "ess-blended-teams"],
            );
            assert_eq!(ws.iter().copied().sum::<Decimal>(), Decimal::ONE_HUNDRED);
            assert!(crate::load_str(&m.to_json()).is_ok(), "weight {w}");
        }
        // 30:30 siblings keep their ratio.
        let m = with_weight(&e, "ess-ucd", 70.0).unwrap();
        let ws = weights(&m, &["ess-service-standard", "ess-blended-teams"]);
        assert_eq!(ws, vec![Decimal::from(15), Decimal::from(15)]);
    }

    #[test]
    fn zero_siblings_share_the_rest_equally() {
        let mut e = sample("dos-outcomes");
        let m = with_weight(&e, "technical", 100.0).unwrap();
        let m = with_weight(&m, "technical", 40.0).unwrap();
        assert_eq!(
            weights(&m, &["cultural-fit", "price"]),
            vec![Decimal::from(30); 2]
        );
        // An only child cannot move.
        e.criteria[1].children.as_mut().unwrap().truncate(1);
        e.criteria[1].children.as_mut().unwrap()[0].weight = Some(Dec(Decimal::ONE_HUNDRED));
        assert!(with_weight(&e, "cf-one-team", 50.0).is_none());
        let b = break_even(&e, "cf-one-team");
        assert_eq!((b.lower, b.upper), (None, None));
    }

    #[test]
    fn unknown_or_pass_fail_criteria_cannot_move() {
        let e = sample("gcloud-call-off");
        for id in ["uk-hosting", "no-such-criterion"] {
            let b = break_even(&e, id);
            assert_eq!((b.lower, b.upper), (None, None), "{id}");
            assert_eq!(b.current_winner, winners(&score(&e)));
        }
    }

    #[test]
    fn price_weight_break_even_brackets_a_winner_change() {
        let e = sample("dos-outcomes");
        let b = break_even(&e, "price");
        assert_eq!(b.published, 30.0);
        for (w, won) in b.lower.iter().chain(b.upper.iter()) {
            let at = |x: f64| winners(&score(&with_weight(&e, "price", x).unwrap()));
            assert_eq!(&at(*w), won);
            assert_ne!(won, &b.current_winner);
            let inside = if *w < b.published { w + 0.02 } else { w - 0.02 };
            assert_eq!(at(inside), b.current_winner, "inside {inside}");
        }
    }

    fn price_eval(bids: &[(&str, &str, &str)]) -> Evaluation {
        let text = json!({
            "format": "bidmark/evaluation", "version": 1, "title": "t",
            "criteria": [
                {"id": "q", "name": "Quality", "kind": "scored", "weight": "60"},
                {"id": "price", "name": "Price", "kind": "price", "weight": "40",
                 "method": "lowest_over_bid"}
            ],
            "bids": bids.iter().map(|(id, _, p)| json!({"id": id, "supplier": id, "price": p}))
                .collect::<Vec<_>>(),
            "evaluators": [{"id": "e1", "name": "E"}],
            "scores": bids.iter().map(|(id, s, _)|
                json!({"evaluator": "e1", "bid": id, "criterion": "q", "score": s}))
                .collect::<Vec<_>>()
        });
        crate::load_str(&text.to_string()).unwrap()
    }

    #[test]
    fn withdrawing_the_cheapest_weak_bid_flips_the_winner() {
        let e = price_eval(&[("a", "3", "100"), ("b", "2", "40"), ("c", "1", "10")]);
        assert_eq!(winners(&score(&e)), vec!["a"]);
        assert_eq!(
            rank_reversal(&e),
            vec![Reversal::Withdrawn {
                bid: "c".into(),
                new_winner: vec!["b".into()]
            }]
        );
    }

    #[test]
    fn a_cheaper_weak_bid_can_flip_a_near_tie() {
        let e = price_eval(&[("a", "3", "100"), ("b", "2", "49.8"), ("d", "0", "60")]);
        assert_eq!(winners(&score(&e)), vec!["b"]);
        assert_eq!(
            rank_reversal(&e),
            vec![Reversal::LowBidAdded {
                price: Decimal::new(49302, 3),
                new_winner: vec!["a".into()]
            }]
        );
    }
}

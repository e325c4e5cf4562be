//! What-if analysis for workshops: weights moved live, the same bids under other price
//! formulas, and how often each bid wins when the weights wobble. Nothing here changes
//! an evaluation: every function returns a new one, and the award stays as published.

use crate::generate::SplitMix;
use rust_decimal::prelude::*;

use crate::model::{Criterion, Dec, Evaluation, Kind, PriceMethod};
use crate::scoring::{score, Results};

/// Sets one criterion's weight (a percentage of its parent, clamped to 0–100) and
/// rescales its weighted siblings in proportion, so that they still add up to exactly
/// 100 (see [`crate::analysis::with_weight`]). A criterion that cannot move (an only
/// child, a pass/fail criterion) leaves the evaluation as it is.
pub fn reweight(e: &Evaluation, id: &str, weight: Decimal) -> Evaluation {
    weight
        .to_f64()
        .and_then(|w| crate::analysis::with_weight(e, id, w))
        .unwrap_or_else(|| e.clone())
}

/// The evaluation scored under another price formula (A for the logarithmic one).
pub fn with_price_method(
    e: &Evaluation,
    method: PriceMethod,
    log_base: Decimal,
) -> Option<Results> {
    let mut out = e.clone();
    fn set(nodes: &mut [Criterion], method: PriceMethod, a: Decimal) -> bool {
        for n in nodes {
            if n.kind == Kind::Price {
                n.method = Some(method);
                n.log_base = (method == PriceMethod::Logarithmic).then_some(Dec(a));
                if method != PriceMethod::Logarithmic {
                    n.log_floor = None;
                }
                // Between bounds keeps the bounds the evaluation states; it has none else.
                if method != PriceMethod::BetweenBounds {
                    n.bounds = None;
                } else if n.bounds.is_none() {
                    return false;
                }
                // The Korean scores keep the parameters the evaluation states; none else.
                if method != PriceMethod::KoreanNegotiated {
                    n.estimated_price = None;
                    n.negotiated = None;
                } else if n.estimated_price.is_none() {
                    return false;
                }
                if method != PriceMethod::EligibilityReview {
                    n.eligibility = None;
                } else if n.eligibility.is_none() {
                    return false;
                }
                return true;
            }
            if let Some(ch) = n.children.as_mut() {
                if set(ch, method, a) {
                    return true;
                }
            }
        }
        false
    }
    set(&mut out.criteria, method, log_base).then(|| score(&out))
}

/// The evaluation scored with another formula for one measured criterion: ratio to the
/// best, linear between the best and the worst, or between its stated bounds (`None`
/// for that one when it states none, and for a criterion that is not measured).
pub fn with_measured_method(e: &Evaluation, id: &str, method: PriceMethod) -> Option<Results> {
    let mut out = e.clone();
    let node =
        crate::model::tree::find_mut(&mut out.criteria, id).filter(|c| c.kind == Kind::Measured)?;
    if method == PriceMethod::BetweenBounds && node.bounds.is_none() {
        return None;
    }
    node.method = Some(method);
    if method != PriceMethod::Logarithmic {
        node.log_base = None;
        node.log_floor = None;
    }
    if method != PriceMethod::BetweenBounds {
        node.bounds = None;
    }
    Some(score(&out))
}

/// The evaluation ranked on another method: `None` where price is a criterion (the
/// methods that set price against quality points need none) or a bid has no price, and
/// for the quality-adjusted price without the value of a point.
pub fn with_ranking(
    e: &Evaluation,
    method: crate::model::RankingMethod,
    point_value: Option<Decimal>,
) -> Option<Results> {
    use crate::model::{Ranking, RankingMethod as R};
    let priced = e.walk().iter().any(|(_, c)| c.kind == Kind::Price);
    if priced || e.bids.is_empty() || e.bids.iter().any(|b| b.price.is_none()) {
        return None;
    }
    let mut out = e.clone();
    out.ranking = match method {
        R::WeightedPoints => None,
        R::AdjustedPrice => Some(Ranking {
            method,
            point_value: Some(Dec(point_value?)),
        }),
        _ => Some(Ranking {
            method,
            point_value: None,
        }),
    };
    Some(score(&out))
}

/// The evaluation scored with a group set against the best bid's points, or not.
pub fn with_relative(e: &Evaluation, id: &str, relative: bool) -> Option<Results> {
    let mut out = e.clone();
    let node =
        crate::model::tree::find_mut(&mut out.criteria, id).filter(|c| c.kind == Kind::Group)?;
    node.relative_to_best = relative;
    Some(score(&out))
}

/// A whole number of hundredths in −n..=n percentage points.
fn wobble(rng: &mut SplitMix, n: u32) -> Decimal {
    let span = u64::from(n) * 200 + 1;
    Decimal::new((rng.next_u64() % span) as i64 - i64::from(n) * 100, 2)
}

/// How often each bid comes first when every top-level weight moves by up to ±`points`
/// percentage points (then all are rescaled to add up to 100), over `runs` draws.
/// Returns (bid id, supplier, wins) in the order of the published ranking; a shared
/// first place counts for each bid in it.
pub fn stability(e: &Evaluation, points: u32, runs: u32, seed: u64) -> Vec<(String, String, u32)> {
    let published = score(e);
    let mut wins: Vec<(String, String, u32)> = published
        .bids
        .iter()
        .map(|b| (b.bid.clone(), b.supplier.clone(), 0))
        .collect();
    let mut rng = SplitMix(seed);
    let top: Vec<usize> = e
        .criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind != Kind::PassFail)
        .map(|(i, _)| i)
        .collect();
    for _ in 0..runs {
        let mut trial = e.clone();
        let mut raw = Vec::with_capacity(top.len());
        for &i in &top {
            let w =
                trial.criteria[i].weight.map_or(Decimal::ZERO, |d| d.0) + wobble(&mut rng, points);
            raw.push(w.max(Decimal::ZERO));
        }
        let total: Decimal = raw.iter().sum();
        if total.is_zero() {
            continue;
        }
        let mut assigned = Decimal::ZERO;
        for (k, &i) in top.iter().enumerate() {
            let w = if k + 1 == top.len() {
                Decimal::ONE_HUNDRED - assigned
            } else {
                (raw[k] * Decimal::ONE_HUNDRED / total).round_dp(4)
            };
            assigned += w;
            trial.criteria[i].weight = Some(Dec(w));
        }
        for b in score(&trial).bids.iter().filter(|b| b.rank == Some(1)) {
            if let Some(entry) = wins.iter_mut().find(|x| x.0 == b.bid) {
                entry.2 += 1;
            }
        }
    }
    wins
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(slug: &str) -> Evaluation {
        crate::load_str(crate::samples::find(slug).unwrap().json).unwrap()
    }

    #[test]
    fn reweighting_keeps_every_sum_at_100_and_the_file_valid() {
        let e = sample("dos-outcomes");
        for (id, w) in [
            ("technical", 80),
            ("price", 5),
            ("ess-ucd", 0),
            ("proposal", 100),
            ("cultural-fit", 37),
        ] {
            let changed = reweight(&e, id, Decimal::from(w));
            assert!(
                crate::model::validate(&changed).is_empty(),
                "{id} → {w}: {:?}",
                crate::model::validate(&changed)
            );
            assert_eq!(
                changed.criterion(id).unwrap().weight.unwrap().0,
                Decimal::from(w)
            );
        }
        // Proportions among the others stay: technical 60, fit 10, price 30 → technical 80
        // leaves 20 for fit and price in the ratio 1 : 3.
        let changed = reweight(&e, "technical", Decimal::from(80));
        assert_eq!(
            changed.criterion("cultural-fit").unwrap().weight.unwrap().0,
            Decimal::from(5)
        );
        assert_eq!(
            changed.criterion("price").unwrap().weight.unwrap().0,
            Decimal::from(15)
        );
        // The published evaluation is untouched.
        assert_eq!(
            e.criterion("technical").unwrap().weight.unwrap().0,
            Decimal::from(60)
        );
    }

    #[test]
    fn moving_weight_to_price_changes_the_winner() {
        // Tidewell is the cheapest bid still in: with price at 85 % it wins.
        let e = sample("dos-outcomes");
        assert_eq!(score(&e).bids[0].bid, "kestrel-moss");
        let changed = reweight(&e, "price", Decimal::from(85));
        assert_eq!(score(&changed).bids[0].bid, "tidewell");
    }

    #[test]
    fn the_korean_scores_are_compared_when_their_parameters_are_stated() {
        let e = sample("korean-negotiated");
        let same = with_price_method(&e, PriceMethod::KoreanNegotiated, Decimal::TWO).unwrap();
        assert_eq!(same, score(&e));
        // No eligibility parameters in the file: that score is not offered.
        assert!(with_price_method(&e, PriceMethod::EligibilityReview, Decimal::TWO).is_none());
        // Under lowest over bid, Minto (below 80 % of the estimated price) loses its bonus.
        let ratio = with_price_method(&e, PriceMethod::LowestOverBid, Decimal::TWO).unwrap();
        let minto = |r: &Results| {
            r.bids
                .iter()
                .find(|b| b.bid == "minto")
                .unwrap()
                .price_points
                .unwrap()
                .to_string()
        };
        assert_eq!(minto(&same), "19.4000");
        assert_eq!(minto(&ratio), "20.0000");
    }

    #[test]
    fn price_formulas_rank_the_same_bids_differently() {
        let e = sample("gcloud-call-off");
        let linear = with_price_method(&e, PriceMethod::LinearToLowest, Decimal::TWO).unwrap();
        let ratio = with_price_method(&e, PriceMethod::LowestOverBid, Decimal::TWO).unwrap();
        let log = with_price_method(&e, PriceMethod::Logarithmic, Decimal::TWO).unwrap();
        assert_eq!(linear, score(&e));
        // Pennant is more than twice the lowest: nothing under linear or log (A = 2), some under the ratio.
        let pennant = |r: &Results| {
            r.bids
                .iter()
                .find(|b| b.bid == "pennant")
                .unwrap()
                .price_points
                .unwrap()
        };
        assert_eq!(pennant(&linear), Decimal::ZERO);
        assert_eq!(pennant(&log), Decimal::new(0, 2));
        assert!(pennant(&ratio) > Decimal::ZERO);
        let mut no_price = e.clone();
        no_price.criteria.retain(|c| c.kind != Kind::Price);
        assert!(with_price_method(&no_price, PriceMethod::Logarithmic, Decimal::TWO).is_none());
    }

    #[test]
    fn stability_is_repeatable_and_counts_every_run() {
        let e = sample("dos-outcomes");
        let a = stability(&e, 10, 200, 7);
        assert_eq!(a, stability(&e, 10, 200, 7));
        let total: u32 = a.iter().map(|x| x.2).sum();
        assert!(total >= 200, "every run has a winner: {a:?}");
        // With no wobble the published winner always wins.
        let still = stability(&e, 0, 50, 1);
        assert_eq!(
            still[0],
            (
                "kestrel-moss".to_string(),
                "Kestrel & Moss Ltd".to_string(),
                50
            )
        );
        // Excluded bids never win.
        assert_eq!(a.iter().find(|x| x.0 == "cobalt-yard").unwrap().2, 0);
    }
}

/// Names of bids, as people read them: "Kestrel & Moss Ltd" or "A Ltd and B Ltd".
fn names(e: &Evaluation, ids: &[String]) -> String {
    let v: Vec<&str> = ids
        .iter()
        .map(|id| e.bid(id).map_or(id.as_str(), |b| b.supplier.as_str()))
        .collect();
    match v.as_slice() {
        [] => "no bid".to_string(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// One sentence per top-level weighted criterion: where its weight would change the winner.
pub fn sensitivity_sentences(e: &Evaluation) -> Vec<String> {
    e.criteria
        .iter()
        .filter(|c| c.kind != Kind::PassFail)
        .map(|c| {
            let b = crate::analysis::break_even(e, &c.id);
            let now = names(e, &b.current_winner);
            let w = format!("{:.2}", b.published)
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string();
            let mut s = format!("{} is weighted {w} %.", c.name);
            match (&b.lower, &b.upper) {
                (None, None) => s.push_str(&format!(
                    " At any weight from 0 to 100 %, {now} still wins."
                )),
                (lower, upper) => {
                    if let Some((at, who)) = upper {
                        s.push_str(&format!(
                            " Above {at:.2} %, {} would win instead of {now}.",
                            names(e, who)
                        ));
                    } else {
                        s.push_str(&format!(" Raised as far as 100 %, {now} still wins."));
                    }
                    if let Some((at, who)) = lower {
                        s.push_str(&format!(" Below {at:.2} %, {} would win.", names(e, who)));
                    } else {
                        s.push_str(" Lowered to 0 %, the winner stays the same.");
                    }
                }
            }
            s
        })
        .collect()
}

/// Rank-reversal risk in words: empty findings become one reassuring sentence.
pub fn reversal_sentences(e: &Evaluation) -> Vec<String> {
    if !e.walk().iter().any(|(_, c)| c.kind == Kind::Price) {
        return vec![
            "Price is not scored, so the price formula cannot reverse the ranking.".to_string(),
        ];
    }
    let found = crate::analysis::rank_reversal(e);
    if found.is_empty() {
        return vec![
            "No rank reversal: withdrawing any losing bid, or adding a bid 1 % cheaper than the cheapest with the weakest quality, leaves the winner unchanged.".to_string(),
        ];
    }
    found
        .iter()
        .map(|r| match r {
            crate::analysis::Reversal::Withdrawn { bid, new_winner } => format!(
                "Rank reversal: if {} withdrew, {} would win, although neither bid changed. The price formula is relative to the lowest price.",
                names(e, std::slice::from_ref(bid)),
                names(e, new_winner)
            ),
            crate::analysis::Reversal::LowBidAdded { price, new_winner } => format!(
                "Rank reversal: a further bid at {} with the weakest quality would make {} win.",
                crate::text::money(*price, e.currency.as_deref()),
                names(e, new_winner)
            ),
        })
        .collect()
}

#[cfg(test)]
mod sentence_tests {
    use super::*;

    #[test]
    fn the_dos_award_explained() {
        let e = crate::load_str(crate::samples::find("dos-outcomes").unwrap().json).unwrap();
        let s = sensitivity_sentences(&e);
        assert_eq!(s.len(), 3);
        assert!(
            s[2].starts_with("Price is weighted 30 %. Above "),
            "{}",
            s[2]
        );
        assert!(
            s[2].contains("would win instead of Kestrel & Moss Ltd"),
            "{}",
            s[2]
        );
        let r = reversal_sentences(&e);
        assert!(!r.is_empty());
    }
}

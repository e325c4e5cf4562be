//! The reference engine: FORMAT.md's scoring rules transcribed cell by cell, in exact
//! decimals, with nothing prepared. [`super::score`] uses it for the rare evaluation
//! whose numbers do not fit the prepared [`super::grid::Grid`] (more than 9 decimal
//! places, or sums beyond 96 bits), and the tests use it as the oracle the grid must
//! agree with.
//!
//! **Independence.** An oracle only catches what it does not share. This module calls
//! no grid code and not the criteria tree's shared answers (`model::tree`): it resolves
//! each criterion's scale and effective weight itself, from the rules as FORMAT.md
//! states them ([`rules`]). It may use the model's types and accessors, and the shared
//! functions that are themselves the format's stated formulas: moderation
//! ([`moderate`]), price points ([`price`]) and rounding ([`round`]). Keep it that way:
//! a rule written here must be written from the format, not borrowed from the grid.
//!
//! The ordering and ranks of bids ([`rank_bids`], FORMAT.md "Rank") and the group
//! subtotals of a breakdown ([`group_points`]) are written here too, apart from the
//! grid's, so that a fault in either engine's shows up as a difference.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{
    moderate, price, round, Basis, BidResult, Detail, Exclusion, Line, Pending, PriceCell, Results,
    ScoredCell,
};
use crate::model::ids::Ids;
use crate::model::{Criterion, Evaluation, Kind, PriceMethod, RankingMethod};

/// What the tree gives each node, in the order of [`Evaluation::walk`]: its effective
/// weight (`None` for pass/fail) and the ends of the scale it is scored on.
///
/// FORMAT.md, "Criteria": the effective weight is the product of `weight / 100` down
/// the node's path, times 100; a pass/fail node carries no weight. docs/format.md: a
/// scored criterion is scored on its own `scale`, else on the `scale` of the nearest
/// group above it that sets one, else on the evaluation's `scale` (0 to 3 when absent).
fn rules(e: &Evaluation) -> Vec<(Option<Decimal>, (Decimal, Decimal))> {
    fn go(
        nodes: &[Criterion],
        parent: Option<Decimal>,
        scale: (Decimal, Decimal),
        out: &mut Vec<(Option<Decimal>, (Decimal, Decimal))>,
    ) {
        for c in nodes {
            let weight = match parent {
                Some(p) if c.kind != Kind::PassFail => {
                    let w = c.weight.map_or(Decimal::ZERO, |w| w.0);
                    Some(p * w / Decimal::ONE_HUNDRED)
                }
                _ => None,
            };
            let scale = c.scale.as_ref().map_or(scale, |s| (s.min.0, s.max.0));
            out.push((weight, scale));
            go(c.children(), weight, scale, out);
        }
    }
    let top = e.default_scale();
    let mut out = Vec::new();
    go(
        &e.criteria,
        Some(Decimal::ONE_HUNDRED),
        (top.min.0, top.max.0),
        &mut out,
    );
    out
}

/// Scores every bid of a valid evaluation, cell by cell.
pub fn score(e: &Evaluation) -> Results {
    let places = e.places();
    let method = e.method();
    let walk = e.walk();
    let divergence = e.divergence().map(|d| d.0);

    // Effective weights and scales, resolved down the tree in tree order.
    let rules = rules(e);

    // Every score placed by (bid, scored criterion, place on the panel), as small
    // numbers: one sort of the scores, then each cell is a run found by binary search.
    // (Hashing each cell's key, and a list per cell, cost far more on a large award.)
    let scored_leaves: Vec<&crate::model::Criterion> = walk
        .iter()
        .map(|(_, c)| *c)
        .filter(|c| c.kind == Kind::Scored)
        .collect();
    let mut bid_ids = Ids::new(e.bids.iter().map(|b| b.id.as_str()));
    let mut leaf_ids = Ids::new(scored_leaves.iter().map(|c| c.id.as_str()));
    let mut panel = Ids::new(e.evaluators.iter().map(|v| v.id.as_str()));
    let mut placed: Vec<(u32, u32, u32, &str, Decimal)> = e
        .scores
        .iter()
        .filter_map(|s| {
            Some((
                bid_ids.get(&s.bid)?,
                leaf_ids.get(&s.criterion)?,
                panel.get(&s.evaluator).unwrap_or(u32::MAX),
                s.evaluator.as_str(),
                s.score.0,
            ))
        })
        .collect();
    placed.sort_unstable_by(|a, b| {
        (a.0, a.1, a.2)
            .cmp(&(b.0, b.1, b.2))
            .then(a.3.cmp(b.3))
            .then(a.4.cmp(&b.4))
    });
    let cell_run = |bid: u32, leaf: u32| -> &[(u32, u32, u32, &str, Decimal)] {
        let start = placed.partition_point(|p| (p.0, p.1) < (bid, leaf));
        let len = placed[start..].partition_point(|p| (p.0, p.1) == (bid, leaf));
        &placed[start..start + len]
    };
    let consensus: HashMap<(&str, &str), Decimal> = e
        .consensus
        .iter()
        .map(|c| ((c.bid.as_str(), c.criterion.as_str()), c.score.0))
        .collect();
    let checks: HashMap<(&str, &str), &crate::model::Check> = e
        .checks
        .iter()
        .map(|c| ((c.bid.as_str(), c.criterion.as_str()), c))
        .collect();

    // docs/format.md, "Measured criteria": a price component's points are price points
    // and its figures add up to the total evaluated price; another measured criterion's
    // points are quality points, given after exclusion like price points.
    let component = |c: &Criterion| c.kind == Kind::Measured && c.price_component;
    let scored_available: Decimal = walk
        .iter()
        .zip(&rules)
        .filter(|((_, c), _)| c.kind == Kind::Scored)
        .map(|(_, (w, _))| w.unwrap_or_default())
        .sum();
    let quality_available: Decimal = scored_available
        + walk
            .iter()
            .zip(&rules)
            .filter(|((_, c), _)| c.kind == Kind::Measured && !component(c))
            .map(|(_, (w, _))| w.unwrap_or_default())
            .sum::<Decimal>();
    let priced: Vec<Decimal> = walk
        .iter()
        .zip(&rules)
        .filter(|((_, c), _)| c.kind == Kind::Price || component(c))
        .map(|(_, (w, _))| w.unwrap_or_default())
        .collect();
    let price_available = (!priced.is_empty()).then(|| priced.iter().sum());
    let components: Vec<&str> = walk
        .iter()
        .filter(|(_, c)| component(c))
        .map(|(_, c)| c.id.as_str())
        .collect();
    // A bid's total evaluated price: its price, or the sum of its components' figures.
    let total_price = |bid: &crate::model::Bid| -> Option<Decimal> {
        if components.is_empty() {
            bid.price.map(|p| p.0)
        } else {
            components
                .iter()
                .map(|id| bid.values.get(*id).map(|v| v.0))
                .sum()
        }
    };
    let threshold = e.quality_threshold.map(|t| t.0);
    // A budget on the price criterion excludes the bids above it, before price points.
    let budget = walk
        .iter()
        .find(|(_, c)| c.kind == Kind::Price)
        .and_then(|(_, c)| c.budget.map(|b| b.0));
    // An eligibility review's lower limit (낙찰하한율) excludes the bids whose price, as a
    // percentage of the reference price (less A), is below it.
    let lower_limit = walk
        .iter()
        .find(|(_, c)| c.kind == Kind::Price)
        .filter(|(_, c)| c.method == Some(crate::model::PriceMethod::EligibilityReview))
        .and_then(|(_, c)| c.eligibility.as_ref())
        .and_then(|g| {
            let a = g.a_value.map_or(Decimal::ZERO, |a| a.0);
            Some((g.reference_price?.0, a, g.lower_limit?.0))
        });

    // What each node of the tree brings to every bid, looked up once.
    // (effective weight, scale ends, number among the scored leaves)
    type Node = (Option<Decimal>, (Decimal, Decimal), Option<u32>);
    let nodes: Vec<Node> = walk
        .iter()
        .zip(&rules)
        .map(|((_, c), &(weight, scale))| {
            (
                weight,
                scale,
                if c.kind == Kind::Scored {
                    leaf_ids.get(&c.id)
                } else {
                    None
                },
            )
        })
        .collect();
    let mut values: Vec<Decimal> = Vec::new();

    // Quality, exclusion and what is pending: everything that does not depend on price.
    let mut results: Vec<BidResult> = e
        .bids
        .iter()
        .map(|bid| {
            let bid_number = bid_ids.get(&bid.id);
            let mut lines = Vec::with_capacity(walk.len());
            let mut reasons = Vec::new();
            let mut pending = Vec::new();
            let mut quality = Decimal::ZERO;
            for ((depth, c), &(eff, (lo, hi), leaf)) in walk.iter().zip(&nodes) {
                let key = (bid.id.as_str(), c.id.as_str());
                let detail = match c.kind {
                    Kind::Group => Detail::Group { points: Decimal::ZERO, relative: None },
                    Kind::Measured => Detail::Measured(PriceCell {
                        method: c.method.unwrap_or(PriceMethod::LowestOverBid),
                        log_base: c.log_base.map(|a| a.0),
                        price: bid.values.get(&c.id).map(|v| v.0),
                        lowest: None,
                        points: None,
                        highest: None,
                        formula: price::Formula::of(c),
                    }),
                    Kind::Price => {
                        // docs/format.md: an eligibility review without its reserve price
                        // (fixed at bid opening) leaves every bid's price score pending.
                        if c.method == Some(PriceMethod::EligibilityReview)
                            && c.eligibility.as_ref().is_some_and(|g| g.reference_price.is_none())
                        {
                            pending.push(Pending::NoReferencePrice { criterion: c.id.clone(), name: c.name.clone() });
                        }
                        Detail::Price(PriceCell {
                            method: c.method.unwrap_or(PriceMethod::LowestOverBid),
                            log_base: c.log_base.map(|a| a.0),
                            price: bid.price.map(|p| p.0),
                            lowest: None,
                            points: None,
                            highest: None,
                            formula: price::Formula::of(c),
                        })
                    }
                    Kind::PassFail => {
                        let check = if checks.is_empty() { None } else { checks.get(&key) };
                        match check.map(|k| k.passed) {
                            None => pending.push(Pending::NoCheck { criterion: c.id.clone(), name: c.name.clone() }),
                            Some(false) => reasons.push(Exclusion::FailedCheck {
                                criterion: c.id.clone(),
                                name: c.name.clone(),
                                note: check.and_then(|k| k.note.clone()),
                            }),
                            Some(true) => {}
                        }
                        Detail::PassFail {
                            passed: check.map(|k| k.passed),
                            note: check.and_then(|k| k.note.clone()),
                        }
                    }
                    Kind::Scored => {
                        let run = match (bid_number, leaf) {
                            (Some(b), Some(l)) => cell_run(b, l),
                            _ => &[],
                        };
                        let given: Vec<(String, Decimal)> =
                            run.iter().map(|p| (p.3.to_string(), p.4)).collect();
                        values.clear();
                        values.extend(run.iter().map(|p| p.4));
                        let agreed = if consensus.is_empty() { None } else { consensus.get(&key).copied() };
                        let (moderated, basis) = moderate::moderate(method, agreed, &values);
                        match basis {
                            Basis::NoScores => pending.push(Pending::NoScores { criterion: c.id.clone(), name: c.name.clone() }),
                            Basis::ProvisionalMean => pending.push(Pending::AwaitingConsensus {
                                criterion: c.id.clone(),
                                name: c.name.clone(),
                            }),
                            _ => {}
                        }
                        let range = hi - lo;
                        let points = match moderated {
                            Some(m) if range > Decimal::ZERO => (m - lo) * eff.unwrap_or_default() / range,
                            _ => Decimal::ZERO,
                        };
                        quality += points;
                        let min_score = c.min_score.map(|m| m.0);
                        if let (Some(m), Some(min)) = (moderated, min_score) {
                            if m < min {
                                reasons.push(Exclusion::BelowMinScore {
                                    criterion: c.id.clone(),
                                    name: c.name.clone(),
                                    moderated: m,
                                    min,
                                });
                            }
                        }
                        let spread = moderate::spread(&values);
                        let flagged = matches!((spread, divergence), (Some(s), Some(d)) if values.len() > 1 && s >= d);
                        Detail::Scored(ScoredCell {
                            scale_min: lo,
                            scale_max: hi,
                            scores: given,
                            consensus: agreed,
                            moderated,
                            basis,
                            points,
                            spread,
                            flagged,
                            min_score,
                            set_aside: Vec::new(),
                        })
                    }
                };
                lines.push(Line {
                    criterion: c.id.clone(),
                    name: c.name.clone(),
                    depth: *depth,
                    effective_weight: eff.filter(|_| c.kind != Kind::PassFail),
                    detail,
                });
            }
            let quality_percent = (scored_available > Decimal::ZERO)
                .then(|| quality * Decimal::ONE_HUNDRED / scored_available);
            if let (Some(p), Some(t)) = (quality_percent, threshold) {
                if p < t {
                    reasons.push(Exclusion::BelowThreshold { percent: p, threshold: t });
                }
            }
            if let (Some(b), Some(p)) = (budget, bid.price) {
                if p.0 > b {
                    reasons.push(Exclusion::AboveBudget { price: p.0, budget: b });
                }
            }
            if let (Some((reference, a, limit)), Some(p)) = (lower_limit, bid.price) {
                if reference > a {
                    let percent = (p.0 - a) / (reference - a) * Decimal::ONE_HUNDRED;
                    if percent < limit {
                        reasons.push(Exclusion::BelowLowerLimit {
                            price: p.0,
                            reference,
                            percent,
                            limit,
                        });
                    }
                }
            }
            BidResult {
                bid: bid.id.clone(),
                supplier: bid.supplier.clone(),
                price: total_price(bid),
                rank: None,
                quality_exact: quality,
                quality: round::round(quality, places),
                quality_percent,
                price_points_exact: None,
                price_points: None,
                total_exact: None,
                total: None,
                reasons,
                pending,
                lines,
                ranked_on: None,
                abnormally_low: None,
                investigation: e.investigation(&bid.id).cloned(),
            }
        })
        .collect();

    // Abnormally low prices (extension), among the bids still in; then the rejections.
    if let Some(rule) = &e.abnormally_low {
        abnormally_low(rule, &mut results);
    }

    // Price, relative to the lowest (and highest) price among the bids still in.
    let field = price::field(
        results
            .iter()
            .filter(|r| !r.excluded())
            .filter_map(|r| r.price),
    );
    let lowest_price = field.map(|f| f.lowest);

    // Each measured criterion's best and worst figures among the bids still in: for a
    // price component, among the positive ones, as for a price.
    let mut measured_fields: HashMap<String, Option<price::Field>> = HashMap::new();
    for (_, c) in walk.iter().filter(|(_, c)| c.kind == Kind::Measured) {
        let figures: Vec<Decimal> = results
            .iter()
            .filter(|r| !r.excluded())
            .filter_map(|r| match r.line(&c.id).map(|l| &l.detail) {
                Some(Detail::Measured(cell)) => cell.price,
                _ => None,
            })
            .collect();
        let f = if component(c) {
            let positive: Vec<Decimal> =
                figures.into_iter().filter(|v| *v > Decimal::ZERO).collect();
            positive
                .iter()
                .copied()
                .min()
                .zip(positive.iter().copied().max())
        } else {
            let nonnegative: Vec<Decimal> = figures
                .into_iter()
                .filter(|v| *v >= Decimal::ZERO)
                .collect();
            nonnegative
                .iter()
                .copied()
                .min()
                .zip(nonnegative.iter().copied().max())
        };
        measured_fields.insert(
            c.id.clone(),
            f.map(|(lowest, highest)| price::Field { lowest, highest }),
        );
    }

    // Groups scored relative to the best bid (extension): the outermost such groups,
    // each set against the highest sum below it among the bids not excluded.
    let relative: Vec<&str> = {
        let mut out = Vec::new();
        let mut under: Option<usize> = None;
        for (depth, c) in &walk {
            if under.is_some_and(|d| *depth <= d) {
                under = None;
            }
            if under.is_none() && c.kind == Kind::Group && c.relative_to_best {
                out.push(c.id.as_str());
                under = Some(*depth);
            }
        }
        out
    };
    let mut bests: Vec<(String, Decimal)> = relative
        .iter()
        .map(|id| (id.to_string(), Decimal::ZERO))
        .collect();
    for r in results.iter_mut() {
        group_points(&mut r.lines, &[]);
        if r.excluded() {
            continue;
        }
        for (id, best) in bests.iter_mut() {
            if let Some(p) = r.line(id).and_then(Line::points) {
                *best = (*best).max(p);
            }
        }
    }

    for r in &mut results {
        let excluded = r.excluded();
        let mut price_points = None;
        let mut measured_quality = Decimal::ZERO;
        for line in &mut r.lines {
            let weight = line.effective_weight.unwrap_or_default();
            match &mut line.detail {
                Detail::Price(cell) => {
                    cell.lowest = lowest_price;
                    cell.highest = field.map(|f| f.highest);
                    if !excluded {
                        let p = match (cell.price, field) {
                            (Some(p), Some(f)) => price::score(&cell.formula, p, f, weight),
                            _ => Decimal::ZERO,
                        };
                        cell.points = Some(p);
                        price_points = Some(price_points.unwrap_or_default() + p);
                    }
                }
                Detail::Measured(cell) => {
                    let f = measured_fields.get(&line.criterion).copied().flatten();
                    cell.lowest = f.map(|f| f.lowest);
                    cell.highest = f.map(|f| f.highest);
                    if !excluded {
                        let p = match (cell.price, f) {
                            (Some(v), Some(f)) => measured_points(&cell.formula, v, f, weight),
                            _ => Decimal::ZERO,
                        };
                        cell.points = Some(p);
                        if cell.formula.component {
                            price_points = Some(price_points.unwrap_or_default() + p);
                        } else {
                            measured_quality += p;
                        }
                    }
                }
                _ => {}
            }
        }
        if !excluded {
            group_points(&mut r.lines, &bests);
            if !bests.is_empty() {
                r.quality_exact = quality_with_relative(&r.lines, &bests);
            }
            r.quality_exact += measured_quality;
            r.quality = round::round(r.quality_exact, places);
            let total = r.quality_exact + price_points.unwrap_or_default();
            r.price_points_exact = price_points;
            r.price_points = price_points.map(|p| round::round(p, places));
            r.total_exact = Some(total);
            r.total = Some(round::round(total, places));
        }
    }

    // Ranked on something else than points (extension): the quantity, worked out here.
    for r in &mut results {
        r.ranked_on = match (e.ranking.as_ref(), r.excluded(), r.price) {
            (Some(k), false, Some(price)) if price > Decimal::ZERO => {
                let q = r.quality_exact;
                match k.method {
                    RankingMethod::WeightedPoints => None,
                    RankingMethod::PricePerPoint => (q > Decimal::ZERO).then(|| price / q),
                    RankingMethod::AdjustedPrice => k.point_value.map(|v| price - q * v.0),
                    RankingMethod::ValueForMoney => Some(q / price),
                }
            }
            _ => None,
        };
    }
    let lower_first = e.ranking.as_ref().and_then(|k| match k.method {
        RankingMethod::WeightedPoints => None,
        RankingMethod::ValueForMoney => Some(false),
        _ => Some(true),
    });
    // Quality per unit of price is a small ratio: compared at six more places.
    let rank_places = match e.ranking.as_ref().map(|k| k.method) {
        Some(RankingMethod::ValueForMoney) => places + 6,
        _ => places,
    };
    rank_bids(&mut results, lower_first, rank_places);
    Results {
        places,
        method,
        lowest_price,
        quality_available,
        price_available,
        bids: results,
        bests,
    }
}

/// docs/format.md, "Measured criteria", written from the rules apart from
/// [`price::measured`]: the best figure scores the whole weight; a price component is
/// scored as a price.
fn measured_points(
    f: &price::Formula,
    value: Decimal,
    field: price::Field,
    weight: Decimal,
) -> Decimal {
    use crate::model::Better;
    if f.component {
        return price::score(f, value, field, weight);
    }
    let (best, worst) = match f.better {
        Better::Lower => (field.lowest, field.highest),
        Better::Higher => (field.highest, field.lowest),
    };
    // Each formula as one fraction of the weight, divided last (as the price formulas).
    let clamp = |p: Decimal| p.max(Decimal::ZERO).min(weight);
    match f.method {
        PriceMethod::BetweenBounds => match f.bounds {
            // Linear from `zero` (nothing) to `full` (everything), either way round.
            Some((full, zero)) if full != zero => clamp((value - zero) * weight / (full - zero)),
            _ => Decimal::ZERO,
        },
        _ if value == best => weight,
        PriceMethod::LowestOverBid => match f.better {
            Better::Lower if value > Decimal::ZERO => best * weight / value,
            Better::Higher if best > Decimal::ZERO => value * weight / best,
            _ => Decimal::ZERO,
        },
        PriceMethod::LinearLowestHighest if worst == best => weight,
        PriceMethod::LinearLowestHighest => clamp((worst - value) * weight / (worst - best)),
        PriceMethod::LinearToLowest | PriceMethod::Logarithmic => match f.better {
            Better::Lower if value == Decimal::ZERO => weight,
            Better::Lower => price::score(f, value, field, weight),
            Better::Higher => Decimal::ZERO,
        },
        // The Korean price scores are a price criterion's only (validation says so).
        PriceMethod::KoreanNegotiated | PriceMethod::EligibilityReview => Decimal::ZERO,
    }
}

/// A bid's quality when groups are scored relative to the best bid: the points of the
/// scored lines under no such group, plus each such group's points (measured criteria
/// are added apart).
fn quality_with_relative(lines: &[Line], bests: &[(String, Decimal)]) -> Decimal {
    let mut total = Decimal::ZERO;
    let mut under: Option<usize> = None;
    for l in lines {
        if under.is_some_and(|d| l.depth <= d) {
            under = None;
        }
        if under.is_some() {
            continue;
        }
        match &l.detail {
            Detail::Group { points, .. } if bests.iter().any(|(id, _)| *id == l.criterion) => {
                total += *points;
                under = Some(l.depth);
            }
            Detail::Scored(cell) => total += cell.points,
            _ => {}
        }
    }
    total
}

/// docs/format.md, "Abnormally low bids": the prices of the bids not excluded for any
/// other reason are compared, once, before any rejection. The base is their mean, their
/// median, or the mean of all but the highest; a bid is flagged when its price is below
/// the threshold ([`super::low::threshold`], the stated formula) and, when the rule says
/// so, more than the margin below the lowest price of the other bids, and at least
/// `min_bids` prices (and always 2) are compared. A flagged bid the buyer rejected is
/// excluded.
fn abnormally_low(rule: &crate::model::AbnormallyLow, results: &mut [BidResult]) {
    use crate::model::{LowBase, Outcome};
    let compared: Vec<(usize, Decimal)> = results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.reasons.is_empty())
        .filter_map(|(i, r)| r.price.map(|p| (i, p)))
        .collect();
    let count = compared.len();
    if count < 2 || count < rule.min_bids.unwrap_or(0).max(0) as usize {
        return;
    }
    let total = |skip: Option<usize>| -> Decimal {
        compared
            .iter()
            .enumerate()
            .filter(|(k, _)| Some(*k) != skip)
            .map(|(_, (_, p))| *p)
            .sum()
    };
    // The base as a fraction: a sum over a count, or the middle of the sorted prices.
    let (num, den) = match rule.of {
        LowBase::Mean => (total(None), Decimal::from(count)),
        LowBase::MeanWithoutHighest => {
            // Leave out one price: the highest (the first of equal highest ones).
            let highest = (0..count)
                .max_by(|&a, &b| compared[a].1.cmp(&compared[b].1).then(b.cmp(&a)))
                .unwrap_or(0);
            (total(Some(highest)), Decimal::from(count - 1))
        }
        LowBase::Median => {
            let mut sorted: Vec<Decimal> = compared.iter().map(|(_, p)| *p).collect();
            sorted.sort();
            let mid = count / 2;
            if count % 2 == 0 {
                (sorted[mid - 1] + sorted[mid], Decimal::TWO)
            } else {
                (sorted[mid], Decimal::ONE)
            }
        }
    };
    let base = num / den;
    let limit = super::low::threshold(rule, base);
    for &(i, price) in &compared {
        if !super::low::under(rule, num, den, price) {
            continue;
        }
        let lowest_other = compared
            .iter()
            .filter(|(j, _)| *j != i)
            .map(|(_, p)| *p)
            .min()
            .unwrap_or(price);
        let margin = rule.below_lowest_other_percent.map(|m| m.0);
        if let Some(m) = margin {
            // More than m % below the lowest other price.
            if !super::low::clear_of(m, lowest_other, price) {
                continue;
            }
        }
        let r = &mut results[i];
        if let Some(v) = r
            .investigation
            .as_ref()
            .filter(|v| v.outcome == Outcome::Rejected)
        {
            let reason = v.reason.clone().unwrap_or_default();
            r.reasons.push(Exclusion::AbnormallyLow {
                price,
                threshold: limit,
                reason,
            });
        }
        r.abnormally_low = Some(super::low::LowFlag {
            of: rule.of,
            base,
            compared: count,
            threshold: limit,
            percent_below: super::low::percent_below(base, price),
            lowest_other: margin.map(|_| lowest_other),
        });
    }
}

/// FORMAT.md "Breakdown": a group's points are the exact sum of the points of the
/// criteria directly under it (its subgroups' sums included). Each line's points are
/// added into the nearest group line above it at a lower depth, deepest lines first,
/// so a subgroup's sum is complete before it is added to its parent.
fn group_points(lines: &mut [Line], bests: &[(String, Decimal)]) {
    let deepest = lines.iter().map(|l| l.depth).max().unwrap_or(0);
    for line in lines.iter_mut() {
        if let Detail::Group { points, relative } = &mut line.detail {
            *points = Decimal::ZERO;
            *relative = None;
        }
    }
    for depth in (1..=deepest).rev() {
        for i in 0..lines.len() {
            if lines[i].depth != depth {
                continue;
            }
            let Some(points) = lines[i].points() else {
                continue;
            };
            let parent = (0..i).rev().find(|&j| lines[j].depth < depth);
            if let Some(j) = parent {
                if let Detail::Group { points: sum, .. } = &mut lines[j].detail {
                    *sum += points;
                }
            }
        }
        // The groups one level up now hold their whole sums: those scored relative to
        // the best bid become `weight × sum / best` before they are added further up.
        for line in lines.iter_mut().filter(|l| l.depth == depth - 1) {
            let weight = line.effective_weight.unwrap_or_default();
            let Some((_, best)) = bests.iter().find(|(id, _)| *id == line.criterion) else {
                continue;
            };
            if let Detail::Group { points, relative } = &mut line.detail {
                *relative = Some(super::Relative {
                    points: *points,
                    best: *best,
                });
                // docs/format.md: the best bid gets the whole weight, and no bid more.
                *points = if *best <= Decimal::ZERO {
                    Decimal::ZERO
                } else if *points >= *best {
                    weight
                } else {
                    (*points * weight / *best).min(weight)
                };
            }
        }
    }
}

/// FORMAT.md "Rank": by rounded total, highest first; a tie goes to the higher rounded
/// quality subtotal, then to the lower price (a bid without a price after every bid
/// with one); bids still tied share the rank (1, 1, 3). Excluded bids get no rank and
/// come last, the highest exact quality first. Bids that stand level are listed by
/// supplier, then id, so that the list is the same every time.
fn rank_bids(results: &mut [BidResult], lower_first: Option<bool>, places: u32) {
    // What a bid stands on, as a key that sorts best first: under another ranking method,
    // the rounded quantity ranked on first (negated when higher is better; a bid without
    // one after every bid with one).
    type Standing = (
        (bool, Option<Decimal>),
        std::cmp::Reverse<Option<Decimal>>,
        std::cmp::Reverse<Decimal>,
        (bool, Option<Decimal>),
    );
    let standing = |b: &BidResult| -> Standing {
        let on = match lower_first {
            None => (false, None),
            Some(lower) => {
                let v = b.ranked_on.map(|v| round::round(v, places));
                (v.is_none(), v.map(|v| if lower { v } else { -v }))
            }
        };
        (
            on,
            std::cmp::Reverse(b.total),
            std::cmp::Reverse(b.quality),
            (b.price.is_none(), b.price),
        )
    };
    results.sort_by(|a, b| {
        let by_standing = match (a.excluded(), b.excluded()) {
            (false, false) => standing(a).cmp(&standing(b)),
            (true, true) => b.quality_exact.cmp(&a.quality_exact),
            (false, true) => std::cmp::Ordering::Less,
            (true, false) => std::cmp::Ordering::Greater,
        };
        by_standing
            .then_with(|| a.supplier.cmp(&b.supplier))
            .then_with(|| a.bid.cmp(&b.bid))
    });
    // A bid's rank is one more than the number of bids standing strictly ahead of it.
    let mut last: Option<(Standing, u32)> = None;
    for (i, r) in results.iter_mut().enumerate() {
        if r.excluded() {
            r.rank = None;
            continue;
        }
        let s = standing(r);
        let rank = match &last {
            Some((prev, rank)) if *prev == s => *rank,
            _ => i as u32 + 1,
        };
        r.rank = Some(rank);
        last = Some((s, rank));
    }
}

//! The arithmetic of an award (FORMAT.md, "Scoring"): effective weights, moderation,
//! points, exclusion, price, totals and ranks. Exact decimal throughout; rounding
//! happens once, in [`round`].
//!
//! [`score`] expects an evaluation that passed [`crate::model::validate`]; on anything
//! else it still returns without panicking, but the numbers mean nothing.

pub mod moderate;
pub mod price;
pub mod round;

use std::cmp::Ordering;
use std::collections::HashMap;

use rust_decimal::Decimal;

pub use moderate::Basis;

use crate::model::ids::Ids;
use crate::model::{Evaluation, Kind, Method, PriceMethod};

/// Everything the engine computes for an evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    pub places: u32,
    pub method: Method,
    /// The lowest price among the bids that are not excluded: the base of price points.
    pub lowest_price: Option<Decimal>,
    /// Points available from scored criteria (the sum of their effective weights).
    pub quality_available: Decimal,
    /// Points available from price (its effective weight), if price is scored.
    pub price_available: Option<Decimal>,
    /// Bids in rank order; excluded bids last.
    pub bids: Vec<BidResult>,
}

/// One bid's result and how it was reached.
#[derive(Clone, Debug, PartialEq)]
pub struct BidResult {
    pub bid: String,
    pub supplier: String,
    pub price: Option<Decimal>,
    /// Shared when tied (1, 1, 3); `None` when excluded.
    pub rank: Option<u32>,
    /// Quality points, exact and as reported.
    pub quality_exact: Decimal,
    pub quality: Decimal,
    /// Quality points as a percentage of those available: what a threshold tests.
    pub quality_percent: Option<Decimal>,
    pub price_points_exact: Option<Decimal>,
    pub price_points: Option<Decimal>,
    pub total_exact: Option<Decimal>,
    pub total: Option<Decimal>,
    /// Why the bid is excluded; empty when it is not.
    pub reasons: Vec<Exclusion>,
    /// What is still missing before the result is final; empty when it is final.
    pub pending: Vec<Pending>,
    /// Every node of the criteria tree, in tree order, with this bid's figures.
    pub lines: Vec<Line>,
}

impl BidResult {
    pub fn excluded(&self) -> bool {
        !self.reasons.is_empty()
    }
    pub fn provisional(&self) -> bool {
        !self.pending.is_empty()
    }
    pub fn line(&self, criterion: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.criterion == criterion)
    }
}

/// Why a bid is excluded.
#[derive(Clone, Debug, PartialEq)]
pub enum Exclusion {
    FailedCheck {
        criterion: String,
        name: String,
        note: Option<String>,
    },
    BelowMinScore {
        criterion: String,
        name: String,
        moderated: Decimal,
        min: Decimal,
    },
    BelowThreshold {
        percent: Decimal,
        threshold: Decimal,
    },
}

impl Exclusion {
    /// A short machine-readable kind: `failed_check:ID`, `min_score:ID`, `quality_threshold`.
    pub fn code(&self) -> String {
        match self {
            Exclusion::FailedCheck { criterion, .. } => format!("failed_check:{criterion}"),
            Exclusion::BelowMinScore { criterion, .. } => format!("min_score:{criterion}"),
            Exclusion::BelowThreshold { .. } => "quality_threshold".to_string(),
        }
    }
}

impl std::fmt::Display for Exclusion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exclusion::FailedCheck { name, note, .. } => {
                write!(f, "Failed the pass/fail criterion \"{name}\"")?;
                match note {
                    Some(n) if !n.trim().is_empty() => write!(f, ": {}", n.trim()),
                    _ => Ok(()),
                }
            }
            Exclusion::BelowMinScore {
                name,
                moderated,
                min,
                ..
            } => write!(
                f,
                "Moderated score {} on \"{name}\" is below the minimum of {}",
                show_below(*moderated, *min),
                min.normalize()
            ),
            Exclusion::BelowThreshold { percent, threshold } => write!(
                f,
                "Quality is {} % of the available points, below the threshold of {} %",
                show_below(*percent, *threshold),
                threshold.normalize()
            ),
        }
    }
}

/// Shows a value that is below a limit with enough digits that it visibly is.
fn show_below(value: Decimal, limit: Decimal) -> String {
    (2..=8)
        .map(|p| round::round(value, p))
        .find(|r| *r < limit)
        .unwrap_or_else(|| round::round(value, 8))
        .normalize()
        .to_string()
}

/// What keeps a bid's result provisional.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    NoScores { criterion: String, name: String },
    AwaitingConsensus { criterion: String, name: String },
    NoCheck { criterion: String, name: String },
}

impl std::fmt::Display for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Pending::NoScores { name, .. } => write!(f, "\"{name}\" has no scores yet"),
            Pending::AwaitingConsensus { name, .. } => {
                write!(f, "\"{name}\" awaits a consensus score")
            }
            Pending::NoCheck { name, .. } => {
                write!(f, "\"{name}\" has no pass/fail check recorded")
            }
        }
    }
}

/// One criterion's figures for one bid.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub criterion: String,
    pub name: String,
    pub depth: usize,
    /// Points out of 100 that the criterion can give; `None` for pass/fail.
    pub effective_weight: Option<Decimal>,
    pub detail: Detail,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    /// A group: the exact sum of the points below it (price included if it is below).
    Group {
        points: Decimal,
    },
    Scored(ScoredCell),
    Price(PriceCell),
    PassFail {
        passed: Option<bool>,
        note: Option<String>,
    },
}

impl Line {
    /// Exact points this line contributes (groups: the sum below them).
    pub fn points(&self) -> Option<Decimal> {
        match &self.detail {
            Detail::Group { points } => Some(*points),
            Detail::Scored(c) => Some(c.points),
            Detail::Price(p) => p.points,
            Detail::PassFail { .. } => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScoredCell {
    pub scale_min: Decimal,
    pub scale_max: Decimal,
    /// Each evaluator's score, in the order of the panel.
    pub scores: Vec<(String, Decimal)>,
    pub consensus: Option<Decimal>,
    pub moderated: Option<Decimal>,
    pub basis: Basis,
    pub points: Decimal,
    pub spread: Option<Decimal>,
    /// The spread reaches `moderation.divergence`: the panel should discuss this cell.
    pub flagged: bool,
    pub min_score: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PriceCell {
    pub method: PriceMethod,
    /// A of the logarithmic formula.
    pub log_base: Option<Decimal>,
    pub price: Option<Decimal>,
    pub lowest: Option<Decimal>,
    /// `None` for an excluded bid: it gets no price points.
    pub points: Option<Decimal>,
}

/// The effective weight of every weighted node: the product of `weight / 100` down its
/// path, times 100. Pass/fail nodes have none.
pub fn effective_weights(e: &Evaluation) -> HashMap<String, Decimal> {
    let mut out = HashMap::new();
    let mut stack: Vec<(&crate::model::Criterion, Decimal)> = e
        .criteria
        .iter()
        .rev()
        .map(|c| (c, Decimal::ONE_HUNDRED))
        .collect();
    while let Some((c, parent)) = stack.pop() {
        if !c.is_weighted() {
            continue;
        }
        let w = c.weight.map_or(Decimal::ZERO, |w| w.0);
        let eff = parent * w / Decimal::ONE_HUNDRED;
        out.insert(c.id.clone(), eff);
        stack.extend(c.children().iter().rev().map(|ch| (ch, eff)));
    }
    out
}

/// Scores every bid of a valid evaluation.
pub fn score(e: &Evaluation) -> Results {
    let places = e.places();
    let method = e.method();
    let weights = effective_weights(e);
    let walk = e.walk();
    let default_scale = e.default_scale();
    let divergence = e.divergence().map(|d| d.0);

    // Scales resolved down the tree (a group's scale applies to its children).
    let mut scales: HashMap<&str, (Decimal, Decimal)> = HashMap::new();
    {
        let mut stack: Vec<(&crate::model::Criterion, (Decimal, Decimal))> = e
            .criteria
            .iter()
            .rev()
            .map(|c| (c, (default_scale.min.0, default_scale.max.0)))
            .collect();
        while let Some((c, inherited)) = stack.pop() {
            let own = c.scale.as_ref().map_or(inherited, |s| (s.min.0, s.max.0));
            scales.insert(&c.id, own);
            stack.extend(c.children().iter().rev().map(|ch| (ch, own)));
        }
    }

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

    let quality_available: Decimal = scored_leaves
        .iter()
        .map(|c| weights.get(&c.id).copied().unwrap_or_default())
        .sum();
    let price_node = walk.iter().map(|(_, c)| *c).find(|c| c.kind == Kind::Price);
    let price_available = price_node.map(|c| weights.get(&c.id).copied().unwrap_or_default());
    let threshold = e.quality_threshold.map(|t| t.0);

    // What each node of the tree brings to every bid, looked up once.
    // (effective weight, scale ends, number among the scored leaves)
    type Node = (Option<Decimal>, (Decimal, Decimal), Option<u32>);
    let nodes: Vec<Node> = walk
        .iter()
        .map(|(_, c)| {
            (
                weights.get(&c.id).copied(),
                scales
                    .get(c.id.as_str())
                    .copied()
                    .unwrap_or((Decimal::ZERO, Decimal::ONE)),
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
                    Kind::Group => Detail::Group { points: Decimal::ZERO },
                    Kind::Price => Detail::Price(PriceCell {
                        method: c.method.unwrap_or(PriceMethod::LowestOverBid),
                        log_base: c.log_base.map(|a| a.0),
                        price: bid.price.map(|p| p.0),
                        lowest: None,
                        points: None,
                    }),
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
            let quality_percent = (quality_available > Decimal::ZERO)
                .then(|| quality * Decimal::ONE_HUNDRED / quality_available);
            if let (Some(p), Some(t)) = (quality_percent, threshold) {
                if p < t {
                    reasons.push(Exclusion::BelowThreshold { percent: p, threshold: t });
                }
            }
            BidResult {
                bid: bid.id.clone(),
                supplier: bid.supplier.clone(),
                price: bid.price.map(|p| p.0),
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
            }
        })
        .collect();

    // Price, relative to the lowest price among the bids still in.
    let lowest_price = results
        .iter()
        .filter(|r| !r.excluded())
        .filter_map(|r| r.price)
        .filter(|p| *p > Decimal::ZERO)
        .min();
    for r in &mut results {
        let excluded = r.excluded();
        let mut price_points = None;
        for line in &mut r.lines {
            if let Detail::Price(cell) = &mut line.detail {
                cell.lowest = lowest_price;
                if !excluded {
                    let weight = line.effective_weight.unwrap_or_default();
                    let p = match (cell.price, lowest_price) {
                        (Some(p), Some(l)) => {
                            price::points(cell.method, cell.log_base, p, l, weight)
                        }
                        _ => Decimal::ZERO,
                    };
                    cell.points = Some(p);
                    price_points = Some(p);
                }
            }
        }
        if !excluded {
            let total = r.quality_exact + price_points.unwrap_or_default();
            r.price_points_exact = price_points;
            r.price_points = price_points.map(|p| round::round(p, places));
            r.total_exact = Some(total);
            r.total = Some(round::round(total, places));
        }
        fill_group_points(&mut r.lines);
    }

    rank(&mut results);
    Results {
        places,
        method,
        lowest_price,
        quality_available,
        price_available,
        bids: results,
    }
}

/// Group lines carry the exact sum of the points of the lines below them.
fn fill_group_points(lines: &mut [Line]) {
    for i in (0..lines.len()).rev() {
        if matches!(lines[i].detail, Detail::Group { .. }) {
            let depth = lines[i].depth;
            let sum: Decimal = lines[i + 1..]
                .iter()
                .take_while(|l| l.depth > depth)
                .filter(|l| l.depth == depth + 1)
                .filter_map(Line::points)
                .sum();
            lines[i].detail = Detail::Group { points: sum };
        }
    }
}

/// Orders by rounded total, then rounded quality, then lower price; excluded bids last.
/// Bids still tied share a rank (1, 1, 3).
fn rank(results: &mut [BidResult]) {
    let standing = |a: &BidResult, b: &BidResult| -> Ordering {
        b.total
            .cmp(&a.total)
            .then(b.quality.cmp(&a.quality))
            // Lower price first; a bid without a price after every bid with one.
            .then(match (a.price, b.price) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
    };
    results.sort_by(|a, b| {
        a.excluded()
            .cmp(&b.excluded())
            .then_with(|| {
                if a.excluded() {
                    b.quality_exact.cmp(&a.quality_exact)
                } else {
                    standing(a, b)
                }
            })
            .then_with(|| a.supplier.cmp(&b.supplier))
            .then_with(|| a.bid.cmp(&b.bid))
    });
    let mut previous: Option<usize> = None;
    for i in 0..results.len() {
        if results[i].excluded() {
            break;
        }
        let r = match previous {
            Some(p) if standing(&results[p], &results[i]) == Ordering::Equal => results[p].rank,
            _ => Some(i as u32 + 1),
        };
        results[i].rank = r;
        previous = Some(i);
    }
}

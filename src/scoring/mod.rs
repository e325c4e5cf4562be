//! The arithmetic of an award (FORMAT.md, "Scoring"): effective weights, moderation,
//! points, exclusion, price, totals and ranks. Exact decimal throughout; rounding
//! happens once, in [`round`].
//!
//! [`score`] expects an evaluation that passed [`crate::model::validate`]; on anything
//! else it still returns without panicking, but the numbers mean nothing.

pub mod grid;
pub mod lots;
pub mod low;
pub mod moderate;
pub mod price;
pub mod reference;
pub mod round;

use std::cmp::Ordering;
use std::collections::HashMap;

use rust_decimal::Decimal;

pub use grid::Grid;
pub use moderate::Basis;

pub use crate::model::panel::Standing;
use crate::model::{Evaluation, Method, PriceMethod};

/// Everything the engine computes for an evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Results {
    pub places: u32,
    pub method: Method,
    /// The lowest price among the bids that are not excluded: the base of price points.
    pub lowest_price: Option<Decimal>,
    /// Points available from scored criteria (the sum of their effective weights), and
    /// from measured criteria that are not price components (extension).
    pub quality_available: Decimal,
    /// Points available from price (its effective weight, or the sum of the price
    /// components' in an evaluation that prices by components), if price is scored.
    pub price_available: Option<Decimal>,
    /// Bids in rank order; excluded bids last.
    pub bids: Vec<BidResult>,
    /// Extension: each group scored relative to the best bid, with the best bid's
    /// points below it (the highest among the bids not excluded), in tree order.
    pub bests: Vec<(String, Decimal)>,
}

/// One bid's result and how it was reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BidResult {
    pub bid: String,
    pub supplier: String,
    /// The total evaluated price: the bid's `price`, or (extension) the sum of its
    /// figures for the price components.
    pub price: Option<Decimal>,
    /// Shared when tied (1, 1, 3); `None` when excluded.
    pub rank: Option<u32>,
    /// Quality points, exact and as reported.
    pub quality_exact: Decimal,
    pub quality: Decimal,
    /// Points from scored criteria as a percentage of those available: what a threshold
    /// tests (measured criteria, scored against the bids still in, come after it).
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
    /// Extension: what the bid is ranked on, exact, when the evaluation ranks by
    /// something other than weighted points (price per quality point…); `None` else,
    /// and for a bid that has none (excluded, no price, no quality points to divide by).
    pub ranked_on: Option<Decimal>,
    /// Extension: why the abnormally low rule flags the bid; `None` when it does not.
    pub abnormally_low: Option<low::LowFlag>,
    /// Extension: the recorded outcome of investigating the bid's price, flagged or
    /// not (an outcome for a bid not flagged is kept and changes nothing).
    pub investigation: Option<crate::model::Investigation>,
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
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// Extension: the bid's price is above the budget of the price criterion.
    AboveBudget { price: Decimal, budget: Decimal },
    /// Extension: flagged as abnormally low, and rejected by the buyer after
    /// investigation, for `reason`.
    AbnormallyLow {
        price: Decimal,
        threshold: Decimal,
        reason: String,
    },
    /// Extension: the bid's price, as a percentage of the eligibility review's reference
    /// price (`percent`, exact), is below its lower limit (낙찰하한율).
    BelowLowerLimit {
        price: Decimal,
        reference: Decimal,
        percent: Decimal,
        limit: Decimal,
    },
}

impl Exclusion {
    /// A short machine-readable kind: `failed_check:ID`, `min_score:ID`, `quality_threshold`.
    pub fn code(&self) -> String {
        match self {
            Exclusion::FailedCheck { criterion, .. } => format!("failed_check:{criterion}"),
            Exclusion::BelowMinScore { criterion, .. } => format!("min_score:{criterion}"),
            Exclusion::BelowThreshold { .. } => "quality_threshold".to_string(),
            Exclusion::AboveBudget { .. } => "budget".to_string(),
            Exclusion::AbnormallyLow { .. } => "abnormally_low".to_string(),
            Exclusion::BelowLowerLimit { .. } => "lower_limit".to_string(),
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
            Exclusion::AboveBudget { price, budget } => write!(
                f,
                "Price {} is above the budget of {}",
                price.normalize(),
                budget.normalize()
            ),
            Exclusion::AbnormallyLow {
                price,
                threshold,
                reason,
            } => write!(
                f,
                "Rejected as abnormally low: the price {} is below {}, and the supplier's explanation was not accepted: {}",
                price.normalize(),
                round::round(*threshold, 2).normalize(),
                reason.trim()
            ),
            Exclusion::BelowLowerLimit {
                price,
                reference,
                percent,
                limit,
            } => write!(
                f,
                "Price {} is {} % of the reference price {}, below the lower limit of {} %",
                price.normalize(),
                show_below(*percent, *limit),
                reference.normalize(),
                limit.normalize()
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
    NoScores {
        criterion: String,
        name: String,
    },
    AwaitingConsensus {
        criterion: String,
        name: String,
    },
    NoCheck {
        criterion: String,
        name: String,
    },
    /// Fewer scores that count than `moderation.min_scores` (extension).
    TooFewScores {
        criterion: String,
        name: String,
        have: usize,
        need: usize,
    },
    /// The eligibility review's reserve price (예정가격) is not stated yet: it is fixed
    /// only at bid opening (extension).
    NoReferencePrice {
        criterion: String,
        name: String,
    },
    /// Every evaluator is recused from the bid or not assigned to the criterion
    /// (extension): nobody may score the cell.
    NoEligibleEvaluator {
        criterion: String,
        name: String,
    },
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
            Pending::TooFewScores {
                name, have, need, ..
            } => write!(
                f,
                "\"{name}\" has {have} score{} that count{}; the panel needs at least {need}",
                if *have == 1 { "" } else { "s" },
                if *have == 1 { "s" } else { "" },
            ),
            Pending::NoReferencePrice { name, .. } => write!(
                f,
                "\"{name}\" waits for the reserve price (예정가격), fixed at bid opening: enter it to give price points"
            ),
            Pending::NoEligibleEvaluator { name, .. } => write!(
                f,
                "\"{name}\" has no evaluator who may score it: every one is recused from this bid or not assigned to this criterion"
            ),
        }
    }
}

/// One criterion's figures for one bid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub criterion: String,
    pub name: String,
    pub depth: usize,
    /// Points out of 100 that the criterion can give; `None` for pass/fail.
    pub effective_weight: Option<Decimal>,
    pub detail: Detail,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detail {
    /// A group: the exact sum of the points below it (price included if it is below);
    /// of a group scored relative to the best bid (extension), that sum set against the
    /// best bid's.
    Group {
        points: Decimal,
        relative: Option<Relative>,
    },
    Scored(ScoredCell),
    Price(PriceCell),
    /// Extension: a measured criterion: the bid's figure, the best and worst among the
    /// bids still in, and the points by its formula.
    Measured(PriceCell),
    PassFail {
        passed: Option<bool>,
        note: Option<String>,
    },
}

impl Line {
    /// Exact points this line contributes (groups: the sum below them).
    pub fn points(&self) -> Option<Decimal> {
        match &self.detail {
            Detail::Group { points, .. } => Some(*points),
            Detail::Scored(c) => Some(c.points),
            Detail::Price(p) | Detail::Measured(p) => p.points,
            Detail::PassFail { .. } => None,
        }
    }
}

/// Extension: how a group scored relative to the best bid reached its points:
/// `weight × points / best`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relative {
    /// The exact sum of the points below the group, for this bid.
    pub points: Decimal,
    /// The highest such sum among the bids not excluded; the group gives nothing when
    /// it is 0.
    pub best: Decimal,
}

/// The points of a group scored relative to the best bid.
/// The best bid gets the whole weight exactly, and no bid more: the quotient is
/// carried to 28 digits, and its last one must never lift a share above the weight.
pub fn relative_points(weight: Decimal, points: Decimal, best: Decimal) -> Decimal {
    if best <= Decimal::ZERO {
        Decimal::ZERO
    } else if points >= best {
        weight
    } else {
        (points * weight / best).min(weight)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// Scores in the file that do not count (extension): by an evaluator recused from
    /// the bid or not assigned to the cell, in the order of the file.
    pub set_aside: Vec<(String, Decimal, Standing)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceCell {
    pub method: PriceMethod,
    /// A of the logarithmic formula.
    pub log_base: Option<Decimal>,
    pub price: Option<Decimal>,
    pub lowest: Option<Decimal>,
    /// `None` for an excluded bid: it gets no price points.
    pub points: Option<Decimal>,
    /// Extension: the highest price among the bids still in (linear between the lowest
    /// and the highest), and the formula's other parameters.
    pub highest: Option<Decimal>,
    pub formula: price::Formula,
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

/// Scores every bid of a valid evaluation: through the prepared [`Grid`] when its
/// numbers fit one (every real evaluation), otherwise cell by cell in [`reference`].
///
/// Only the scores that count are moderated ([`crate::model::panel`]): a recused or
/// unassigned evaluator's scores stay in the file and out of the result. Then the
/// panel's rules of a cell apply (extension): a cell with fewer scores that count than
/// `moderation.min_scores`, or with nobody who may score it, keeps the bid provisional.
/// A version 1 file has neither, and scores exactly as the engine alone does.
pub fn score(e: &Evaluation) -> Results {
    // Who may score what, resolved once for both steps.
    let panel = crate::model::panel::Panel::new(e);
    let counting = crate::model::panel::counting_with(e, &panel);
    let mut r = match Grid::new(&counting) {
        Some(grid) => grid.full(),
        None => reference::score(&counting),
    };
    panel_pending(e, &panel, &mut r);
    r
}

/// Scores of one cell that do not count, with why.
type SetAside = Vec<(String, Decimal, Standing)>;

/// Adds what the panel's rules leave pending (see [`score`]).
fn panel_pending(e: &Evaluation, panel: &crate::model::panel::Panel, r: &mut Results) {
    let min = e.min_scores();
    if panel.is_open() && min.is_none() {
        return;
    }
    let bids: HashMap<&str, &crate::model::Bid> =
        e.bids.iter().map(|b| (b.id.as_str(), b)).collect();
    let mut set_aside: HashMap<(String, String), SetAside> = HashMap::new();
    if !panel.is_open() {
        for s in &e.scores {
            if let Some(b) = bids.get(s.bid.as_str()) {
                let standing = panel.standing(&s.evaluator, b, &s.criterion);
                if standing != Standing::Counts {
                    set_aside
                        .entry((s.bid.clone(), s.criterion.clone()))
                        .or_default()
                        .push((s.evaluator.clone(), s.score.0, standing));
                }
            }
        }
    }
    for b in &mut r.bids {
        for line in &mut b.lines {
            if let Detail::Scored(cell) = &mut line.detail {
                if let Some(v) = set_aside.remove(&(b.bid.clone(), line.criterion.clone())) {
                    cell.set_aside = v;
                }
            }
        }
        let Some(bid) = bids.get(b.bid.as_str()) else {
            continue;
        };
        let mut extra = Vec::new();
        for line in &b.lines {
            let Detail::Scored(cell) = &line.detail else {
                continue;
            };
            if panel.eligible(bid, &line.criterion).next().is_none() {
                let (criterion, name) = (line.criterion.clone(), line.name.clone());
                match b.pending.iter_mut().find(
                    |p| matches!(p, Pending::NoScores { criterion: c, .. } if *c == line.criterion),
                ) {
                    Some(p) => *p = Pending::NoEligibleEvaluator { criterion, name },
                    None => extra.push(Pending::NoEligibleEvaluator { criterion, name }),
                }
                continue;
            }
            let have = cell.scores.len();
            if let Some(need) = min.filter(|&n| have > 0 && have < n) {
                extra.push(Pending::TooFewScores {
                    criterion: line.criterion.clone(),
                    name: line.name.clone(),
                    have,
                    need,
                });
            }
        }
        b.pending.extend(extra);
    }
}

/// Group lines carry the exact sum of the points of the lines below them; a group
/// scored relative to the best bid (extension) carries `weight × sum / best`, `best`
/// from `bests` by group id (an excluded bid's groups are not set against the best:
/// pass an empty map).
pub(crate) fn fill_group_points(lines: &mut [Line], bests: &HashMap<String, Decimal>) {
    for i in (0..lines.len()).rev() {
        if matches!(lines[i].detail, Detail::Group { .. }) {
            let depth = lines[i].depth;
            let sum: Decimal = lines[i + 1..]
                .iter()
                .take_while(|l| l.depth > depth)
                .filter(|l| l.depth == depth + 1)
                .filter_map(Line::points)
                .sum();
            lines[i].detail = match bests.get(&lines[i].criterion) {
                Some(&best) => Detail::Group {
                    points: relative_points(
                        lines[i].effective_weight.unwrap_or_default(),
                        sum,
                        best,
                    ),
                    relative: Some(Relative { points: sum, best }),
                },
                None => Detail::Group {
                    points: sum,
                    relative: None,
                },
            };
        }
    }
}

/// What a bid is ranked on under a ranking method other than weighted points
/// (extension): price per quality point, quality-adjusted price, or quality points per
/// unit of price. `None` under weighted points, and where there is nothing to divide.
pub fn ranked_on(ranking: Option<&crate::model::Ranking>, b: &BidResult) -> Option<Decimal> {
    use crate::model::RankingMethod as R;
    let r = ranking?;
    if b.excluded() {
        return None;
    }
    let price = b.price.filter(|p| *p > Decimal::ZERO)?;
    let q = b.quality_exact;
    match r.method {
        R::WeightedPoints => None,
        R::PricePerPoint => (q > Decimal::ZERO).then(|| price / q),
        R::AdjustedPrice => Some(price - q * r.point_value?.0),
        R::ValueForMoney => Some(q / price),
    }
}

/// The decimal places a ranked quantity is compared at: those of totals, and six more
/// for quality per unit of price, a small ratio (0.0008) that two places would flatten.
pub fn rank_places(ranking: Option<&crate::model::Ranking>, places: u32) -> u32 {
    match ranking.map(|r| r.method) {
        Some(crate::model::RankingMethod::ValueForMoney) => places + 6,
        _ => places,
    }
}

/// For a ranking method other than weighted points: whether lower ranks first.
pub fn lower_first(ranking: Option<&crate::model::Ranking>) -> Option<bool> {
    use crate::model::RankingMethod as R;
    match ranking?.method {
        R::WeightedPoints => None,
        R::PricePerPoint | R::AdjustedPrice => Some(true),
        R::ValueForMoney => Some(false),
    }
}

/// Orders by rounded total, then rounded quality, then lower price; excluded bids last.
/// Bids still tied share a rank (1, 1, 3).
/// Under another ranking method (`lower_first`), by the rounded quantity ranked on
/// (lower or higher first; a bid without one after every bid with one), then as here.
pub(crate) fn rank(results: &mut [BidResult], lower_first: Option<bool>, places: u32) {
    let on = |b: &BidResult| b.ranked_on.map(|v| round::round(v, places));
    let standing = |a: &BidResult, b: &BidResult| -> Ordering {
        let by_method = match lower_first {
            None => Ordering::Equal,
            Some(lower) => match (on(a), on(b)) {
                (Some(x), Some(y)) if lower => x.cmp(&y),
                (Some(x), Some(y)) => y.cmp(&x),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        };
        by_method
            .then(b.total.cmp(&a.total))
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

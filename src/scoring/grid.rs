//! The evaluation prepared for scoring at speed.
//!
//! A [`Grid`] holds every score as a whole number of units (10^-`unit`, the most
//! decimal places any score, scale end or minimum is written with) in one flat array,
//! `[bid][scored criterion][evaluator]`, with the weights, scales and ids looked up once.
//! A full rescore is then a loop of integer additions, and one exact division per bid:
//!
//! - a cell's moderated score is a fraction `num / den` of whole units (the mean is
//!   `sum / n`, the median of an even count `(a + b) / 2`, a consensus `c / 1`);
//! - its points, `(moderated − min) / (max − min) × weight`, are
//!   `(num − den·min) · weight / (den · (max − min))`: an integer product over an integer;
//! - a bid's quality points are the sum of those over every scored criterion. Products
//!   with the same denominator are added as integers (96 bits are checked to suffice when
//!   the grid is built) and divided once, so the exact total is rounded once, to 28
//!   significant digits, instead of once per cell.
//!
//! The app keeps a grid beside the open evaluation and changes one slot per score
//! edited ([`Grid::set_score`]), so an edit never reads the file again. A bid's
//! breakdown ([`Grid::lines`]) is built only when someone looks at it.
//!
//! An evaluation whose numbers do not fit (more than [`MAX_UNIT`] decimal places, or
//! sums beyond 96 bits) has no grid: [`super::score`] then uses the cell-by-cell
//! [`super::reference`] engine, which the tests also hold the grid to.

use std::collections::HashMap;
use std::rc::Rc;

use rust_decimal::Decimal;

use super::{
    effective_weights, fill_group_points, price, rank, round, Basis, BidResult, Detail, Exclusion,
    Line, Pending, PriceCell, Results, ScoredCell,
};
use crate::model::ids::Ids;
use crate::model::{tree, Evaluation, Kind, Method};

/// An empty slot: no score, or no consensus.
const NONE: i64 = i64::MIN;
/// Most decimal places a grid's whole numbers carry. Real scores have 0 to 2.
pub const MAX_UNIT: u32 = 9;
/// The largest whole number a grid holds: 10^15 (a scale end of ±10^6 at 9 places).
const MAX_VALUE: i64 = 1_000_000_000_000_000;

/// An evaluation prepared for scoring: see the module's documentation.
// Eq lets `Rc<Grid>` compare by pointer first: yew compares props on every render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grid {
    shape: Rc<Shape>,
    /// Every evaluator's score, `[bid][leaf][evaluator]`, in units; [`NONE`] when not given.
    scores: Vec<i64>,
    /// The decimal places each score was written with, so that it reads back as written.
    score_places: Vec<u8>,
    /// The panel's agreed score, `[bid][leaf]`, in units; [`NONE`] when not recorded.
    consensus: Vec<i64>,
    consensus_places: Vec<u8>,
    /// Pass/fail checks, `[bid][pass/fail criterion]`: passed, and the note.
    checks: Vec<Option<(bool, Option<String>)>>,
}

/// What does not change when a score does: the tree, the bids, the panel, the rules.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    places: u32,
    method: Method,
    /// Decimal places of every whole number in the grid.
    unit: u32,
    /// The largest magnitude allowed in a slot (the bound the 96-bit check assumed).
    limit: i64,
    /// `moderation.divergence`, in units.
    divergence: Option<i64>,
    threshold: Option<Decimal>,
    /// The price criterion's budget: a bid above it is excluded.
    budget: Option<Decimal>,
    /// The eligibility review's rule, when it has a lower limit: a bid below it is excluded.
    lower_limit: Option<price::EligibilityRule>,
    /// What bids are ranked on, when not weighted points.
    ranking: Option<crate::model::Ranking>,
    /// The abnormally low rule, and each bid's recorded investigation (by bid number).
    low: Option<crate::model::AbnormallyLow>,
    investigations: Vec<Option<crate::model::Investigation>>,
    quality_available: Decimal,
    /// Points available from scored criteria: what a threshold's percentage is of.
    scored_available: Decimal,
    price_available: Option<Decimal>,
    /// Groups scored relative to the best bid: node, and each leaf's group, if any.
    relative: Vec<usize>,
    leaf_relative: Vec<Option<usize>>,
    /// The measured criteria's nodes, in tree order.
    measured: Vec<usize>,
    /// Decimal places of every leaf's `weight` whole number.
    weight_scale: u32,
    bids: Vec<BidRow>,
    bid_index: HashMap<String, usize>,
    evaluators: Vec<String>,
    evaluator_index: HashMap<String, usize>,
    /// Every node of the criteria tree, depth first.
    nodes: Vec<Node>,
    /// The scored criteria, in tree order.
    leaves: Vec<Leaf>,
    leaf_index: HashMap<String, usize>,
    pass_fail_index: HashMap<String, usize>,
}

#[derive(Debug, PartialEq, Eq)]
struct BidRow {
    id: String,
    supplier: String,
    /// The total evaluated price: `price`, or the sum of the price components' figures.
    price: Option<Decimal>,
    /// The bid's figure for each measured criterion, in the order of `Shape::measured`.
    values: Vec<Option<Decimal>>,
}

#[derive(Debug, PartialEq, Eq)]
struct Node {
    id: String,
    name: String,
    depth: usize,
    kind: Kind,
    /// Effective weight (points out of 100); `None` for pass/fail.
    weight: Option<Decimal>,
    /// Its number among the leaves (scored), the pass/fail criteria or the measured.
    slot: usize,
    /// The price formula (of a price node; the default elsewhere).
    formula: price::Formula,
}

#[derive(Debug, PartialEq, Eq)]
struct Leaf {
    node: usize,
    /// The effective weight as a whole number of 10^-`weight_scale`.
    weight: i128,
    /// Scale ends and their difference, in units.
    min: i64,
    range: i64,
    scale: (Decimal, Decimal),
    /// `min_score`, in units and as written.
    min_score: Option<(i64, Decimal)>,
}

/// How one cell is moderated: `num / den` units, and on what basis.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Moderated {
    num: i64,
    den: i64,
    basis: Basis,
}

/// A decimal as a whole number of 10^-`unit`, if it fits within `limit`.
fn units(d: Decimal, unit: u32, limit: i64) -> Option<i64> {
    let scale = d.scale();
    if scale > unit {
        return None;
    }
    let m = d
        .mantissa()
        .checked_mul(10i128.checked_pow(unit - scale)?)?;
    let v = i64::try_from(m).ok()?;
    (v.abs() <= limit).then_some(v)
}

/// Whole `units` back into the decimal they were, written with `places` places.
fn decimal(v: i64, unit: u32, places: u8) -> Decimal {
    let mut d = Decimal::new(v, unit);
    d.rescale(u32::from(places).min(unit));
    d
}

impl Grid {
    /// Prepares an evaluation, or `None` when its numbers do not fit a grid (then
    /// [`super::reference`] scores it). Expects a valid evaluation; on an invalid one it
    /// still returns without panicking (a score naming an unknown evaluator, or two
    /// scores in one slot, give `None`).
    pub fn new(e: &Evaluation) -> Option<Grid> {
        let walk = e.walk();
        let weights = effective_weights(e);

        // The unit: the most decimal places of any number the grid will hold.
        let scored = tree::scored(e);
        // The ends of each scored criterion's scale (the tree's rule of inheritance).
        let leaf_scales: Vec<(Decimal, Decimal)> = walk
            .iter()
            .zip(tree::scales(e))
            .filter(|((_, c), _)| c.kind == Kind::Scored)
            .map(|(_, s)| (s.min.0, s.max.0))
            .collect();
        let numbers = e
            .scores
            .iter()
            .map(|s| s.score.0)
            .chain(e.consensus.iter().map(|c| c.score.0))
            .chain(leaf_scales.iter().flat_map(|&(lo, hi)| [lo, hi]))
            .chain(scored.iter().filter_map(|c| c.min_score.map(|m| m.0)))
            .chain(e.divergence().map(|d| d.0));
        let mut unit = 0;
        let mut largest = Decimal::ZERO;
        for d in numbers {
            unit = unit.max(d.scale());
            largest = largest.max(d.abs());
        }
        if unit > MAX_UNIT {
            return None;
        }
        let limit = units(largest, unit, MAX_VALUE)?;

        // The weights as whole numbers of one common scale.
        let leaf_weights: Vec<Decimal> = scored
            .iter()
            .map(|c| weights.get(&c.id).copied().unwrap_or_default())
            .collect();
        let weight_scale = leaf_weights.iter().map(|w| w.scale()).max().unwrap_or(0);
        let whole = |w: Decimal| -> Option<i128> {
            w.mantissa()
                .checked_mul(10i128.checked_pow(weight_scale - w.scale())?)
        };

        // Every product a bid adds up must fit the 96 bits of a decimal:
        // |num − den·min| ≤ 2·den·limit, den ≤ max(panel, 2), times the weight, per leaf.
        let den = e.evaluators.len().max(2) as u128;
        let mut bound: u128 = 0;
        for w in &leaf_weights {
            let w = whole(*w)?.unsigned_abs();
            let term = 2u128
                .checked_mul(den)?
                .checked_mul(limit.unsigned_abs() as u128)?
                .checked_mul(w)?;
            bound = bound.checked_add(term)?;
        }
        if bound >= 1u128 << 95 {
            return None;
        }

        let mut leaves = Vec::with_capacity(scored.len());
        let mut nodes = Vec::with_capacity(walk.len());
        let mut leaf_index = HashMap::new();
        let mut pass_fail_index = HashMap::new();
        let mut measured = Vec::new();
        // The group scored relative to the best bid that each node is under, if any.
        let mut relative: Vec<usize> = Vec::new();
        let mut open: Vec<(usize, Option<usize>)> = Vec::new(); // (depth, relative group)
        let mut leaf_relative = Vec::with_capacity(scored.len());
        for (depth, c) in &walk {
            while open.last().is_some_and(|(d, _)| d >= depth) {
                open.pop();
            }
            let within = open.last().and_then(|o| o.1);
            if c.kind == Kind::Scored {
                leaf_relative.push(within);
            }
            if c.kind == Kind::Group {
                let own = (c.relative_to_best && within.is_none()).then(|| {
                    relative.push(nodes.len());
                    relative.len() - 1
                });
                open.push((*depth, own.or(within)));
            }
            let slot = match c.kind {
                Kind::Scored => {
                    let i = leaves.len();
                    let (lo, hi) = leaf_scales[i];
                    leaves.push(Leaf {
                        node: nodes.len(),
                        weight: whole(leaf_weights[i])?,
                        min: units(lo, unit, limit)?,
                        range: units(hi, unit, limit)? - units(lo, unit, limit)?,
                        scale: (lo, hi),
                        min_score: match c.min_score {
                            Some(m) => Some((units(m.0, unit, limit)?, m.0)),
                            None => None,
                        },
                    });
                    leaf_index.entry(c.id.clone()).or_insert(i);
                    i
                }
                Kind::PassFail => {
                    let i = pass_fail_index.len();
                    pass_fail_index.entry(c.id.clone()).or_insert(i);
                    i
                }
                Kind::Measured => {
                    measured.push(nodes.len());
                    measured.len() - 1
                }
                _ => 0,
            };
            nodes.push(Node {
                id: c.id.clone(),
                name: c.name.clone(),
                depth: *depth,
                kind: c.kind,
                weight: weights.get(&c.id).copied().filter(|_| c.is_weighted()),
                slot,
                formula: price::Formula::of(c),
            });
        }
        let weight_of =
            |c: &crate::model::Criterion| weights.get(&c.id).copied().unwrap_or_default();
        let priced: Vec<&crate::model::Criterion> = walk
            .iter()
            .map(|(_, c)| *c)
            .filter(|c| price::Formula::is_price(c))
            .collect();
        let price_available =
            (!priced.is_empty()).then(|| priced.iter().map(|c| weight_of(c)).sum());
        let components: Vec<usize> = measured
            .iter()
            .enumerate()
            .filter(|(_, &n)| nodes[n].formula.component)
            .map(|(i, _)| i)
            .collect();
        let measured_available: Decimal = measured
            .iter()
            .filter(|&&n| !nodes[n].formula.component)
            .map(|&n| nodes[n].weight.unwrap_or_default())
            .sum();

        let bids: Vec<BidRow> = e
            .bids
            .iter()
            .map(|b| {
                let values: Vec<Option<Decimal>> = measured
                    .iter()
                    .map(|&n| b.values.get(&nodes[n].id).map(|v| v.0))
                    .collect();
                let price = if components.is_empty() {
                    b.price.map(|p| p.0)
                } else {
                    components.iter().map(|&i| values[i]).sum()
                };
                BidRow {
                    id: b.id.clone(),
                    supplier: b.supplier.clone(),
                    price,
                    values,
                }
            })
            .collect();
        let mut bid_index = HashMap::with_capacity(bids.len());
        for (i, b) in bids.iter().enumerate() {
            bid_index.entry(b.id.clone()).or_insert(i);
        }
        let evaluators: Vec<String> = e.evaluators.iter().map(|v| v.id.clone()).collect();
        let mut evaluator_index = HashMap::with_capacity(evaluators.len());
        for (i, v) in evaluators.iter().enumerate() {
            evaluator_index.entry(v.clone()).or_insert(i);
        }

        let shape = Shape {
            places: e.places(),
            method: e.method(),
            unit,
            limit,
            divergence: match e.divergence() {
                Some(d) => Some(units(d.0, unit, limit)?),
                None => None,
            },
            threshold: e.quality_threshold.map(|t| t.0),
            ranking: e.ranking.clone(),
            low: e.abnormally_low.clone(),
            investigations: bids
                .iter()
                .map(|b| super::low::outcome(&e.workflow.investigations, &b.id).cloned())
                .collect(),
            budget: walk
                .iter()
                .find(|(_, c)| c.kind == Kind::Price)
                .and_then(|(_, c)| c.budget.map(|b| b.0)),
            lower_limit: walk
                .iter()
                .find(|(_, c)| c.kind == Kind::Price)
                .map(|(_, c)| price::Formula::of(c))
                .filter(|f| f.method == crate::model::PriceMethod::EligibilityReview)
                .and_then(|f| f.eligibility.map(|g| *g))
                .filter(|g| g.lower_limit.is_some()),
            quality_available: leaf_weights.iter().sum::<Decimal>() + measured_available,
            scored_available: leaf_weights.iter().sum(),
            price_available,
            relative,
            leaf_relative,
            measured,
            weight_scale,
            bids,
            bid_index,
            evaluators,
            evaluator_index,
            nodes,
            leaves,
            leaf_index,
            pass_fail_index,
        };

        // Every score into its slot, by small-number ids (the last id is remembered:
        // files list one bid's scores together).
        let (nb, nl, ne) = (shape.bids.len(), shape.leaves.len(), shape.evaluators.len());
        let pass_fails = shape.pass_fail_index.len();
        let mut grid = Grid {
            scores: vec![NONE; nb * nl * ne],
            score_places: vec![0; nb * nl * ne],
            consensus: vec![NONE; nb * nl],
            consensus_places: vec![0; nb * nl],
            checks: vec![None; nb * pass_fails],
            shape: Rc::new(shape),
        };
        let mut bid_ids = Ids::new(e.bids.iter().map(|b| b.id.as_str()));
        let mut leaf_ids = Ids::new(scored.iter().map(|c| c.id.as_str()));
        let mut panel = Ids::new(e.evaluators.iter().map(|v| v.id.as_str()));
        for s in &e.scores {
            let (Some(b), Some(l)) = (bid_ids.get(&s.bid), leaf_ids.get(&s.criterion)) else {
                continue;
            };
            let v = panel.get(&s.evaluator)? as usize;
            let at = (b as usize * nl + l as usize) * ne + v;
            if grid.scores[at] != NONE {
                return None;
            }
            grid.scores[at] = units(s.score.0, unit, limit)?;
            grid.score_places[at] = s.score.0.scale() as u8;
        }
        for c in &e.consensus {
            let (Some(b), Some(l)) = (bid_ids.get(&c.bid), leaf_ids.get(&c.criterion)) else {
                continue;
            };
            let at = b as usize * nl + l as usize;
            grid.consensus[at] = units(c.score.0, unit, limit)?;
            grid.consensus_places[at] = c.score.0.scale() as u8;
        }
        for k in &e.checks {
            let b = grid.shape.bid_index.get(&k.bid);
            let p = grid.shape.pass_fail_index.get(&k.criterion);
            if let (Some(&b), Some(&p)) = (b, p) {
                grid.checks[b * pass_fails + p] = Some((k.passed, k.note.clone()));
            }
        }
        Some(grid)
    }

    /// Every bid's standing: totals, ranks, exclusions and what is pending, without the
    /// per-criterion breakdown (`lines` is empty; see [`Grid::lines`]).
    pub fn results(&self) -> Results {
        let s = &*self.shape;
        let mut groups: Vec<(i128, i128)> = Vec::new();
        let mut within: Vec<Vec<(i128, i128)>> = vec![Vec::new(); s.relative.len()];
        let mut buffer: Vec<i64> = Vec::new();
        // (points from leaves under no relative group, each relative group's sum)
        let mut raw: Vec<(Decimal, Vec<Decimal>)> = Vec::with_capacity(s.bids.len());
        let mut bids: Vec<BidResult> = (0..s.bids.len())
            .map(|b| {
                let (r, outside, sums) = self.standing(b, &mut groups, &mut within, &mut buffer);
                raw.push((outside, sums));
                r
            })
            .collect();
        self.abnormally_low(&mut bids);
        // Groups scored relative to the best bid: set against the best among the bids in.
        let bests = self.bests(&bids, &raw);
        let field = field_of(&bids);
        let lowest_price = field.map(|f| f.lowest);
        let fields = self.measured_fields(&bids);
        let price = s.nodes.iter().find(|n| n.kind == Kind::Price);
        for (b, r) in bids.iter_mut().enumerate() {
            if r.excluded() {
                continue;
            }
            let row = &s.bids[b];
            if !s.relative.is_empty() {
                let (outside, sums) = &raw[b];
                r.quality_exact = *outside;
                for (g, (&sum, &best)) in sums.iter().zip(&bests).enumerate() {
                    let weight = s.nodes[s.relative[g]].weight.unwrap_or_default();
                    r.quality_exact += super::relative_points(weight, sum, best);
                }
            }
            let mut points = price.map(|n| price_points(n, r.price, field));
            for (m, &n) in s.measured.iter().enumerate() {
                let node = &s.nodes[n];
                let p = measured_points(node, row.values[m], fields[m]);
                if node.formula.component {
                    points = Some(points.unwrap_or_default() + p);
                } else {
                    r.quality_exact += p;
                }
            }
            r.quality = round::round(r.quality_exact, s.places);
            let total = r.quality_exact + points.unwrap_or_default();
            r.price_points_exact = points;
            r.price_points = points.map(|p| round::round(p, s.places));
            r.total_exact = Some(total);
            r.total = Some(round::round(total, s.places));
        }
        for b in &mut bids {
            b.ranked_on = super::ranked_on(s.ranking.as_ref(), b);
        }
        rank(
            &mut bids,
            super::lower_first(s.ranking.as_ref()),
            super::rank_places(s.ranking.as_ref(), s.places),
        );
        Results {
            places: s.places,
            method: s.method,
            lowest_price,
            quality_available: s.quality_available,
            price_available: s.price_available,
            bids,
            bests: s
                .relative
                .iter()
                .map(|&n| s.nodes[n].id.clone())
                .zip(bests)
                .collect(),
        }
    }

    /// The best (highest) points below each group scored relative to the best bid,
    /// among the bids not excluded; 0 when every bid is excluded.
    fn bests(&self, bids: &[BidResult], raw: &[(Decimal, Vec<Decimal>)]) -> Vec<Decimal> {
        let mut bests = vec![Decimal::ZERO; self.shape.relative.len()];
        for (r, (_, sums)) in bids.iter().zip(raw) {
            if r.excluded() {
                continue;
            }
            for (best, &sum) in bests.iter_mut().zip(sums) {
                *best = (*best).max(sum);
            }
        }
        bests
    }

    /// Each measured criterion's best and worst figures among the bids still in.
    fn measured_fields(&self, bids: &[BidResult]) -> Vec<Option<price::Field>> {
        let s = &*self.shape;
        s.measured
            .iter()
            .enumerate()
            .map(|(m, &n)| {
                let figures = bids
                    .iter()
                    .filter(|r| !r.excluded())
                    .filter_map(|r| s.bid_index.get(&r.bid))
                    .filter_map(|&b| s.bids[b].values[m]);
                if s.nodes[n].formula.component {
                    price::field(figures)
                } else {
                    price::field_from_zero(figures)
                }
            })
            .collect()
    }

    /// Every bid's standing and breakdown: what exports and reports need.
    pub fn full(&self) -> Results {
        let mut r = self.results();
        let against = self.against(&r);
        for b in &mut r.bids {
            if let Some(&i) = self.shape.bid_index.get(&b.bid) {
                b.lines = self.breakdown(i, b.excluded(), &against);
            }
        }
        r
    }

    /// What a breakdown sets a bid against: the other bids still in.
    fn against(&self, r: &Results) -> Against {
        Against {
            field: field_of(&r.bids),
            measured: self.measured_fields(&r.bids),
            bests: r.bests.iter().cloned().collect(),
        }
    }

    /// One bid's breakdown, every node of the tree in order, for a bid of `results`
    /// (which must come from this grid). Empty for a bid it does not know.
    pub fn lines(&self, results: &Results, bid: &str) -> Vec<Line> {
        let (Some(&i), Some(r)) = (
            self.shape.bid_index.get(bid),
            results.bids.iter().find(|b| b.bid == bid),
        ) else {
            return Vec::new();
        };
        self.breakdown(i, r.excluded(), &self.against(results))
    }

    /// Cells flagged for divergence that have no consensus yet: of one bid, or of all.
    pub fn open_flags(&self, bid: Option<&str>) -> usize {
        let s = &*self.shape;
        let Some(d) = s.divergence else {
            return 0;
        };
        let (nl, ne) = (s.leaves.len(), s.evaluators.len());
        let bids = match bid {
            Some(id) => match s.bid_index.get(id) {
                Some(&b) => b..b + 1,
                None => 0..0,
            },
            None => 0..s.bids.len(),
        };
        let mut count = 0;
        for b in bids {
            for l in 0..nl {
                if self.consensus[b * nl + l] != NONE {
                    continue;
                }
                let at = (b * nl + l) * ne;
                if let Some((n, spread)) = spread(&self.scores[at..at + ne]) {
                    count += usize::from(n > 1 && spread >= d);
                }
            }
        }
        count
    }

    /// Sets (or with `None` clears) one evaluator's score of one cell. `false` when the
    /// grid cannot hold it (an unknown id, or more decimal places than its unit): then
    /// prepare a new grid from the evaluation.
    pub fn set_score(
        &mut self,
        bid: &str,
        criterion: &str,
        evaluator: &str,
        score: Option<Decimal>,
    ) -> bool {
        let s = &*self.shape;
        let (Some(&b), Some(&l), Some(&v)) = (
            s.bid_index.get(bid),
            s.leaf_index.get(criterion),
            s.evaluator_index.get(evaluator),
        ) else {
            return false;
        };
        let at = (b * s.leaves.len() + l) * s.evaluators.len() + v;
        self.put(at, score, |g| (&mut g.scores, &mut g.score_places))
    }

    /// Sets (or with `None` clears) the panel's agreed score of one cell.
    pub fn set_consensus(&mut self, bid: &str, criterion: &str, score: Option<Decimal>) -> bool {
        let s = &*self.shape;
        let (Some(&b), Some(&l)) = (s.bid_index.get(bid), s.leaf_index.get(criterion)) else {
            return false;
        };
        let at = b * s.leaves.len() + l;
        self.put(at, score, |g| (&mut g.consensus, &mut g.consensus_places))
    }

    /// Sets (or with `None` clears) one pass/fail check.
    pub fn set_check(
        &mut self,
        bid: &str,
        criterion: &str,
        check: Option<(bool, Option<String>)>,
    ) -> bool {
        let s = &*self.shape;
        let (Some(&b), Some(&p)) = (s.bid_index.get(bid), s.pass_fail_index.get(criterion)) else {
            return false;
        };
        let at = b * s.pass_fail_index.len() + p;
        self.checks[at] = check;
        true
    }

    fn put(
        &mut self,
        at: usize,
        value: Option<Decimal>,
        slots: impl FnOnce(&mut Grid) -> (&mut Vec<i64>, &mut Vec<u8>),
    ) -> bool {
        let (unit, limit) = (self.shape.unit, self.shape.limit);
        let (v, places) = match value {
            None => (NONE, 0),
            Some(d) => match units(d, unit, limit) {
                Some(v) => (v, d.scale() as u8),
                None => return false,
            },
        };
        let (values, written) = slots(self);
        values[at] = v;
        written[at] = places;
        true
    }

    /// How a cell is moderated, from its slots.
    fn moderate(&self, b: usize, l: usize, buffer: &mut Vec<i64>) -> Option<Moderated> {
        let s = &*self.shape;
        let agreed = self.consensus[b * s.leaves.len() + l];
        if agreed != NONE {
            return Some(Moderated {
                num: agreed,
                den: 1,
                basis: Basis::Consensus,
            });
        }
        let ne = s.evaluators.len();
        let at = (b * s.leaves.len() + l) * ne;
        let given = &self.scores[at..at + ne];
        let (mut n, mut sum, mut low, mut high) = (0i64, 0i64, i64::MAX, i64::MIN);
        for &v in given {
            if v != NONE {
                n += 1;
                sum += v;
                low = low.min(v);
                high = high.max(v);
            }
        }
        if n == 0 {
            return None;
        }
        let mean = |basis| Moderated {
            num: sum,
            den: n,
            basis,
        };
        Some(match s.method {
            Method::Mean => mean(Basis::Mean),
            Method::Consensus => mean(Basis::ProvisionalMean),
            Method::TrimmedMean if n >= 3 => Moderated {
                num: sum - low - high,
                den: n - 2,
                basis: Basis::TrimmedMean,
            },
            Method::TrimmedMean => mean(Basis::TrimmedMean),
            Method::Median => {
                buffer.clear();
                buffer.extend(given.iter().copied().filter(|&v| v != NONE));
                buffer.sort_unstable();
                let k = buffer.len();
                let (num, den) = if k % 2 == 1 {
                    (buffer[k / 2], 1)
                } else {
                    (buffer[k / 2 - 1] + buffer[k / 2], 2)
                };
                Moderated {
                    num,
                    den,
                    basis: Basis::Median,
                }
            }
        })
    }

    /// One bid's quality, exclusions and what is pending (price comes after every bid).
    ///
    /// Also returns the points from leaves under no group scored relative to the best
    /// bid, and the sum below each such group, for [`Grid::results`] to set against the
    /// best bid's; the quality it reports (what a threshold tests) is their plain sum.
    fn standing(
        &self,
        b: usize,
        groups: &mut Vec<(i128, i128)>,
        within: &mut [Vec<(i128, i128)>],
        buffer: &mut Vec<i64>,
    ) -> (BidResult, Decimal, Vec<Decimal>) {
        let s = &*self.shape;
        let row = &s.bids[b];
        let mut reasons = Vec::new();
        let mut pending = Vec::new();
        groups.clear();
        for w in within.iter_mut() {
            w.clear();
        }
        for node in &s.nodes {
            match node.kind {
                Kind::Scored => {
                    let leaf = &s.leaves[node.slot];
                    let Some(m) = self.moderate(b, node.slot, buffer) else {
                        pending.push(Pending::NoScores {
                            criterion: node.id.clone(),
                            name: node.name.clone(),
                        });
                        continue;
                    };
                    if m.basis == Basis::ProvisionalMean {
                        pending.push(Pending::AwaitingConsensus {
                            criterion: node.id.clone(),
                            name: node.name.clone(),
                        });
                    }
                    if let Some((min, written)) = leaf.min_score {
                        if i128::from(m.num) < i128::from(m.den) * i128::from(min) {
                            reasons.push(Exclusion::BelowMinScore {
                                criterion: node.id.clone(),
                                name: node.name.clone(),
                                moderated: self.moderated(m),
                                min: written,
                            });
                        }
                    }
                    if leaf.range > 0 {
                        let key = i128::from(m.den) * i128::from(leaf.range);
                        let product = (i128::from(m.num)
                            - i128::from(m.den) * i128::from(leaf.min))
                            * leaf.weight;
                        let groups = match s.leaf_relative[node.slot] {
                            Some(g) => &mut within[g],
                            None => &mut *groups,
                        };
                        match groups.iter_mut().find(|g| g.0 == key) {
                            Some(g) => g.1 += product,
                            None => groups.push((key, product)),
                        }
                    }
                }
                Kind::PassFail => match &self.checks[b * s.pass_fail_index.len() + node.slot] {
                    None => pending.push(Pending::NoCheck {
                        criterion: node.id.clone(),
                        name: node.name.clone(),
                    }),
                    Some((false, note)) => reasons.push(Exclusion::FailedCheck {
                        criterion: node.id.clone(),
                        name: node.name.clone(),
                        note: note.clone(),
                    }),
                    Some((true, _)) => {}
                },
                // An eligibility review waits for its reserve price, fixed at bid opening.
                Kind::Price
                    if node.formula.method == crate::model::PriceMethod::EligibilityReview
                        && node.formula.eligibility.is_none() =>
                {
                    pending.push(Pending::NoReferencePrice {
                        criterion: node.id.clone(),
                        name: node.name.clone(),
                    })
                }
                Kind::Group | Kind::Price | Kind::Measured => {}
            }
        }
        let outside: Decimal = groups.iter().map(|&(key, sum)| self.points(sum, key)).sum();
        let sums: Vec<Decimal> = within
            .iter()
            .map(|g| g.iter().map(|&(key, sum)| self.points(sum, key)).sum())
            .collect();
        let quality = if sums.is_empty() {
            outside
        } else {
            outside + sums.iter().sum::<Decimal>()
        };
        let quality_percent = (s.scored_available > Decimal::ZERO)
            .then(|| quality * Decimal::ONE_HUNDRED / s.scored_available);
        if let (Some(p), Some(t)) = (quality_percent, s.threshold) {
            if p < t {
                reasons.push(Exclusion::BelowThreshold {
                    percent: p,
                    threshold: t,
                });
            }
        }
        if let (Some(budget), Some(price)) = (s.budget, row.price) {
            if price > budget {
                reasons.push(Exclusion::AboveBudget { price, budget });
            }
        }
        if let (Some(g), Some(price)) = (&s.lower_limit, row.price) {
            if let (true, Some(limit), Some(ratio)) =
                (g.below_limit(price), g.lower_limit, g.exact_ratio(price))
            {
                reasons.push(Exclusion::BelowLowerLimit {
                    price,
                    reference: g.reference,
                    percent: ratio * Decimal::ONE_HUNDRED,
                    limit,
                });
            }
        }
        let result = BidResult {
            bid: row.id.clone(),
            supplier: row.supplier.clone(),
            price: row.price,
            rank: None,
            quality_exact: quality,
            quality: round::round(quality, s.places),
            quality_percent,
            price_points_exact: None,
            price_points: None,
            total_exact: None,
            total: None,
            reasons,
            pending,
            lines: Vec::new(),
            ranked_on: None,
            abnormally_low: None,
            investigation: None,
        };
        (result, outside, sums)
    }

    /// Flags the abnormally low prices among the bids still in, then excludes the flagged
    /// bids the buyer rejected (see [`super::low`]). Bids are in the order of the file.
    fn abnormally_low(&self, bids: &mut [BidResult]) {
        let s = &*self.shape;
        for (b, r) in bids.iter_mut().enumerate() {
            r.investigation = s.investigations[b].clone();
        }
        let Some(rule) = &s.low else {
            return;
        };
        let prices: Vec<Option<Decimal>> = bids
            .iter()
            .map(|r| r.price.filter(|_| !r.excluded()))
            .collect();
        let flags = super::low::flags(rule, &prices);
        for (r, flag) in bids.iter_mut().zip(flags) {
            let Some(flag) = flag else { continue };
            if let Some(v) = &r.investigation {
                if v.outcome == crate::model::Outcome::Rejected {
                    r.reasons.push(Exclusion::AbnormallyLow {
                        price: r.price.unwrap_or_default(),
                        threshold: flag.threshold,
                        reason: v.reason.clone().unwrap_or_default(),
                    });
                }
            }
            r.abnormally_low = Some(flag);
        }
    }

    /// `sum / key` as points: `sum` is in 10^-`weight_scale` points times `key`.
    fn points(&self, sum: i128, key: i128) -> Decimal {
        // The bound checked in `new` keeps `sum` within 96 bits.
        let exact =
            Decimal::try_from_i128_with_scale(sum, self.shape.weight_scale).unwrap_or_default();
        exact / Decimal::from_i128_with_scale(key, 0)
    }

    fn moderated(&self, m: Moderated) -> Decimal {
        let v = Decimal::new(m.num, self.shape.unit);
        if m.den == 1 {
            v.normalize()
        } else {
            v / Decimal::from(m.den)
        }
    }

    /// One bid's lines, as [`super::reference`] builds them.
    fn breakdown(&self, b: usize, excluded: bool, against: &Against) -> Vec<Line> {
        let field = against.field;
        let s = &*self.shape;
        let (nl, ne) = (s.leaves.len(), s.evaluators.len());
        let mut buffer = Vec::new();
        let mut lines: Vec<Line> = s
            .nodes
            .iter()
            .map(|node| {
                let detail = match node.kind {
                    Kind::Group => Detail::Group {
                        points: Decimal::ZERO,
                        relative: None,
                    },
                    Kind::Measured => {
                        let value = s.bids[b].values[node.slot];
                        let f = against.measured[node.slot];
                        Detail::Measured(PriceCell {
                            method: node.formula.method,
                            log_base: node.formula.log_base,
                            price: value,
                            lowest: f.map(|f| f.lowest),
                            points: (!excluded).then(|| measured_points(node, value, f)),
                            highest: f.map(|f| f.highest),
                            formula: node.formula.clone(),
                        })
                    }
                    Kind::Price => {
                        let price = s.bids[b].price;
                        Detail::Price(PriceCell {
                            method: node.formula.method,
                            log_base: node.formula.log_base,
                            price,
                            lowest: field.map(|f| f.lowest),
                            points: (!excluded).then(|| price_points(node, price, field)),
                            highest: field.map(|f| f.highest),
                            formula: node.formula.clone(),
                        })
                    }
                    Kind::PassFail => {
                        let check = &self.checks[b * s.pass_fail_index.len() + node.slot];
                        Detail::PassFail {
                            passed: check.as_ref().map(|c| c.0),
                            note: check.as_ref().and_then(|c| c.1.clone()),
                        }
                    }
                    Kind::Scored => {
                        let l = node.slot;
                        let leaf = &s.leaves[l];
                        let at = (b * nl + l) * ne;
                        let slots = at..at + ne;
                        let scores: Vec<(String, Decimal)> = self.scores[slots.clone()]
                            .iter()
                            .zip(&self.score_places[slots])
                            .zip(&s.evaluators)
                            .filter(|((v, _), _)| **v != NONE)
                            .map(|((&v, &p), id)| (id.clone(), decimal(v, s.unit, p)))
                            .collect();
                        let agreed = self.consensus[b * nl + l];
                        let consensus = (agreed != NONE)
                            .then(|| decimal(agreed, s.unit, self.consensus_places[b * nl + l]));
                        let m = self.moderate(b, l, &mut buffer);
                        let points = match m {
                            Some(m) if leaf.range > 0 => self.points(
                                (i128::from(m.num) - i128::from(m.den) * i128::from(leaf.min)) * leaf.weight,
                                i128::from(m.den) * i128::from(leaf.range),
                            ),
                            _ => Decimal::ZERO,
                        };
                        let spread = spread(&self.scores[at..at + ne]);
                        Detail::Scored(ScoredCell {
                            scale_min: leaf.scale.0,
                            scale_max: leaf.scale.1,
                            scores,
                            consensus,
                            moderated: m.map(|m| self.moderated(m)),
                            basis: m.map_or(Basis::NoScores, |m| m.basis),
                            points,
                            spread: spread.map(|(_, d)| Decimal::new(d, s.unit).normalize()),
                            flagged: matches!((spread, s.divergence), (Some((n, d)), Some(limit)) if n > 1 && d >= limit),
                            min_score: leaf.min_score.map(|m| m.1),
                            set_aside: Vec::new(),
                        })
                    }
                };
                Line {
                    criterion: node.id.clone(),
                    name: node.name.clone(),
                    depth: node.depth,
                    effective_weight: node.weight,
                    detail,
                }
            })
            .collect();
        if excluded {
            fill_group_points(&mut lines, &HashMap::new());
        } else {
            fill_group_points(&mut lines, &against.bests);
        }
        lines
    }
}

/// How many scores a cell has and how far apart they are, in units; `None` when empty.
fn spread(given: &[i64]) -> Option<(usize, i64)> {
    let mut it = given.iter().copied().filter(|&v| v != NONE);
    let first = it.next()?;
    let (mut n, mut low, mut high) = (1, first, first);
    for v in it {
        n += 1;
        low = low.min(v);
        high = high.max(v);
    }
    Some((n, high - low))
}

/// The lowest and highest prices among the bids still in: the base of price points.
fn field_of(bids: &[BidResult]) -> Option<price::Field> {
    price::field(
        bids.iter()
            .filter(|r| !r.excluded())
            .filter_map(|r| r.price),
    )
}

/// What a breakdown sets a bid against: the lowest and highest prices, each measured
/// criterion's best and worst figures, among the bids still in, and the best bid's
/// points below each group scored relative to it.
struct Against {
    field: Option<price::Field>,
    measured: Vec<Option<price::Field>>,
    bests: HashMap<String, Decimal>,
}

fn measured_points(node: &Node, value: Option<Decimal>, field: Option<price::Field>) -> Decimal {
    match (value, field) {
        (Some(v), Some(f)) => price::measured(&node.formula, v, f, node.weight.unwrap_or_default()),
        _ => Decimal::ZERO,
    }
}

fn price_points(node: &Node, price: Option<Decimal>, field: Option<price::Field>) -> Decimal {
    match (price, field) {
        (Some(p), Some(f)) => price::score(&node.formula, p, f, node.weight.unwrap_or_default()),
        _ => Decimal::ZERO,
    }
}

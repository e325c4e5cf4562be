//! Valid evaluations from bytes: [`Input`] reads choices from the fuzzer's bytes and
//! [`generate`] builds an evaluation from them, so that nearly every input reaches the
//! engine.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::model::{
    AbnormallyLow, AuditEntry, Bid, Check, Consensus, Criterion, Dec, Evaluation, Evaluator,
    Investigation, Kind, LowBase, Method, Moderation, Outcome, PriceMethod, Rounding, Scale, Score,
    FORMAT, VERSION,
};

/// Reads choices from the fuzzer's bytes; once they run out, every choice is 0.
pub struct Input<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data, pos: 0 }
    }
    pub(super) fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }
    pub(super) fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }
    /// A number from 0 to `n - 1` (0 when `n` is 0), from as many bytes as `n` needs.
    pub(super) fn below(&mut self, n: usize) -> usize {
        self.upto(n.saturating_sub(1) as u64) as usize
    }
    /// A number from 0 to `max`.
    pub(super) fn upto(&mut self, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        let mut v: u64 = 0;
        let mut span = max;
        while span > 0 {
            v = (v << 8) | u64::from(self.byte());
            span >>= 8;
        }
        v % (max + 1)
    }
    /// True about once in `n`.
    pub(super) fn one_in(&mut self, n: u8) -> bool {
        self.byte() % n == 0
    }
}

/// Names people type, including markup, quotes, formula starts and other scripts.
const NAMES: &[&str] = &[
    "Acme Digital Ltd",
    "<fz>Bold</fz> & Co",
    "Quote \"Ltd\" 'plc'",
    "=HYPERLINK(\"http://x\")",
    "+44 Services",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    " =cmd",
    "\u{FF1D}1+1",
    "-5",
    "한국 디지털",
    "Ünïcödé GmbH",
    "x",
    "Line\nbreak",
    "<fz onload=alert(1)>",
];

fn name(u: &mut Input) -> String {
    NAMES[u.below(NAMES.len())].to_string()
}

/// Ids: plain, or with characters that must stay text in HTML attributes.
fn id(u: &mut Input, prefix: &str, i: usize) -> String {
    match u.below(4) {
        0 => format!("{prefix}{i}<fz>"),
        1 => format!("{prefix}{i}\"x'"),
        _ => format!("{prefix}{i}"),
    }
}

/// A scale: a common one, or any ends within ±1,000,000 with up to 2 decimals.
fn scale(u: &mut Input) -> Scale {
    const COMMON: [(i64, i64); 6] = [(0, 3), (0, 5), (1, 10), (-2, 2), (0, 100), (0, 1)];
    let (min, max) = if u.flag() {
        let (a, b) = COMMON[u.below(COMMON.len())];
        (Decimal::from(a), Decimal::from(b))
    } else {
        let places = u.below(3) as u32;
        let limit = 1_000_000i64 * 10i64.pow(places);
        let lo = u.upto(2 * limit as u64 - 1) as i64 - limit;
        let span = 1 + u.upto((limit - lo - 1) as u64) as i64;
        (Decimal::new(lo, places), Decimal::new(lo + span, places))
    };
    let mut labels = BTreeMap::new();
    if u.one_in(4) {
        labels.insert(min.to_string(), name(u));
        labels.insert(max.to_string(), name(u));
    }
    Scale {
        min: Dec(min),
        max: Dec(max),
        labels,
    }
}

/// A value from `lo` to `hi`: often an end, otherwise with up to 6 decimals.
fn value_in(u: &mut Input, lo: Decimal, hi: Decimal) -> Decimal {
    match u.below(8) {
        0 => lo,
        1 => hi,
        _ => {
            let places = u.below(7) as u32;
            let steps = ((hi - lo) * Decimal::from(10i64.pow(places)))
                .trunc()
                .to_u64()
                .unwrap_or(0);
            let k = u.upto(steps);
            (lo + Decimal::new(k as i64, places)).min(hi)
        }
    }
}

/// Weights of `n` siblings that add up to exactly 100, with up to 12 decimals.
fn weights(u: &mut Input, n: usize) -> Vec<Decimal> {
    let places = match u.below(4) {
        0 => 0,
        1 => 2,
        2 => u.below(7) as u32,
        _ => u.below(13) as u32,
    };
    let total = 100 * 10u64.pow(places);
    if u.one_in(4) {
        // Equal shares, the residue on the first.
        let share = total / n as u64;
        let mut w = vec![share; n];
        w[0] += total - share * n as u64;
        return w
            .into_iter()
            .map(|x| Decimal::new(x as i64, places))
            .collect();
    }
    let mut cuts: Vec<u64> = (1..n).map(|_| u.upto(total)).collect();
    cuts.push(0);
    cuts.push(total);
    cuts.sort_unstable();
    cuts.windows(2)
        .map(|w| Decimal::new((w[1] - w[0]) as i64, places))
        .collect()
}

struct Tree {
    next: usize,
    price: bool,
    /// A measured criterion that is a price component: then no price criterion.
    components: bool,
}

fn criteria(u: &mut Input, depth: usize, tree: &mut Tree, scale_above: &Scale) -> Vec<Criterion> {
    let n = 1 + u.below(if depth == 0 { 4 } else { 3 });
    let mut nodes: Vec<Criterion> = Vec::new();
    for _ in 0..n {
        let i = tree.next;
        tree.next += 1;
        let kind = match u.below(10) {
            0 | 1 if depth < 2 => Kind::Group,
            2 => Kind::PassFail,
            3 if !tree.price && !tree.components => Kind::Price,
            4 if u.flag() => Kind::Measured,
            _ => Kind::Scored,
        };
        // In this order: the bytes are read as the fields are made.
        let mut c = Criterion::new(id(u, "c", i), name(u), kind);
        c.guidance = u.one_in(4).then(|| name(u));
        match kind {
            Kind::Group => {
                if u.one_in(3) {
                    c.scale = Some(scale(u));
                }
                let own = c.scale.clone().unwrap_or_else(|| scale_above.clone());
                c.children = Some(criteria(u, depth + 1, tree, &own));
            }
            Kind::Scored => {
                if u.one_in(3) {
                    c.scale = Some(scale(u));
                }
                if u.one_in(4) {
                    let s = c.scale.as_ref().unwrap_or(scale_above);
                    c.min_score = Some(Dec(value_in(u, s.min.0, s.max.0)));
                }
            }
            Kind::Price => {
                tree.price = true;
                c.method = Some(match u.below(7) {
                    0 => PriceMethod::LowestOverBid,
                    1 => PriceMethod::LinearToLowest,
                    3 => PriceMethod::LinearLowestHighest,
                    5 => {
                        c.estimated_price = Some(Dec(price(u).max(Decimal::new(1, 6))));
                        let options = crate::model::Negotiated {
                            reserve_price: u
                                .one_in(3)
                                .then(|| Dec(price(u).max(Decimal::new(1, 6)))),
                            lowest_raised_to_80: u.one_in(3).then_some(true),
                            below_60: u
                                .one_in(3)
                                .then_some(crate::model::Below60::SixtyPercentOfWeight),
                        };
                        c.negotiated =
                            (options != crate::model::Negotiated::default()).then_some(options);
                        PriceMethod::KoreanNegotiated
                    }
                    6 => {
                        // No floor or band: their points are checked against the weight,
                        // which the fuzz targets move; tests/formulas.rs covers them.
                        let reference = price(u).max(Decimal::new(1, 6));
                        c.eligibility = Some(crate::model::Eligibility {
                            reference_price: (!u.one_in(8)).then_some(Dec(reference)),
                            target: Dec(Decimal::new(50_000 + u.upto(50_000) as i64, 3)),
                            slope: Dec(Decimal::new(1 + u.upto(999) as i64, 1)),
                            floor: u.one_in(4).then_some(Dec(Decimal::ZERO)),
                            ratio_places: u.one_in(3).then(|| u.upto(10) as i64),
                            band: None,
                            lower_limit: u
                                .one_in(3)
                                .then(|| Dec(Decimal::new(1_000 + u.upto(9_000) as i64, 2))),
                            a_value: u
                                .one_in(4)
                                .then(|| Dec(reference * Decimal::new(u.upto(99) as i64, 2))),
                        });
                        PriceMethod::EligibilityReview
                    }
                    4 => {
                        // Two prices, the lower the full-weight one.
                        let (a, b) = (price(u), price(u));
                        let (full, zero) = if a < b { (a, b) } else { (b, a + Decimal::ONE) };
                        c.bounds = Some(crate::model::Bounds {
                            full: Dec(full.max(Decimal::new(1, 6))),
                            zero: Dec(zero.max(Decimal::new(2, 6))),
                        });
                        PriceMethod::BetweenBounds
                    }
                    _ => {
                        c.log_base = Some(Dec(
                            Decimal::ONE + Decimal::new(1 + u.upto(98_999) as i64, 3)
                        ));
                        if u.one_in(4) {
                            c.log_floor = Some(false);
                        }
                        PriceMethod::Logarithmic
                    }
                });
                if u.one_in(4) {
                    c.budget = Some(Dec(price(u).max(Decimal::new(1, 6))));
                }
            }
            Kind::Measured => {
                let component = !tree.price && u.one_in(3);
                tree.components |= component;
                c.price_component = component;
                let better = if !component && u.flag() {
                    crate::model::Better::Higher
                } else {
                    crate::model::Better::Lower
                };
                if !component || u.flag() {
                    c.better = Some(better);
                }
                if !component && u.flag() {
                    c.unit = Some(["days", "hours", "tCO2e", "%"][u.below(4)].to_string());
                }
                let lower = better == crate::model::Better::Lower;
                c.method = Some(match u.below(if lower { 5 } else { 3 }) {
                    0 => PriceMethod::LowestOverBid,
                    1 => PriceMethod::LinearLowestHighest,
                    2 => {
                        let (a, b) = (price(u), price(u));
                        let (lo, hi) = if a < b { (a, b) } else { (b, a + Decimal::ONE) };
                        let (full, zero) = if lower { (lo, hi) } else { (hi, lo) };
                        c.bounds = Some(crate::model::Bounds {
                            full: Dec(full),
                            zero: Dec(zero),
                        });
                        PriceMethod::BetweenBounds
                    }
                    3 => PriceMethod::LinearToLowest,
                    _ => {
                        c.log_base = Some(Dec(
                            Decimal::ONE + Decimal::new(1 + u.upto(98_999) as i64, 3)
                        ));
                        PriceMethod::Logarithmic
                    }
                });
            }
            Kind::PassFail => {}
        }
        if c.kind == Kind::Group && depth == 0 && u.one_in(3) {
            // Set against the best bid only a group that holds nothing but what the
            // panel scores (and no such group of its own).
            fn panel_only(c: &Criterion) -> bool {
                c.children().iter().all(|ch| match ch.kind {
                    Kind::Group => !ch.relative_to_best && panel_only(ch),
                    Kind::Scored | Kind::PassFail => true,
                    _ => false,
                })
            }
            c.relative_to_best = panel_only(&c);
        }
        nodes.push(c);
    }
    if !nodes.iter().any(Criterion::is_weighted) {
        nodes[0].kind = Kind::Scored;
    }
    let weighted = nodes.iter().filter(|c| c.is_weighted()).count();
    let mut w = weights(u, weighted).into_iter();
    for c in nodes.iter_mut().filter(|c| c.is_weighted()) {
        c.weight = w.next().map(Dec);
    }
    nodes
}

/// A price from 0.000001 to 1,000,000,000,000,000 with up to 6 decimals.
fn price(u: &mut Input) -> Decimal {
    let places = u.below(7) as u32;
    let whole = match u.below(4) {
        0 => u.upto(999),
        1 => u.upto(10_000_000),
        2 if u.one_in(8) => 1_000_000_000_000_000,
        _ => u.upto(999_999_999_999_999),
    };
    let fraction = if whole == 1_000_000_000_000_000 {
        0
    } else {
        u.upto(10u64.pow(places) - 1)
    };
    let units = i128::from(whole) * 10i128.pow(places) + i128::from(fraction);
    Decimal::from_i128_with_scale(units.max(1), places)
}

/// A valid evaluation whose every choice comes from the bytes: a tree up to three
/// levels deep, weights that add up to 100 with up to 12 decimals, scales within
/// ±1,000,000, all three price formulas, every moderation method, thresholds, minimum
/// scores, 0 to 5 bids, 0 to 4 evaluators, scores, consensus and checks with gaps.
pub fn generate(u: &mut Input) -> Evaluation {
    let default_scale = if u.flag() { Some(scale(u)) } else { None };
    let effective_default = default_scale.clone().unwrap_or_default();
    let mut tree = Tree {
        next: 0,
        price: false,
        components: false,
    };
    let criteria = criteria(u, 0, &mut tree, &effective_default);
    let mut e = Evaluation {
        format: FORMAT.to_string(),
        version: VERSION,
        id: u.flag().then(|| "fuzz-evaluation".to_string()),
        title: name(u),
        reference: u.flag().then(|| name(u)),
        currency: u
            .flag()
            .then(|| ["GBP", "EUR", "KRW"][u.below(3)].to_string()),
        scale: default_scale,
        criteria,
        quality_threshold: u
            .one_in(3)
            .then(|| Dec(Decimal::new(u.upto(10_000) as i64, 2))),
        moderation: u.flag().then(|| Moderation {
            method: [
                Method::Mean,
                Method::Median,
                Method::TrimmedMean,
                Method::Consensus,
            ][u.below(4)],
            divergence: u.flag().then(|| Dec(Decimal::new(u.upto(500) as i64, 1))),
            min_scores: None,
        }),
        rounding: u.flag().then(|| Rounding {
            places: u.below(7) as u32,
        }),
        bids: Vec::new(),
        evaluators: Vec::new(),
        scores: Vec::new(),
        consensus: Vec::new(),
        checks: Vec::new(),
        lots: Vec::new(),
        award_limit: None,
        ranking: None,
        abnormally_low: None,
        workflow: Default::default(),
        extensions: None,
        view_of: None,
    };
    let has_price = tree.price;
    let walk: Vec<(String, Kind, Scale)> = {
        let mut out = Vec::new();
        for (_, c) in e.walk() {
            out.push((c.id.clone(), c.kind, crate::workflow::scale_of(&e, &c.id)));
        }
        out
    };
    let mut prices: Vec<Decimal> = Vec::new();
    for i in 0..u.below(6) {
        let price = if !tree.components && (has_price || u.flag()) {
            // Ties on price are where ranking rules matter.
            Some(if !prices.is_empty() && u.one_in(3) {
                prices[u.below(prices.len())]
            } else {
                price(u)
            })
        } else {
            None
        };
        prices.extend(price);
        let mut answers = BTreeMap::new();
        if u.one_in(3) && !walk.is_empty() {
            answers.insert(walk[u.below(walk.len())].0.clone(), name(u));
        }
        // A figure for every measured criterion: a price for a component, else 0 to
        // 1,000 with ties (a tie on the best figure is where a formula's ends matter).
        let mut values = BTreeMap::new();
        for (c, kind, _) in &walk {
            if *kind != Kind::Measured {
                continue;
            }
            let component = e.criterion(c).is_some_and(|c| c.price_component);
            let v = if component {
                self::price(u)
            } else if u.one_in(4) {
                Decimal::ZERO
            } else {
                value_in(u, Decimal::ZERO, Decimal::from(1000))
            };
            values.insert(c.clone(), Dec(v));
        }
        e.bids.push(Bid {
            id: id(u, "b", i),
            supplier: name(u),
            price: price.map(Dec),
            values,
            answers,
            lot: None,
        });
    }
    for i in 0..u.below(5) {
        e.evaluators.push(Evaluator {
            id: id(u, "e", i),
            name: name(u),
            role: u.one_in(3).then(|| name(u)),
            declaration: None,
            assignment: None,
        });
    }
    let density = u.byte();
    for b in &e.bids {
        for (c, kind, s) in &walk {
            match kind {
                Kind::Scored => {
                    for ev in &e.evaluators {
                        if u.byte() <= density {
                            e.scores.push(std::rc::Rc::new(Score {
                                evaluator: ev.id.clone(),
                                bid: b.id.clone(),
                                criterion: c.clone(),
                                score: Dec(value_in(u, s.min.0, s.max.0)),
                                note: u.one_in(3).then(|| name(u)),
                            }));
                        }
                    }
                    if u.one_in(4) {
                        e.consensus.push(Consensus {
                            bid: b.id.clone(),
                            criterion: c.clone(),
                            score: Dec(value_in(u, s.min.0, s.max.0)),
                            rationale: name(u),
                        });
                    }
                }
                Kind::PassFail => match u.below(4) {
                    0 => {}
                    1 => e.checks.push(Check {
                        bid: b.id.clone(),
                        criterion: c.clone(),
                        passed: false,
                        note: u.flag().then(|| name(u)),
                    }),
                    _ => e.checks.push(Check {
                        bid: b.id.clone(),
                        criterion: c.clone(),
                        passed: true,
                        note: None,
                    }),
                },
                _ => {}
            }
        }
    }
    // Now and then the abnormally low rule, and outcomes recorded for some bids
    // (flagged or not: an outcome for a bid the rule does not flag changes nothing).
    if u.one_in(3) {
        e.abnormally_low = Some(AbnormallyLow {
            below_percent: Dec(Decimal::new(1 + u.upto(9_998) as i64, 2)),
            of: [LowBase::Mean, LowBase::Median, LowBase::MeanWithoutHighest][u.below(3)],
            reference_price: u.one_in(3).then(|| Dec(price(u).max(Decimal::new(1, 6)))),
            below_lowest_other_percent: u
                .one_in(3)
                .then(|| Dec(Decimal::new(u.upto(5_000) as i64, 2))),
            min_bids: u.one_in(3).then(|| 2 + u.below(4) as i64),
        });
        for b in &e.bids {
            if u.one_in(2) {
                let rejected = u.flag();
                e.workflow.investigations.push(Investigation {
                    bid: b.id.clone(),
                    outcome: if rejected {
                        Outcome::Rejected
                    } else {
                        Outcome::Accepted
                    },
                    reason: (rejected || u.flag()).then(|| name(u)),
                    by: name(u),
                    date: "2026-11-30".into(),
                });
            }
        }
    }
    if u.one_in(4) {
        e.workflow.audit.push(AuditEntry {
            at: "2026-11-25T00:00:00Z".into(),
            who: name(u),
            what: name(u),
            before: None,
            after: Some(name(u)),
        });
    }
    e
}

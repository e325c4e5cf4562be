//! Properties of the scoring engine over random valid evaluations, and the shared rank
//! rule of FORMAT.md ("Rank") checked by hand.
//!
//! The generator builds an [`Evaluation`] directly: a criteria tree up to three levels
//! deep whose weights add up to exactly 100 under every parent, an optional price
//! criterion, optional pass/fail criteria, per-criterion scales and minimum scores,
//! 1–7 bids, 1–5 evaluators and scores within scale with some cells left empty.

// proptest is a native-only dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::str::FromStr;

use bidmark::load_str;
use bidmark::model::{
    validate, Bid, Check, Consensus, Criterion, Dec, Evaluation, Evaluator, Kind, Method,
    Moderation, PriceMethod, Rounding, Scale, Score,
};
use bidmark::scoring::{score, Results};
use proptest::prelude::*;
use proptest::sample::Index;
use rust_decimal::Decimal;
use serde_json::json;
// ---------------------------------------------------------------------------------------
// The generator.

/// Scales a criterion (or the whole evaluation) may use: (min, max).
const SCALES: [(i64, i64); 6] = [(0, 3), (0, 5), (1, 10), (-2, 2), (0, 100), (0, 1)];

/// The shape of the criteria tree before ids and weights are given out.
#[derive(Clone, Debug)]
enum Node {
    /// A scored criterion: its share of the parent's 100, sometimes its own scale
    /// (an index into [`SCALES`]) and sometimes a raw minimum score.
    Scored {
        share: u32,
        scale: Option<usize>,
        min_score: Option<u32>,
    },
    Price {
        share: u32,
        method: PriceMethod,
    },
    PassFail,
    /// A measured criterion (extension): which way is better, its formula, and whether it
    /// is a price component (only when there is no price criterion).
    Measured {
        share: u32,
        higher: bool,
        method: PriceMethod,
        component: bool,
    },
    /// A group; `cents` gives its children weights with two decimals.
    Group {
        share: u32,
        cents: bool,
        children: Vec<Node>,
    },
}

impl Node {
    /// The node's share of its parent's weight; pass/fail nodes carry none.
    fn share(&self) -> Option<u32> {
        match self {
            Node::Scored { share, .. }
            | Node::Price { share, .. }
            | Node::Group { share, .. }
            | Node::Measured { share, .. } => Some(*share),
            Node::PassFail => None,
        }
    }
}

/// Everything about an evaluation that does not depend on how many cells it has.
#[derive(Clone, Debug)]
struct Plan {
    tree: Vec<Node>,
    top_cents: bool,
    /// The price node and where it goes (see [`place_node`]).
    price: Option<(Node, usize)>,
    /// Where each pass/fail criterion goes.
    pass_fail: Vec<usize>,
    /// A measured criterion and where it goes; whether the first top-level group that
    /// holds only what the panel scores is set against the best bid's points.
    measured: Option<(Node, usize)>,
    relative: bool,
    /// The top-level scale and whether it has labels.
    default_scale: Option<(usize, bool)>,
    bids: usize,
    evaluators: usize,
    moderation: Option<(Method, Option<u32>)>,
    /// Quality threshold in hundredths of a percent.
    threshold: Option<u32>,
    places: Option<u32>,
}

fn scored() -> impl Strategy<Value = Node> {
    (
        0u32..=100,
        prop::option::weighted(0.25, 0..SCALES.len()),
        prop::option::weighted(0.12, 0u32..1000),
    )
        .prop_map(|(share, scale, min_score)| Node::Scored {
            share,
            scale,
            min_score,
        })
}

fn group(children: impl Strategy<Value = Node>) -> impl Strategy<Value = Node> {
    (
        0u32..=100,
        prop::bool::weighted(0.3),
        prop::collection::vec(children, 1..=3),
    )
        .prop_map(|(share, cents, children)| Node::Group {
            share,
            cents,
            children,
        })
}

/// A top-level node: a scored criterion, or a group up to two more levels deep.
fn node() -> impl Strategy<Value = Node> {
    let second = prop_oneof![3 => scored(), 1 => group(scored())];
    prop_oneof![2 => scored(), 1 => group(second)]
}

fn method() -> impl Strategy<Value = Method> {
    prop::sample::select(vec![
        Method::Consensus,
        Method::Mean,
        Method::Median,
        Method::TrimmedMean,
    ])
}

fn price_node() -> impl Strategy<Value = (Node, usize)> {
    (
        0u32..=100,
        prop::sample::select(vec![
            PriceMethod::LowestOverBid,
            PriceMethod::LinearToLowest,
            PriceMethod::Logarithmic,
            PriceMethod::LinearLowestHighest,
            PriceMethod::BetweenBounds,
            PriceMethod::KoreanNegotiated,
            PriceMethod::EligibilityReview,
        ]),
        0usize..8,
    )
        .prop_map(|(share, method, at)| (Node::Price { share, method }, at))
}

fn measured_node() -> impl Strategy<Value = (Node, usize)> {
    (
        0u32..=100,
        any::<bool>(),
        prop::sample::select(vec![
            PriceMethod::LowestOverBid,
            PriceMethod::LinearLowestHighest,
            PriceMethod::BetweenBounds,
            PriceMethod::LinearToLowest,
        ]),
        prop::bool::weighted(0.3),
        0usize..8,
    )
        .prop_map(|(share, higher, method, component, at)| {
            // Linear to the lowest scores only a lower figure; a component is a price.
            let higher = higher && !component && method != PriceMethod::LinearToLowest;
            (
                Node::Measured {
                    share,
                    higher,
                    method,
                    component,
                },
                at,
            )
        })
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        (
            prop::collection::vec(node(), 1..=4),
            prop::bool::weighted(0.3),
            prop::option::weighted(0.7, price_node()),
            prop::collection::vec(0usize..8, 0..=2),
            prop::option::weighted(0.5, (0..SCALES.len(), any::<bool>())),
            prop::option::weighted(0.3, measured_node()),
            prop::bool::weighted(0.25),
        ),
        (
            1usize..=7,
            1usize..=5,
            prop::option::weighted(0.8, (method(), prop::option::weighted(0.3, 0u32..=4))),
            prop::option::weighted(0.3, 0u32..=8000),
            prop::option::weighted(0.8, 0u32..=4),
        ),
    )
        .prop_map(
            |(
                (tree, top_cents, price, pass_fail, default_scale, measured, relative),
                (bids, evaluators, moderation, threshold, places),
            )| Plan {
                tree,
                top_cents,
                // Price components replace a price criterion.
                measured: match (&measured, &price) {
                    (
                        Some((
                            Node::Measured {
                                component: true, ..
                            },
                            _,
                        )),
                        Some(_),
                    ) => None,
                    _ => measured,
                },
                relative,
                price,
                pass_fail,
                default_scale,
                bids,
                evaluators,
                moderation,
                threshold,
                places,
            },
        )
}

/// Weights from shares, adding up to exactly 100 (in whole numbers, or in hundredths
/// when `cents`); the last one takes what rounding down left over.
fn weights(shares: &[u32], cents: bool) -> Vec<Decimal> {
    let units: u64 = if cents { 10_000 } else { 100 };
    let total: u64 = shares.iter().map(|&s| s as u64).sum();
    let mut out: Vec<u64> = if total == 0 {
        let mut v = vec![0; shares.len()];
        v[0] = units;
        v
    } else {
        shares.iter().map(|&s| s as u64 * units / total).collect()
    };
    let given: u64 = out[..out.len() - 1].iter().sum();
    *out.last_mut().unwrap() = units - given;
    out.into_iter()
        .map(|w| Decimal::new(w as i64, if cents { 2 } else { 0 }))
        .collect()
}

/// Puts `extra` into the tree: at the top level when `at` is 0 or there is no group,
/// otherwise into the `at`-th group (counted depth first, cyclically); at a position
/// among the siblings that `at` chooses too.
fn place_node(tree: &mut Vec<Node>, at: usize, extra: Node) {
    fn count(nodes: &[Node]) -> usize {
        nodes
            .iter()
            .map(|n| match n {
                Node::Group { children, .. } => 1 + count(children),
                _ => 0,
            })
            .sum()
    }
    fn insert_into(nodes: &mut [Node], k: &mut usize, at: usize, extra: &mut Option<Node>) {
        for n in nodes.iter_mut() {
            if extra.is_none() {
                return;
            }
            if let Node::Group { children, .. } = n {
                if *k == 0 {
                    let pos = at % (children.len() + 1);
                    children.insert(pos, extra.take().unwrap());
                    return;
                }
                *k -= 1;
                insert_into(children, k, at, extra);
            }
        }
    }
    let groups = count(tree);
    if at == 0 || groups == 0 {
        let pos = at % (tree.len() + 1);
        tree.insert(pos, extra);
        return;
    }
    let mut extra = Some(extra);
    insert_into(tree, &mut ((at - 1) % groups), at, &mut extra);
    assert!(extra.is_none(), "the group exists");
}

fn dec(d: Decimal) -> Dec {
    Dec(d)
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn scale_of(i: usize) -> Scale {
    let (lo, hi) = SCALES[i];
    Scale {
        min: dec(lo.into()),
        max: dec(hi.into()),
        labels: BTreeMap::new(),
    }
}

/// Whole points from `lo` to `hi` (all the scales are whole).
fn span(lo: Decimal, hi: Decimal) -> u32 {
    u32::try_from((hi - lo).trunc().mantissa()).unwrap()
}

/// A score within `[lo, hi]` from a raw number: mostly whole points, often half points.
fn score_in(raw: u32, lo: Decimal, hi: Decimal) -> Decimal {
    let range = span(lo, hi);
    if raw % 4 == 0 {
        lo + Decimal::from((raw / 4) % (2 * range + 1)) / Decimal::TWO
    } else {
        lo + Decimal::from(raw % (range + 1))
    }
}

/// Turns the shape into criteria with ids and weights.
fn criteria_of(nodes: &[Node], cents: bool, default: &Scale, next: &mut usize) -> Vec<Criterion> {
    let shares: Vec<u32> = nodes.iter().filter_map(Node::share).collect();
    let mut ws = weights(&shares, cents).into_iter();
    nodes
        .iter()
        .map(|n| {
            *next += 1;
            let blank = Criterion {
                weight: n.share().map(|_| dec(ws.next().unwrap())),
                ..Criterion::new(
                    format!("c{next}"),
                    format!("Criterion {next}"),
                    Kind::Scored,
                )
            };
            match n {
                Node::Scored {
                    scale, min_score, ..
                } => {
                    let own = scale.map(scale_of);
                    let s = own.clone().unwrap_or_else(|| default.clone());
                    Criterion {
                        // In the lower half of the scale, so that most bids stay in.
                        min_score: min_score.map(|raw| {
                            dec(s.min.0 + Decimal::from(raw % (span(s.min.0, s.max.0) / 2 + 1)))
                        }),
                        scale: own,
                        guidance: (*next % 3 == 0).then(|| "Look for evidence.".to_string()),
                        ..blank
                    }
                }
                Node::Price { method, share } => Criterion {
                    id: "price".into(),
                    name: "Price".into(),
                    kind: Kind::Price,
                    method: Some(*method),
                    // A varies with the weight so that several bases are tried.
                    log_base: (*method == PriceMethod::Logarithmic)
                        .then(|| dec(Decimal::new(15 + (*share as i64 % 3) * 5, 1))),
                    log_floor: None,
                    // Bounds inside the range of the prices drawn, so that bids fall on
                    // both sides of them and between.
                    bounds: (*method == PriceMethod::BetweenBounds).then(|| {
                        bidmark::model::Bounds {
                            full: dec(Decimal::from(120_000 + (*share as i64 % 5) * 1_000)),
                            zero: dec(Decimal::from(190_000 + (*share as i64 % 7) * 10_000)),
                        }
                    }),
                    // Now and then a budget, which excludes the dearer bids.
                    budget: (*share % 4 == 1).then(|| dec(Decimal::from(180_000))),
                    // The Korean scores anchored among the prices drawn, so that bids fall
                    // above and below 80 % and 60 % of the estimated price, on both sides
                    // of the target ratio, and now and then below the lower limit.
                    estimated_price: (*method == PriceMethod::KoreanNegotiated)
                        .then(|| dec(Decimal::from(200_000 + (*share as i64 % 5) * 10_000))),
                    eligibility: (*method == PriceMethod::EligibilityReview).then(|| {
                        bidmark::model::Eligibility {
                            reference_price: (*share % 7 != 6).then(|| dec(Decimal::from(170_000))),
                            target: dec(Decimal::from(88)),
                            slope: dec(Decimal::new(5 + (*share as i64 % 4) * 5, 1)),
                            floor: None,
                            ratio_places: (*share % 3 == 2).then_some(3),
                            band: None,
                            lower_limit: (*share % 2 == 0).then(|| dec(Decimal::new(80_495, 3))),
                            a_value: (*share % 5 == 3).then(|| dec(Decimal::from(10_000))),
                        }
                    }),
                    ..blank
                },
                Node::Measured {
                    higher,
                    method,
                    component,
                    share,
                } => Criterion {
                    id: "measured".into(),
                    name: "Delivery".into(),
                    kind: Kind::Measured,
                    method: Some(*method),
                    better: Some(if *higher {
                        bidmark::model::Better::Higher
                    } else {
                        bidmark::model::Better::Lower
                    }),
                    unit: (!*component).then(|| "days".to_string()),
                    price_component: *component,
                    // Bounds inside the range of the figures drawn (0 to 100, or prices).
                    bounds: (*method == PriceMethod::BetweenBounds).then(|| {
                        let (lo, hi) = if *component {
                            (120_000 + (*share as i64 % 5) * 1_000, 190_000)
                        } else {
                            (10 + *share as i64 % 20, 60 + *share as i64 % 30)
                        };
                        let (full, zero) = if *higher { (hi, lo) } else { (lo, hi) };
                        bidmark::model::Bounds {
                            full: dec(Decimal::from(full)),
                            zero: dec(Decimal::from(zero)),
                        }
                    }),
                    ..blank
                },
                Node::PassFail => Criterion {
                    id: format!("pf{next}"),
                    name: format!("Pass/fail {next}"),
                    kind: Kind::PassFail,
                    ..blank
                },
                Node::Group {
                    cents, children, ..
                } => Criterion {
                    kind: Kind::Group,
                    children: Some(criteria_of(children, *cents, default, next)),
                    ..blank
                },
            }
        })
        .collect()
}

/// The evaluation without prices, scores, consensus or checks.
fn skeleton(plan: &Plan) -> Evaluation {
    let mut tree = plan.tree.clone();
    if let Some((price, at)) = &plan.price {
        place_node(&mut tree, *at, price.clone());
    }
    for &at in &plan.pass_fail {
        place_node(&mut tree, at, Node::PassFail);
    }
    if let Some((measured, at)) = &plan.measured {
        place_node(&mut tree, *at, measured.clone());
    }
    let scale = plan.default_scale.map(|(i, labels)| {
        let mut s = scale_of(i);
        if labels {
            s.labels.insert(s.min.to_string(), "Not met".into());
            s.labels.insert(s.max.to_string(), "Exceeded".into());
        }
        s
    });
    let default = scale.clone().unwrap_or_default();
    let mut criteria = criteria_of(&tree, plan.top_cents, &default, &mut 0);
    if plan.relative {
        // The first top-level group with nothing but what the panel scores below it.
        fn panel_only(c: &Criterion) -> bool {
            c.children().iter().all(|ch| {
                matches!(ch.kind, Kind::Scored | Kind::PassFail)
                    || (ch.kind == Kind::Group && panel_only(ch))
            })
        }
        if let Some(g) = criteria
            .iter_mut()
            .find(|c| c.kind == Kind::Group && panel_only(c))
        {
            g.relative_to_best = true;
        }
    }
    Evaluation {
        format: "bidmark/evaluation".into(),
        version: 1,
        id: None,
        title: "Generated evaluation".into(),
        reference: None,
        currency: Some("GBP".into()),
        scale,
        criteria,
        quality_threshold: plan.threshold.map(|t| dec(Decimal::new(t as i64, 2))),
        moderation: plan.moderation.map(|(method, divergence)| Moderation {
            method,
            divergence: divergence.map(|d| dec(d.into())),
            min_scores: None,
        }),
        rounding: plan.places.map(|places| Rounding { places }),
        bids: (1..=plan.bids)
            .map(|i| Bid {
                id: format!("b{i}"),
                supplier: format!("Supplier {i}"),
                price: None,
                values: Default::default(),
                answers: BTreeMap::new(),
                lot: None,
            })
            .collect(),
        evaluators: (1..=plan.evaluators)
            .map(|i| Evaluator {
                id: format!("e{i}"),
                name: format!("Evaluator {i}"),
                role: None,
                declaration: None,
                assignment: None,
            })
            .collect(),
        scores: vec![],
        consensus: vec![],
        checks: vec![],
        lots: vec![],
        award_limit: None,
        ranking: None,
        abnormally_low: None,
        workflow: Default::default(),
        extensions: None,
        view_of: None,
    }
}

/// The scale a scored criterion's scores are checked against.
fn scale_for(e: &Evaluation, criterion: &str) -> (Decimal, Decimal) {
    let s = e
        .criterion(criterion)
        .and_then(|c| c.scale.clone())
        .unwrap_or_else(|| e.default_scale());
    (s.min.0, s.max.0)
}

fn ids_of(e: &Evaluation, kind: Kind) -> Vec<String> {
    e.walk()
        .into_iter()
        .filter(|(_, c)| c.kind == kind)
        .map(|(_, c)| c.id.clone())
        .collect()
}

/// A price: often one of a few round figures (so that bids tie), otherwise anything
/// from a penny to two million, whole or with pence.
fn price() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        2 => prop::sample::select(vec![100_000i64, 120_000, 150_000, 200_000]).prop_map(Decimal::from),
        2 => (1i64..=2_000_000).prop_map(Decimal::from),
        1 => (1i64..=200_000_000).prop_map(|p| Decimal::new(p, 2)),
    ]
}

/// A measured figure: often a few round ones (ties, and 0, the best there is),
/// otherwise anything from 0 to 100 with up to two decimals.
fn figure() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        2 => prop::sample::select(vec![0i64, 10, 20, 50]).prop_map(Decimal::from),
        3 => (0i64..=10_000).prop_map(|v| Decimal::new(v, 2)),
    ]
}

/// The abnormally low rule's choices: base, percent, a reference price or not, a margin,
/// the fewest bids; and for each bid, maybe an outcome (rejected or not).
type LowRule = (usize, u32, bool, Option<u32>, Option<i64>);

fn low_rule() -> impl Strategy<Value = LowRule> {
    (
        0usize..3,
        1u32..=60,
        any::<bool>(),
        prop::option::of(0u32..=20),
        prop::option::of(2i64..=5),
    )
}

/// Sets the abnormally low rule and records the outcomes drawn (flagged bids or not).
fn add_low(e: &mut Evaluation, (rule, said): (Option<LowRule>, Vec<Option<bool>>)) {
    use bidmark::model::{AbnormallyLow, Investigation, LowBase, Outcome as Decided};
    let Some((of, percent, reference, margin, min_bids)) = rule else {
        return;
    };
    e.abnormally_low = Some(AbnormallyLow {
        below_percent: dec(Decimal::from(percent)),
        of: [LowBase::Mean, LowBase::Median, LowBase::MeanWithoutHighest][of],
        reference_price: reference.then(|| dec(Decimal::from(150_000))),
        below_lowest_other_percent: margin.map(|m| dec(Decimal::from(m))),
        min_bids,
    });
    for (bid, outcome) in e.bids.iter().zip(&said) {
        if let Some(rejected) = *outcome {
            e.workflow.investigations.push(Investigation {
                bid: bid.id.clone(),
                outcome: if rejected {
                    Decided::Rejected
                } else {
                    Decided::Accepted
                },
                reason: rejected.then(|| "The explanation does not account for it.".into()),
                by: "Buyer".into(),
                date: "2026-11-30".into(),
            });
        }
    }
}

/// Valid random evaluations.
fn evaluation() -> impl Strategy<Value = Evaluation> {
    plan()
        .prop_flat_map(|plan| {
            let e = skeleton(&plan);
            let (leaves, checks) = (
                ids_of(&e, Kind::Scored).len(),
                ids_of(&e, Kind::PassFail).len(),
            );
            let (b, v) = (e.bids.len(), e.evaluators.len());
            (
                Just(e),
                prop::collection::vec(prop::option::weighted(0.75, any::<u32>()), leaves * b * v),
                prop::collection::vec(prop::option::weighted(0.15, any::<u32>()), leaves * b),
                prop::collection::vec(
                    prop::option::weighted(0.8, (prop::bool::weighted(0.85), any::<bool>())),
                    checks * b,
                ),
                prop::collection::vec(price(), b),
                prop::collection::vec(prop::option::weighted(0.2, any::<Index>()), b),
                prop::collection::vec(figure(), b),
                // Now and then the abnormally low rule: base, percent, reference price,
                // margin, fewest bids; and an outcome recorded for some bids.
                (
                    prop::option::weighted(0.3, low_rule()),
                    prop::collection::vec(prop::option::weighted(0.3, any::<bool>()), b),
                ),
            )
        })
        .prop_map(
            |(mut e, cells, agreed, checks, prices, twins, figures, low)| {
                let leaves = ids_of(&e, Kind::Scored);
                let pass_fail = ids_of(&e, Kind::PassFail);
                let bids: Vec<String> = e.bids.iter().map(|b| b.id.clone()).collect();
                let (nb, nv) = (bids.len(), e.evaluators.len());
                // A twin copies the scores, consensus, checks and price of an earlier bid, so
                // that exact ties (and shared ranks) are common.
                let source: Vec<usize> = twins
                    .iter()
                    .enumerate()
                    .map(|(b, t)| match t {
                        Some(ix) if b > 0 => ix.index(b),
                        _ => b,
                    })
                    .collect();
                for (l, leaf) in leaves.iter().enumerate() {
                    let (lo, hi) = scale_for(&e, leaf);
                    for (b, bid) in bids.iter().enumerate() {
                        let from = source[b];
                        for v in 0..nv {
                            if let Some(raw) = cells[(l * nb + from) * nv + v] {
                                e.scores.push(std::rc::Rc::new(Score {
                                    evaluator: e.evaluators[v].id.clone(),
                                    bid: bid.clone(),
                                    criterion: leaf.clone(),
                                    score: dec(score_in(raw, lo, hi)),
                                    note: (raw % 7 == 0).then(|| "Good evidence.".to_string()),
                                }));
                            }
                        }
                        if let Some(raw) = agreed[l * nb + from] {
                            e.consensus.push(Consensus {
                                bid: bid.clone(),
                                criterion: leaf.clone(),
                                score: dec(score_in(raw, lo, hi)),
                                rationale: "Agreed at moderation.".into(),
                            });
                        }
                    }
                }
                for (k, pf) in pass_fail.iter().enumerate() {
                    for (b, bid) in bids.iter().enumerate() {
                        if let Some((passed, note)) = checks[k * nb + source[b]] {
                            e.checks.push(Check {
                                bid: bid.clone(),
                                criterion: pf.clone(),
                                passed,
                                note: note.then(|| "Certificate seen.".to_string()),
                            });
                        }
                    }
                }
                let measured = e.criterion("measured").map(|c| c.price_component);
                for (b, bid) in e.bids.iter_mut().enumerate() {
                    match measured {
                        // Priced by components: the component's figure is a price.
                        Some(true) => {
                            bid.values.insert("measured".into(), dec(prices[source[b]]));
                        }
                        Some(false) => {
                            bid.price = Some(dec(prices[source[b]]));
                            bid.values
                                .insert("measured".into(), dec(figures[source[b]]));
                        }
                        None => bid.price = Some(dec(prices[source[b]])),
                    }
                }
                if let (Some(bid), Some(leaf)) = (e.bids.first_mut(), leaves.first()) {
                    bid.answers.insert(leaf.clone(), "Our approach is…".into());
                }
                add_low(&mut e, low);
                e
            },
        )
}

// ---------------------------------------------------------------------------------------
// Helpers for comparing results.

/// What a bid's result is, as FORMAT.md reports it.
#[derive(Clone, Debug, PartialEq)]
struct Outcome {
    rank: Option<u32>,
    total: Option<Decimal>,
    quality: Decimal,
    price_points: Option<Decimal>,
    excluded: bool,
    reasons: Vec<String>,
    provisional: bool,
}

fn outcomes(r: &Results) -> BTreeMap<String, Outcome> {
    r.bids
        .iter()
        .map(|b| {
            (
                b.bid.clone(),
                Outcome {
                    rank: b.rank,
                    total: b.total,
                    quality: b.quality,
                    price_points: b.price_points,
                    excluded: b.excluded(),
                    reasons: b.reasons.iter().map(|x| x.code()).collect(),
                    provisional: b.provisional(),
                },
            )
        })
        .collect()
}

/// A small deterministic shuffle, so that a failing case shrinks to a seed.
fn shuffle<T>(v: &mut [T], seed: &mut u64) {
    for i in (1..v.len()).rev() {
        // splitmix64
        *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let j = (z % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

fn unit(places: u32) -> Decimal {
    Decimal::new(1, places)
}

fn round(v: Decimal, places: u32) -> Decimal {
    bidmark::scoring::round::round(v, places)
}

/// 128 cases a property keeps the suite fast; `PROPTEST_CASES=5000` searches harder.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(128);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(config())]

    /// The generator makes only valid evaluations (an empty list of problems).
    #[test]
    fn generated_evaluations_are_valid(e in evaluation()) {
        let problems = validate(&e);
        prop_assert!(problems.is_empty(), "{:#?}", problems);
    }

    /// (a) The order of bids, evaluators, scores, consensus and checks in the file
    /// never changes any bid's result.
    #[test]
    fn shuffling_entries_never_changes_results(e in evaluation(), seed in any::<u64>()) {
        let mut s = e.clone();
        let mut seed = seed;
        shuffle(&mut s.bids, &mut seed);
        shuffle(&mut s.evaluators, &mut seed);
        shuffle(&mut s.scores, &mut seed);
        shuffle(&mut s.consensus, &mut seed);
        shuffle(&mut s.checks, &mut seed);
        shuffle(&mut s.workflow.investigations, &mut seed);
        prop_assert!(validate(&s).is_empty());
        prop_assert_eq!(outcomes(&score(&e)), outcomes(&score(&s)));
    }

    /// (b) Totals lie within 0 to 100, quality within 0 to the quality available and
    /// price points within 0 to the price weight.
    #[test]
    fn totals_quality_and_price_points_stay_in_range(e in evaluation()) {
        let r = score(&e);
        let places = r.places;
        // The negotiated contract's bonus below 80 % of the estimated price: up to 2
        // points above what the lowest price earns.
        let extra = if e.walk().iter().any(|(_, c)| c.method == Some(PriceMethod::KoreanNegotiated)) {
            Decimal::TWO
        } else {
            Decimal::ZERO
        };
        prop_assert!(r.quality_available >= Decimal::ZERO && r.quality_available <= Decimal::ONE_HUNDRED);
        for b in &r.bids {
            prop_assert!(b.quality_exact >= Decimal::ZERO, "{} quality {}", b.bid, b.quality_exact);
            prop_assert!(b.quality_exact <= r.quality_available, "{} quality {} > {}", b.bid, b.quality_exact, r.quality_available);
            prop_assert!(b.quality >= Decimal::ZERO && b.quality <= round(r.quality_available, places));
            if b.excluded() {
                prop_assert_eq!(b.total, None);
                prop_assert_eq!(b.price_points, None);
                continue;
            }
            let total = b.total.unwrap();
            let exact = b.total_exact.unwrap();
            prop_assert!(exact >= Decimal::ZERO && exact <= Decimal::ONE_HUNDRED + extra, "{} total {}", b.bid, exact);
            prop_assert!(total >= Decimal::ZERO && total <= Decimal::ONE_HUNDRED + extra, "{} total {}", b.bid, total);
            prop_assert_eq!(total.scale(), places, "{} total {} has {} places", b.bid, total, places);
            match r.price_available {
                Some(weight) => {
                    let p = b.price_points_exact.unwrap();
                    prop_assert!(p >= Decimal::ZERO && p <= weight + extra, "{} price points {} > {}", b.bid, p, weight);
                    let rounded = b.price_points.unwrap();
                    prop_assert!(rounded >= Decimal::ZERO && rounded <= round(weight + extra, places));
                }
                None => prop_assert_eq!(b.price_points, None),
            }
        }
    }

    /// (c) Raising one evaluator's score on one cell (with no consensus there) never
    /// lowers that bid's exact total while it stays in, and never excludes a bid.
    #[test]
    fn raising_a_score_never_lowers_the_total(e in evaluation(), pick in any::<Index>(), steps in 1u32..=4) {
        let agreed: Vec<(String, String)> =
            e.consensus.iter().map(|c| (c.bid.clone(), c.criterion.clone())).collect();
        let eligible: Vec<usize> = (0..e.scores.len())
            .filter(|&i| {
                let s = &e.scores[i];
                s.score.0 < scale_for(&e, &s.criterion).1
                    && !agreed.contains(&(s.bid.clone(), s.criterion.clone()))
            })
            .collect();
        if eligible.is_empty() {
            return Ok(());
        }
        let i = eligible[pick.index(eligible.len())];
        let mut raised = e.clone();
        let (_, hi) = scale_for(&e, &raised.scores[i].criterion);
        let new = (raised.scores[i].score.0 + Decimal::from(steps) / Decimal::TWO).min(hi);
        std::rc::Rc::make_mut(&mut raised.scores[i]).score = dec(new);
        prop_assert!(validate(&raised).is_empty());
        let bid = e.scores[i].bid.clone();
        let (before, after) = (score(&e), score(&raised));
        for b in &before.bids {
            let a = after.bids.iter().find(|x| x.bid == b.bid).unwrap();
            if !b.excluded() {
                prop_assert!(!a.excluded(), "{} became excluded: {:?}", b.bid, a.reasons);
            }
        }
        let b = before.bids.iter().find(|x| x.bid == bid).unwrap();
        let a = after.bids.iter().find(|x| x.bid == bid).unwrap();
        prop_assert!(a.quality_exact >= b.quality_exact, "quality {} -> {}", b.quality_exact, a.quality_exact);
        if let (Some(tb), Some(ta)) = (b.total_exact, a.total_exact) {
            prop_assert!(ta >= tb, "{} total {} -> {}", bid, tb, ta);
        }
    }

    /// (d) Ranks follow FORMAT.md: by rounded total, then rounded quality, then lower
    /// price; bids still tied share a rank (1, 1, 3); excluded bids last, unranked.
    #[test]
    fn ranks_are_consistent(e in evaluation()) {
        let r = score(&e);
        let ranked = r.bids.iter().take_while(|b| !b.excluded()).count();
        for b in &r.bids[ranked..] {
            prop_assert!(b.excluded(), "an excluded bid comes before {}", b.bid);
            prop_assert_eq!(b.rank, None);
            prop_assert_eq!(b.total, None);
        }
        for i in 0..ranked {
            let b = &r.bids[i];
            prop_assert!(b.total.is_some());
            if i == 0 {
                prop_assert_eq!(b.rank, Some(1));
                continue;
            }
            let p = &r.bids[i - 1];
            prop_assert!(p.total >= b.total, "totals out of order: {:?} before {:?}", p.total, b.total);
            if p.total == b.total {
                prop_assert!(p.quality >= b.quality, "qualities out of order at equal totals");
                if p.quality == b.quality {
                    prop_assert!(p.price <= b.price, "prices out of order at equal totals and qualities");
                }
            }
            let tied = p.total == b.total && p.quality == b.quality && p.price == b.price;
            if tied {
                prop_assert_eq!(b.rank, p.rank, "{} is tied with {}", b.bid, p.bid);
            } else {
                prop_assert_eq!(b.rank, Some(i as u32 + 1), "{} is {}th and not tied", b.bid, i + 1);
            }
        }
    }

    /// (e) Writing an evaluation and reading it back gives the same evaluation and the
    /// same results.
    #[test]
    fn to_json_round_trip_keeps_evaluation_and_results(e in evaluation()) {
        let json = e.to_json();
        let back = load_str(&json).map_err(|err| TestCaseError::fail(format!("{err}\n{json}")))?;
        prop_assert_eq!(&back, &e);
        prop_assert_eq!(score(&back), score(&e));
    }

    /// (f) The total is rounded from the exact sum, so it differs from the sum of the
    /// rounded subtotals by at most one unit in the last place.
    #[test]
    fn rounded_total_is_within_one_unit_of_rounded_parts(e in evaluation()) {
        let r = score(&e);
        for b in r.bids.iter().filter(|b| !b.excluded()) {
            let parts = b.quality + b.price_points.unwrap_or_default();
            let total = b.total.unwrap();
            prop_assert!((total - parts).abs() <= unit(r.places),
                "{}: total {} vs {} + {:?}", b.bid, total, b.quality, b.price_points);
            prop_assert_eq!(total, round(b.total_exact.unwrap(), r.places));
            prop_assert_eq!(b.quality, round(b.quality_exact, r.places));
        }
    }

    /// (g) Scoring is deterministic.
    #[test]
    fn scoring_twice_gives_the_same_results(e in evaluation()) {
        prop_assert_eq!(score(&e), score(&e));
    }

    /// Reordering sibling criteria changes the order of the lines, not any figure.
    #[test]
    fn reordering_sibling_criteria_never_changes_rounded_results(e in evaluation(), seed in any::<u64>()) {
        fn reorder(nodes: &mut [Criterion], seed: &mut u64) {
            shuffle(nodes, seed);
            for n in nodes.iter_mut() {
                if let Some(ch) = n.children.as_mut() {
                    reorder(ch, seed);
                }
            }
        }
        let mut s = e.clone();
        let mut seed = seed;
        reorder(&mut s.criteria, &mut seed);
        prop_assert!(validate(&s).is_empty());
        let sorted = |r: &Results| {
            let mut o = outcomes(r);
            for x in o.values_mut() {
                x.reasons.sort();
            }
            o
        };
        prop_assert_eq!(sorted(&score(&e)), sorted(&score(&s)));
    }
}

// ---------------------------------------------------------------------------------------
// The shared rank rule, by hand.

/// One scored criterion (70) on a 0–7 scale and price (30), one evaluator; each bid is
/// (id, score, price).
fn tie_evaluation(bids: &[(&str, &str, &str)], places: u32) -> Evaluation {
    let v = json!({
        "format": "bidmark/evaluation",
        "version": 1,
        "title": "Ties",
        "scale": { "min": "0", "max": "7" },
        "criteria": [
            { "id": "quality", "name": "Quality", "kind": "scored", "weight": "70" },
            { "id": "price", "name": "Price", "kind": "price", "weight": "30", "method": "lowest_over_bid" }
        ],
        "rounding": { "places": places },
        "bids": bids.iter().map(|(id, _, price)| json!({ "id": id, "supplier": format!("Supplier {id}"), "price": price })).collect::<Vec<_>>(),
        "evaluators": [ { "id": "ann", "name": "Ann" } ],
        "scores": bids.iter().map(|(id, s, _)| json!({ "evaluator": "ann", "bid": id, "criterion": "quality", "score": s })).collect::<Vec<_>>(),
    });
    load_str(&v.to_string()).unwrap()
}

fn ranks(e: &Evaluation) -> BTreeMap<String, (Option<u32>, Option<Decimal>)> {
    score(e)
        .bids
        .iter()
        .map(|b| (b.bid.clone(), (b.rank, b.total)))
        .collect()
}

#[test]
fn exactly_tied_bids_share_a_rank_and_the_next_rank_is_skipped() {
    // a and b: 6/7 × 70 = 60 quality, lowest price 30 → 90; c: 50 + 30 × 100/150 = 70.
    for order in [["a", "b", "c"], ["c", "b", "a"], ["b", "c", "a"]] {
        let all = [("a", "6", "100"), ("b", "6", "100"), ("c", "5", "150")];
        let bids: Vec<_> = order
            .iter()
            .map(|id| *all.iter().find(|x| x.0 == *id).unwrap())
            .collect();
        let r = ranks(&tie_evaluation(&bids, 2));
        assert_eq!(r["a"], (Some(1), Some(d("90.00"))), "{order:?}");
        assert_eq!(r["b"], (Some(1), Some(d("90.00"))), "{order:?}");
        assert_eq!(r["c"], (Some(3), Some(d("70.00"))), "{order:?}");
    }
}

#[test]
fn equal_total_goes_to_the_higher_quality() {
    // hi: 60 quality + 30 × 100/150 = 20 price → 80; lo: 50 quality + 30 price → 80.
    for bids in [
        [("hi", "6", "150"), ("lo", "5", "100")],
        [("lo", "5", "100"), ("hi", "6", "150")],
    ] {
        let e = tie_evaluation(&bids, 2);
        let r = score(&e);
        let order: Vec<&str> = r.bids.iter().map(|b| b.bid.as_str()).collect();
        assert_eq!(order, ["hi", "lo"]);
        assert_eq!(r.bids[0].total, r.bids[1].total);
        assert_eq!(r.bids[0].total, Some(d("80.00")));
        assert_eq!(r.bids[0].quality, d("60.00"));
        assert_eq!(r.bids[1].quality, d("50.00"));
        assert_eq!(r.bids[0].rank, Some(1));
        assert_eq!(r.bids[1].rank, Some(2));
    }
}

#[test]
fn equal_total_and_quality_go_to_the_lower_price() {
    // At 0 places: cheap 50 + 30 = 80; dear 50 + 30 × 100/101 = 79.70…, also 80.
    for bids in [
        [("cheap", "5", "100"), ("dear", "5", "101")],
        [("dear", "5", "101"), ("cheap", "5", "100")],
    ] {
        let e = tie_evaluation(&bids, 0);
        let r = score(&e);
        let order: Vec<&str> = r.bids.iter().map(|b| b.bid.as_str()).collect();
        assert_eq!(order, ["cheap", "dear"]);
        assert_eq!(r.bids[0].total, Some(d("80")));
        assert_eq!(r.bids[1].total, Some(d("80")));
        assert_eq!(r.bids[0].quality, r.bids[1].quality);
        assert_eq!(r.bids[0].rank, Some(1));
        assert_eq!(r.bids[1].rank, Some(2));
    }
}

#[test]
fn excluded_bids_come_last_without_rank_total_or_price_points() {
    let mut e = tie_evaluation(
        &[("a", "1", "100"), ("b", "6", "200"), ("c", "3", "150")],
        2,
    );
    e.criteria[0].min_score = Some(dec(d("2")));
    let r = score(&e);
    let order: Vec<&str> = r.bids.iter().map(|b| b.bid.as_str()).collect();
    assert_eq!(order, ["b", "c", "a"]);
    let a = &r.bids[2];
    assert_eq!(a.rank, None);
    assert_eq!(a.total, None);
    assert_eq!(a.price_points, None);
    assert_eq!(
        a.reasons.iter().map(|x| x.code()).collect::<Vec<_>>(),
        ["min_score:quality"]
    );
    // The lowest price among the bids still in is 150, not a's 100.
    assert_eq!(r.lowest_price, Some(d("150")));
    assert_eq!(r.bids[1].price_points, Some(d("30.00")));
}

/// Without a price criterion a bid may have no price; ties on total and quality must
/// still give the same ranks whatever the order of the bids in the file.
#[test]
fn ranks_with_a_missing_price_do_not_depend_on_bid_order() {
    let v = |order: &[&str]| {
        let all = [("a", Some("200")), ("b", None), ("c", Some("100"))];
        let bids: Vec<_> = order
            .iter()
            .map(|id| {
                let (id, price) = all.iter().find(|x| x.0 == *id).unwrap();
                match price {
                    Some(p) => {
                        json!({ "id": id, "supplier": format!("Supplier {id}"), "price": p })
                    }
                    None => json!({ "id": id, "supplier": format!("Supplier {id}") }),
                }
            })
            .collect();
        let v = json!({
            "format": "bidmark/evaluation",
            "version": 1,
            "title": "No price criterion",
            "criteria": [ { "id": "q", "name": "Quality", "kind": "scored", "weight": "100" } ],
            "bids": bids,
        });
        load_str(&v.to_string()).unwrap()
    };
    let first = ranks(&v(&["a", "b", "c"]));
    let second = ranks(&v(&["c", "a", "b"]));
    assert_eq!(first, second);
}

/// Numbers at the edge of what the file allows: 28-digit weights three levels deep,
/// a scale of ±1,000,000 with scores to 22 decimals, prices from 1e-28 to 1e15.
fn extreme_evaluation() -> Evaluation {
    let v = json!({
        "format": "bidmark/evaluation", "version": 1, "title": "Extreme",
        "scale": { "min": "-1000000", "max": "1000000" },
        "criteria": [
            { "id": "g", "name": "G", "kind": "group", "weight": "66.66666666666666666666666667", "children": [
                { "id": "h", "name": "H", "kind": "group", "weight": "33.33333333333333333333333333", "children": [
                    { "id": "x", "name": "X", "kind": "scored", "weight": "33.33333333333333333333333333",
                      "min_score": "-999999.9999999999999999999" },
                    { "id": "y", "name": "Y", "kind": "scored", "weight": "66.66666666666666666666666667" }
                ]},
                { "id": "p", "name": "P", "kind": "price", "weight": "66.66666666666666666666666667", "method": "linear_to_lowest" }
            ]},
            { "id": "z", "name": "Z", "kind": "scored", "weight": "33.33333333333333333333333333" }
        ],
        "quality_threshold": "0.0000000000000000000000000001",
        "moderation": { "method": "trimmed_mean", "divergence": "0" },
        "rounding": { "places": 6 },
        "bids": [
            { "id": "a", "supplier": "A", "price": "1000000000000000" },
            { "id": "b", "supplier": "B", "price": "0.000001" },
            { "id": "c", "supplier": "C", "price": "999999999999999.999999" }
        ],
        "evaluators": [ {"id":"e1","name":"1"}, {"id":"e2","name":"2"}, {"id":"e3","name":"3"},
                        {"id":"e4","name":"4"}, {"id":"e5","name":"5"} ],
        "scores": [
            {"evaluator":"e1","bid":"a","criterion":"x","score":"999999.9999999999999999999999"},
            {"evaluator":"e2","bid":"a","criterion":"x","score":"999999.9999999999999999999998"},
            {"evaluator":"e3","bid":"a","criterion":"x","score":"-999999.9999999999999999999999"},
            {"evaluator":"e4","bid":"a","criterion":"x","score":"0.0000000000000000000000000001"},
            {"evaluator":"e5","bid":"a","criterion":"x","score":"999999.9999999999999999999997"},
            {"evaluator":"e1","bid":"b","criterion":"y","score":"999999.9999999999999999999999"},
            {"evaluator":"e2","bid":"b","criterion":"y","score":"999999.9999999999999999999999"},
            {"evaluator":"e1","bid":"c","criterion":"z","score":"-0.0000000000000000000000000001"},
            {"evaluator":"e1","bid":"c","criterion":"x","score":"-999999.9999999999999999999999"}
        ]
    });
    load_str(&v.to_string()).unwrap()
}

#[test]
fn extreme_but_valid_numbers_score_without_panic_and_in_range() {
    let e = extreme_evaluation();
    let r = score(&e);
    assert_eq!(r.bids.len(), 3);
    for b in &r.bids {
        assert!(b.quality_exact >= Decimal::ZERO && b.quality_exact <= r.quality_available);
        if let Some(t) = b.total {
            assert!(
                t >= Decimal::ZERO && t <= Decimal::ONE_HUNDRED,
                "{} {t}",
                b.bid
            );
            assert_eq!(t.scale(), 6);
        }
    }
    let c = r.bids.iter().find(|b| b.bid == "c").unwrap();
    assert_eq!(
        c.reasons.iter().map(|x| x.code()).collect::<Vec<_>>(),
        ["min_score:x"]
    );
    assert_eq!(score(&e), r);
}

/// The bid at the lowest price gets all the price points: lowest / price is exactly 1.
#[test]
fn lowest_price_gets_the_full_price_weight_even_with_tiny_prices() {
    for method in ["lowest_over_bid", "linear_to_lowest"] {
        let v = json!({
            "format": "bidmark/evaluation", "version": 1, "title": "Tiny price",
            "criteria": [
                { "id": "q", "name": "Quality", "kind": "scored", "weight": "66.67" },
                { "id": "p", "name": "Price", "kind": "price", "weight": "33.33", "method": method }
            ],
            "bids": [ { "id": "a", "supplier": "A", "price": "0.000001" } ]
        });
        let r = score(&load_str(&v.to_string()).unwrap());
        assert_eq!(r.bids[0].price_points, Some(d("33.33")), "{method}");
    }
}

// ---------------------------------------------------------------------------------------
// The prepared grid against the reference engine.

/// Within 10^-20: the two engines may differ only in the residue of non-terminating
/// divisions (the grid divides once per bid, the reference once per cell).
fn close(a: Decimal, b: Decimal) -> bool {
    (a - b).abs() < Decimal::new(1, 20)
}

fn close_opt(a: Option<Decimal>, b: Option<Decimal>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => close(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// Every figure of two results, line by line: equal, or within 10^-20 where exact
/// values come from a division.
fn agree(grid: &Results, reference: &Results) -> Result<(), String> {
    use bidmark::scoring::Detail;
    if outcomes(grid) != outcomes(reference) {
        return Err(format!(
            "outcomes differ:\n{:#?}\n{:#?}",
            outcomes(grid),
            outcomes(reference)
        ));
    }
    let order = |r: &Results| r.bids.iter().map(|b| b.bid.clone()).collect::<Vec<_>>();
    if order(grid) != order(reference) || grid.lowest_price != reference.lowest_price {
        return Err("order or lowest price differ".into());
    }
    for (g, r) in grid.bids.iter().zip(&reference.bids) {
        let exact = close(g.quality_exact, r.quality_exact)
            && close_opt(g.total_exact, r.total_exact)
            && close_opt(g.price_points_exact, r.price_points_exact)
            && close_opt(g.quality_percent, r.quality_percent)
            && g.pending == r.pending
            && g.reasons.len() == r.reasons.len()
            && g.abnormally_low == r.abnormally_low
            && g.investigation == r.investigation;
        if !exact || g.lines.len() != r.lines.len() {
            return Err(format!("bid {} differs:\n{g:#?}\n{r:#?}", g.bid));
        }
        for (a, b) in g.lines.iter().zip(&r.lines) {
            let same = a.criterion == b.criterion
                && a.depth == b.depth
                && a.effective_weight == b.effective_weight
                && close_opt(a.points(), b.points())
                && match (&a.detail, &b.detail) {
                    (Detail::Scored(x), Detail::Scored(y)) => {
                        x.scores == y.scores
                            && x.scores
                                .iter()
                                .zip(&y.scores)
                                .all(|(p, q)| p.1.to_string() == q.1.to_string())
                            && x.consensus == y.consensus
                            && close_opt(x.moderated, y.moderated)
                            && x.basis == y.basis
                            && x.spread == y.spread
                            && x.flagged == y.flagged
                            && x.min_score == y.min_score
                            && (x.scale_min, x.scale_max) == (y.scale_min, y.scale_max)
                    }
                    (Detail::Price(x), Detail::Price(y)) => {
                        (x.method, x.price, x.lowest) == (y.method, y.price, y.lowest)
                            && close_opt(x.points, y.points)
                    }
                    (Detail::Measured(x), Detail::Measured(y)) => {
                        (x.price, x.lowest, x.highest) == (y.price, y.lowest, y.highest)
                            && x.formula == y.formula
                            && close_opt(x.points, y.points)
                    }
                    (Detail::PassFail { .. }, Detail::PassFail { .. }) => a.detail == b.detail,
                    (Detail::Group { relative: x, .. }, Detail::Group { relative: y, .. }) => {
                        match (x, y) {
                            (None, None) => true,
                            (Some(x), Some(y)) => {
                                close(x.points, y.points) && close(x.best, y.best)
                            }
                            _ => false,
                        }
                    }
                    _ => false,
                };
            if !same {
                return Err(format!(
                    "bid {} line {} differs:\n{a:#?}\n{b:#?}",
                    g.bid, a.criterion
                ));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// The prepared grid gives every figure the cell-by-cell reference engine gives, and
    /// its standings without breakdowns are the same standings.
    #[test]
    fn the_grid_agrees_with_the_reference_engine(e in evaluation()) {
        use bidmark::scoring::{reference, Grid};
        let grid = Grid::new(&e).expect("generated evaluations fit a grid");
        let full = grid.full();
        if let Err(why) = agree(&full, &reference::score(&e)) {
            prop_assert!(false, "{}", why);
        }
        let mut bare = full.clone();
        for b in &mut bare.bids {
            b.lines.clear();
        }
        prop_assert_eq!(&grid.results(), &bare);
        for b in &full.bids {
            prop_assert_eq!(&grid.lines(&full, &b.bid), &b.lines);
        }
    }

    /// Scores, consensus and checks changed in place in a grid give what a grid
    /// prepared afresh from the changed evaluation gives.
    #[test]
    fn changing_a_grid_in_place_equals_preparing_it_again(
        e in evaluation(),
        changes in prop::collection::vec((any::<Index>(), any::<Index>(), any::<Index>(), 0u32..4, any::<u32>()), 1..12),
    ) {
        use bidmark::scoring::Grid;
        let mut e = e;
        let mut grid = Grid::new(&e).expect("fits");
        let leaves = ids_of(&e, Kind::Scored);
        let pass_fail = ids_of(&e, Kind::PassFail);
        for (b, c, v, what, raw) in changes {
            let bid = e.bids[b.index(e.bids.len())].id.clone();
            let evaluator = e.evaluators[v.index(e.evaluators.len())].id.clone();
            match what {
                0 | 1 if !leaves.is_empty() => {
                    let leaf = leaves[c.index(leaves.len())].clone();
                    let (lo, hi) = scale_for(&e, &leaf);
                    let value = (raw % 5 != 0).then(|| score_in(raw, lo, hi));
                    if what == 0 {
                        e.scores.retain(|s| !(s.bid == bid && s.criterion == leaf && s.evaluator == evaluator));
                        if let Some(v) = value {
                            e.scores.push(Score { evaluator: evaluator.clone(), bid: bid.clone(), criterion: leaf.clone(), score: dec(v), note: None }.into());
                        }
                        // More decimal places than the grid's unit: prepare it again.
                        if !grid.set_score(&bid, &leaf, &evaluator, value) {
                            prop_assert!(value.is_some_and(|v| v.scale() > 0));
                            grid = Grid::new(&e).expect("fits");
                        }
                    } else {
                        e.consensus.retain(|s| !(s.bid == bid && s.criterion == leaf));
                        if let Some(v) = value {
                            e.consensus.push(Consensus { bid: bid.clone(), criterion: leaf.clone(), score: dec(v), rationale: "Agreed.".into() });
                        }
                        if !grid.set_consensus(&bid, &leaf, value) {
                            prop_assert!(value.is_some_and(|v| v.scale() > 0));
                            grid = Grid::new(&e).expect("fits");
                        }
                    }
                }
                2 if !pass_fail.is_empty() => {
                    let pf = pass_fail[c.index(pass_fail.len())].clone();
                    let check = (raw % 3 != 0).then(|| (raw % 2 == 0, (raw % 4 == 0).then(|| "Seen.".to_string())));
                    e.checks.retain(|k| !(k.bid == bid && k.criterion == pf));
                    if let Some((passed, note)) = &check {
                        e.checks.push(Check { bid: bid.clone(), criterion: pf.clone(), passed: *passed, note: note.clone() });
                    }
                    prop_assert!(grid.set_check(&bid, &pf, check));
                }
                _ => {}
            }
        }
        prop_assert!(validate(&e).is_empty());
        let fresh = Grid::new(&e).expect("fits");
        prop_assert_eq!(grid.full(), fresh.full());
        prop_assert_eq!(grid.open_flags(None), fresh.open_flags(None));
    }
}

/// Numbers a grid cannot hold as whole units (more than 9 decimal places) are scored
/// by the reference engine, with the same result.
#[test]
fn an_evaluation_beyond_the_grid_is_scored_by_the_reference_engine() {
    use bidmark::scoring::{reference, Grid};
    let mut e = load_str(bidmark::samples::find("dos-outcomes").unwrap().json).unwrap();
    assert!(Grid::new(&e).is_some());
    // 1.000000000001 on the 0 to 3 scale.
    std::rc::Rc::make_mut(&mut e.scores[0]).score = dec(Decimal::new(1_000_000_000_001, 12));
    assert!(validate(&e).is_empty());
    assert!(Grid::new(&e).is_none());
    assert_eq!(score(&e), reference::score(&e));
}

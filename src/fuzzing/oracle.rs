//! The oracle: what FORMAT.md ("Scoring") says the results of a valid evaluation are,
//! recomputed from the evaluation's own lists; only the engine's rounding is shared.

use std::collections::{BTreeSet, HashMap};

use rust_decimal::Decimal;

use crate::model::{Criterion, Evaluation, Kind, Method, PriceMethod};
use crate::scoring::{round, Basis, BidResult, Detail, Exclusion, Pending, Results};

/// Slack for exact arithmetic that rounds at 28 significant digits: far below any
/// reported place (at most 6), far above the last digit of a product of weights.
fn slack() -> Decimal {
    Decimal::new(1, 20)
}

/// Everything FORMAT.md ("Scoring") says about the results of a valid evaluation,
/// recomputed here from the evaluation's own lists.
pub fn check_results(e: &Evaluation, r: &Results) {
    let eps = slack();
    let places = e.places();
    let unit = Decimal::new(1, places);
    assert_eq!(r.places, places);
    assert_eq!(r.method, e.method());

    // Effective weights, down the tree; scales, inherited from groups.
    let mut eff: HashMap<&str, Decimal> = HashMap::new();
    let mut scales: HashMap<&str, (Decimal, Decimal)> = HashMap::new();
    fn down<'a>(
        nodes: &'a [Criterion],
        parent: Decimal,
        scale: (Decimal, Decimal),
        eff: &mut HashMap<&'a str, Decimal>,
        scales: &mut HashMap<&'a str, (Decimal, Decimal)>,
    ) {
        for c in nodes {
            let own = c.scale.as_ref().map_or(scale, |s| (s.min.0, s.max.0));
            scales.insert(&c.id, own);
            if c.is_weighted() {
                let w = parent * c.weight.expect("weighted nodes have weights").0
                    / Decimal::ONE_HUNDRED;
                eff.insert(&c.id, w);
                down(c.children(), w, own, eff, scales);
            }
        }
    }
    let ds = e.default_scale();
    down(
        &e.criteria,
        Decimal::ONE_HUNDRED,
        (ds.min.0, ds.max.0),
        &mut eff,
        &mut scales,
    );
    let walk = e.walk();
    let leaves: Vec<&Criterion> = walk
        .iter()
        .map(|(_, c)| *c)
        .filter(|c| matches!(c.kind, Kind::Scored | Kind::Price | Kind::Measured))
        .collect();
    let price_node = walk.iter().map(|(_, c)| *c).find(|c| c.kind == Kind::Price);
    // Price components (extension): measured criteria whose points are price points and
    // whose figures add up to each bid's total evaluated price.
    let components: Vec<&Criterion> = leaves
        .iter()
        .copied()
        .filter(|c| c.kind == Kind::Measured && c.price_component)
        .collect();
    let priced = price_node.is_some() || !components.is_empty();
    let scored_available: Decimal = leaves
        .iter()
        .filter(|c| c.kind == Kind::Scored)
        .map(|c| eff[c.id.as_str()])
        .sum();
    // The logarithmic formula without its floor may take points away (below 0).
    // The negotiated contract's bonus may take price points up to 2 above the weight.
    let extra = if price_node.is_some_and(|c| c.method == Some(PriceMethod::KoreanNegotiated)) {
        Decimal::TWO
    } else {
        Decimal::ZERO
    };
    let unfloored = price_node
        .is_some_and(|c| c.method == Some(PriceMethod::Logarithmic) && c.log_floor == Some(false));
    let quality_available: Decimal = leaves
        .iter()
        .filter(|c| c.kind == Kind::Scored || (c.kind == Kind::Measured && !c.price_component))
        .map(|c| eff[c.id.as_str()])
        .sum();
    assert!(
        (r.quality_available - quality_available).abs() <= eps,
        "quality available {} != {quality_available}",
        r.quality_available
    );
    assert_eq!(r.price_available.is_some(), priced);
    let all = r.quality_available + r.price_available.unwrap_or_default();
    assert!(
        (all - Decimal::ONE_HUNDRED).abs() <= eps,
        "the leaves' effective weights add up to {all}, not 100"
    );

    // The same bids, each once.
    assert_eq!(r.bids.len(), e.bids.len());
    let ids: BTreeSet<&str> = r.bids.iter().map(|b| b.bid.as_str()).collect();
    let given: BTreeSet<&str> = e.bids.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, given, "the results are not the evaluation's bids");

    let mut cells: HashMap<(&str, &str), Vec<Decimal>> = HashMap::new();
    for s in &e.scores {
        cells
            .entry((s.bid.as_str(), s.criterion.as_str()))
            .or_default()
            .push(s.score.0);
    }
    let consensus: HashMap<(&str, &str), Decimal> = e
        .consensus
        .iter()
        .map(|c| ((c.bid.as_str(), c.criterion.as_str()), c.score.0))
        .collect();
    let checks: HashMap<(&str, &str), bool> = e
        .checks
        .iter()
        .map(|c| ((c.bid.as_str(), c.criterion.as_str()), c.passed))
        .collect();

    // The highest price among the bids still in, worked out here rather than read.
    let highest = r
        .bids
        .iter()
        .filter(|b| !b.excluded())
        .filter_map(|b| b.price)
        .filter(|p| *p > Decimal::ZERO)
        .max();
    // Each measured criterion's figures among the bids still in (price components:
    // only positive ones, as prices), and each top group relative to the best bid's
    // best sum, worked out here from the bids' own figures and lines.
    let inside: Vec<&crate::model::Bid> = r
        .bids
        .iter()
        .filter(|b| !b.excluded())
        .filter_map(|b| e.bid(&b.bid))
        .collect();
    let figures = |c: &Criterion| -> Vec<Decimal> {
        inside
            .iter()
            .filter_map(|b| b.values.get(&c.id).map(|v| v.0))
            .filter(|v| {
                if c.price_component {
                    *v > Decimal::ZERO
                } else {
                    *v >= Decimal::ZERO
                }
            })
            .collect()
    };
    let relative_groups: Vec<&Criterion> = e
        .criteria
        .iter()
        .filter(|c| c.kind == Kind::Group && c.relative_to_best)
        .collect();
    let sum_below = |b: &BidResult, id: &str| -> Decimal {
        let i = b
            .lines
            .iter()
            .position(|l| l.criterion == id)
            .expect("a line per criterion");
        let depth = b.lines[i].depth;
        b.lines[i + 1..]
            .iter()
            .take_while(|x| x.depth > depth)
            .filter(|x| x.depth == depth + 1)
            .filter_map(|x| x.points())
            .sum()
    };
    let best_of = |id: &str| -> Decimal {
        r.bids
            .iter()
            .filter(|b| !b.excluded())
            .map(|b| sum_below(b, id))
            .max()
            .unwrap_or_default()
            .max(Decimal::ZERO)
    };
    let low = abnormally_low(e, r);
    for b in &r.bids {
        let bid = e.bid(&b.bid).expect("a result is for a bid");
        let mut reasons: Vec<String> = Vec::new();
        assert_eq!(b.supplier, bid.supplier);
        let total_price: Option<Decimal> = if components.is_empty() {
            bid.price.map(|p| p.0)
        } else {
            components
                .iter()
                .map(|c| bid.values.get(&c.id).map(|v| v.0))
                .sum()
        };
        assert_eq!(b.price, total_price, "total evaluated price of {}", b.bid);
        assert_eq!(b.investigation.as_ref(), e.investigation(&b.bid));
        match (low.get(b.bid.as_str()), &b.abnormally_low) {
            (None, None) => {}
            (Some(base), Some(flag)) => {
                assert!(
                    (flag.base - base).abs() <= eps,
                    "the base of {}'s flag: {} != {base}",
                    b.bid,
                    flag.base
                );
                let price = b.price.expect("a flagged bid has a price");
                assert!(
                    price < flag.threshold + eps,
                    "{} is flagged above the threshold",
                    b.bid
                );
                if e.investigation(&b.bid)
                    .is_some_and(|v| v.outcome == crate::model::Outcome::Rejected)
                {
                    reasons.push("abnormally_low".to_string());
                }
            }
            (want, got) => panic!(
                "abnormally low flag of {}: expected {want:?}, got {got:?}",
                b.bid
            ),
        }
        assert_eq!(b.lines.len(), walk.len(), "one line per criterion");
        let mut pending: Vec<String> = Vec::new();
        let mut quality = Decimal::ZERO;
        // Scored points under no group relative to the best bid; measured points.
        let mut outside = Decimal::ZERO;
        let mut measured_quality = Decimal::ZERO;
        let mut measured_price = Decimal::ZERO;
        for (line, (depth, c)) in b.lines.iter().zip(&walk) {
            assert_eq!(line.criterion, c.id);
            assert_eq!(line.depth, *depth);
            let key = (bid.id.as_str(), c.id.as_str());
            match (&line.detail, c.kind) {
                (Detail::Scored(cell), Kind::Scored) => {
                    let (lo, hi) = scales[c.id.as_str()];
                    assert_eq!((cell.scale_min, cell.scale_max), (lo, hi));
                    let w = eff[c.id.as_str()];
                    assert_eq!(line.effective_weight, Some(w));
                    let mut values = cells.get(&key).cloned().unwrap_or_default();
                    let expected = match consensus.get(&key) {
                        Some(&agreed) => Some((agreed, Basis::Consensus)),
                        None if values.is_empty() => None,
                        None => {
                            values.sort();
                            let n = values.len();
                            let mean = |v: &[Decimal]| {
                                v.iter().copied().sum::<Decimal>() / Decimal::from(v.len())
                            };
                            Some(match e.method() {
                                Method::Mean => (mean(&values), Basis::Mean),
                                Method::Consensus => (mean(&values), Basis::ProvisionalMean),
                                Method::Median if n % 2 == 1 => (values[n / 2], Basis::Median),
                                Method::Median => (
                                    (values[n / 2 - 1] + values[n / 2]) / Decimal::TWO,
                                    Basis::Median,
                                ),
                                Method::TrimmedMean if n >= 3 => {
                                    (mean(&values[1..n - 1]), Basis::TrimmedMean)
                                }
                                Method::TrimmedMean => (mean(&values), Basis::TrimmedMean),
                            })
                        }
                    };
                    match expected {
                        None => {
                            assert_eq!(cell.moderated, None);
                            assert_eq!(cell.basis, Basis::NoScores);
                            assert_eq!(cell.points, Decimal::ZERO);
                            pending.push(format!("no_scores:{}", c.id));
                        }
                        Some((m, basis)) => {
                            assert_eq!(cell.moderated, Some(m), "moderated score of {key:?}");
                            assert_eq!(cell.basis, basis, "basis of {key:?}");
                            assert!(
                                m >= lo - eps && m <= hi + eps,
                                "moderated {m} outside {lo}..{hi}"
                            );
                            let points = (m - lo) / (hi - lo) * w;
                            assert!(
                                (cell.points - points).abs() <= eps,
                                "points of {key:?}: {} != {points}",
                                cell.points
                            );
                            assert!(cell.points >= -eps && cell.points <= w + eps);
                            if basis == Basis::ProvisionalMean {
                                pending.push(format!("consensus:{}", c.id));
                            }
                            if let Some(min) = c.min_score {
                                if m < min.0 {
                                    reasons.push(format!("min_score:{}", c.id));
                                }
                            }
                        }
                    }
                    let spread = values
                        .iter()
                        .max()
                        .zip(values.iter().min())
                        .map(|(a, b)| a - b);
                    assert_eq!(cell.spread, spread);
                    let flagged = matches!((spread, e.divergence()), (Some(s), Some(d)) if values.len() > 1 && s >= d.0);
                    assert_eq!(cell.flagged, flagged, "divergence flag of {key:?}");
                    quality += cell.points;
                    if !under_relative(&walk, c) {
                        outside += cell.points;
                    }
                }
                (Detail::Measured(cell), Kind::Measured) => {
                    let w = eff[c.id.as_str()];
                    assert_eq!(line.effective_weight, Some(w));
                    let value = bid.values.get(&c.id).map(|v| v.0);
                    assert_eq!(cell.price, value, "figure of {key:?}");
                    let all = figures(c);
                    let (lowest, highest) = (all.iter().min().copied(), all.iter().max().copied());
                    assert_eq!(
                        (cell.lowest, cell.highest),
                        (lowest, highest),
                        "best and worst of {}",
                        c.id
                    );
                    match cell.points {
                        None => assert!(b.excluded()),
                        Some(p) => {
                            assert!(!b.excluded());
                            let expected = measured_expected(c, w, value, lowest, highest);
                            if let Some(x) = expected {
                                assert!((p - x).abs() <= eps, "points of {key:?}: {p} != {x}");
                            }
                            assert!(p >= -eps && p <= w + eps, "measured points {p} of {w}");
                            if c.price_component {
                                measured_price += p;
                            } else {
                                measured_quality += p;
                            }
                        }
                    }
                }
                (Detail::Price(cell), Kind::Price) => {
                    if c.method == Some(PriceMethod::EligibilityReview)
                        && c.eligibility
                            .as_ref()
                            .is_some_and(|g| g.reference_price.is_none())
                    {
                        pending.push(format!("no_reference:{}", c.id));
                    }
                    let w = eff[c.id.as_str()];
                    assert_eq!(line.effective_weight, Some(w));
                    assert_eq!(cell.lowest, r.lowest_price);
                    assert_eq!(cell.price, bid.price.map(|p| p.0));
                    if let Some(p) = cell.points {
                        // Only the logarithmic formula without its floor goes below 0.
                        let unfloored =
                            cell.method == PriceMethod::Logarithmic && !cell.formula.floor;
                        // The negotiated contract's bonus below 80 % of the estimated price is
                        // up to 2 points on top of what the lowest price earns.
                        let bonus = if cell.method == PriceMethod::KoreanNegotiated {
                            Decimal::TWO
                        } else {
                            Decimal::ZERO
                        };
                        assert!(
                            (p >= Decimal::ZERO || unfloored) && p <= w + bonus + eps,
                            "price points {p} of {w}"
                        );
                        if let (Some(price), Some(lowest)) = (cell.price, cell.lowest) {
                            let share = match cell.method {
                                PriceMethod::LowestOverBid => Some(lowest / price),
                                PriceMethod::LinearToLowest => Some(
                                    (Decimal::ONE - (price - lowest) / lowest).max(Decimal::ZERO),
                                ),
                                PriceMethod::Logarithmic => None,
                                PriceMethod::LinearLowestHighest => highest.map(|h| {
                                    if h == lowest {
                                        Decimal::ONE
                                    } else {
                                        (h - price) / (h - lowest)
                                    }
                                }),
                                // Worked out here from the file's fields, rearranged: the
                                // bonus 2 × (0.8E − q) ÷ 0.2E is 10 × (0.8 − q ÷ E).
                                PriceMethod::KoreanNegotiated => {
                                    c.estimated_price.filter(|_| !w.is_zero()).map(|est| {
                                        let n = c.negotiated.clone().unwrap_or_default();
                                        let anchor = n.reserve_price.unwrap_or(est).0;
                                        let eighty = anchor * Decimal::new(8, 1);
                                        let low = if n.lowest_raised_to_80 == Some(true)
                                            && lowest < eighty
                                        {
                                            eighty
                                        } else {
                                            lowest
                                        };
                                        if price >= eighty {
                                            low / price
                                        } else if price * Decimal::TEN < anchor * Decimal::from(6)
                                            && n.below_60
                                                == Some(crate::model::Below60::SixtyPercentOfWeight)
                                        {
                                            Decimal::new(6, 1)
                                        } else {
                                            let q = (price / anchor).max(Decimal::new(6, 1));
                                            let bonus = Decimal::TEN * (Decimal::new(8, 1) - q);
                                            low / eighty + bonus / w
                                        }
                                    })
                                }
                                PriceMethod::EligibilityReview => {
                                    // No reserve price yet: nothing to expect (pending).
                                    c.eligibility
                                        .as_ref()
                                        .filter(|g| !w.is_zero() && g.reference_price.is_some())
                                        .map(|g| {
                                            let a = g.a_value.map_or(Decimal::ZERO, |a| a.0);
                                            let places = g.ratio_places.unwrap_or(4) as u32;
                                            // Rounded half up by hand: the fraction part
                                            // shifted, a half added, cut.
                                            let shift = Decimal::from(10u64.pow(places));
                                            let x = (price - a)
                                                / (g.reference_price.map_or(Decimal::ONE, |r| r.0)
                                                    - a);
                                            let whole = x.trunc();
                                            let frac = (x - whole) * shift;
                                            let half = Decimal::new(5, 1);
                                            let cut = if frac >= Decimal::ZERO {
                                                (frac + half).trunc()
                                            } else {
                                                -((-frac + half).trunc())
                                            };
                                            let percent =
                                                (whole + cut / shift) * Decimal::ONE_HUNDRED;
                                            let banded = g.band.as_ref().filter(|b| {
                                                b.from.0 <= percent && percent <= b.to.0
                                            });
                                            let pts = match banded {
                                                Some(b) => b.points.0,
                                                None => {
                                                    let lost =
                                                        g.slope.0 * (g.target.0 - percent).abs();
                                                    (w - lost)
                                                        .max(g.floor.map_or(Decimal::ZERO, |f| f.0))
                                                }
                                            };
                                            pts / w
                                        })
                                }
                                PriceMethod::BetweenBounds => c.bounds.as_ref().map(|bd| {
                                    let (full, zero) = (bd.full.0, bd.zero.0);
                                    ((zero - price) / (zero - full))
                                        .min(Decimal::ONE)
                                        .max(Decimal::ZERO)
                                }),
                            };
                            if let Some(share) = share {
                                assert!(
                                    (p - share * w).abs() <= eps,
                                    "price points {p} != {}",
                                    share * w
                                );
                            }
                            // Between bounds and the eligibility review are absolute: the
                            // lowest price may score less than the weight; the negotiated
                            // contract may give the lowest price a bonus.
                            if price == lowest
                                && !matches!(
                                    cell.method,
                                    PriceMethod::BetweenBounds
                                        | PriceMethod::EligibilityReview
                                        | PriceMethod::KoreanNegotiated
                                )
                            {
                                assert_eq!(p, w, "the lowest price gets the whole weight");
                            }
                        }
                    }
                }
                (Detail::PassFail { passed, .. }, Kind::PassFail) => {
                    assert_eq!(line.effective_weight, None);
                    assert_eq!(*passed, checks.get(&key).copied());
                    match passed {
                        None => pending.push(format!("no_check:{}", c.id)),
                        Some(false) => reasons.push(format!("failed_check:{}", c.id)),
                        Some(true) => {}
                    }
                }
                (Detail::Group { points, relative }, Kind::Group) => {
                    assert_eq!(line.effective_weight, Some(eff[c.id.as_str()]));
                    assert!(
                        (*points >= -eps || unfloored)
                            && *points <= eff[c.id.as_str()] + extra + eps
                    );
                    let top_relative = relative_groups.iter().any(|g| g.id == c.id);
                    assert_eq!(
                        relative.is_some(),
                        top_relative && !b.excluded(),
                        "relative group {}",
                        c.id
                    );
                }
                (d, k) => panic!("criterion {} is {k:?} but its line is {d:?}", c.id),
            }
        }
        // Group lines hold the sum of the lines right below them; a group relative to
        // the best bid, that sum times its weight over the best bid's sum.
        let mut relative_points = Decimal::ZERO;
        for (i, l) in b.lines.iter().enumerate() {
            if let Detail::Group { points, relative } = l.detail {
                let sum: Decimal = b.lines[i + 1..]
                    .iter()
                    .take_while(|x| x.depth > l.depth)
                    .filter(|x| x.depth == l.depth + 1)
                    .filter_map(|x| x.points())
                    .sum();
                match relative {
                    None => assert_eq!(points, sum, "group {} points", l.criterion),
                    Some(rel) => {
                        let best = best_of(&l.criterion);
                        assert_eq!(rel.points, sum, "group {} sum", l.criterion);
                        assert_eq!(rel.best, best, "group {} best", l.criterion);
                        let w = eff[l.criterion.as_str()];
                        let expected = if best > Decimal::ZERO {
                            sum * w / best
                        } else {
                            Decimal::ZERO
                        };
                        assert!(
                            (points - expected).abs() <= eps,
                            "group {} relative points {points} != {expected}",
                            l.criterion
                        );
                        relative_points += points;
                    }
                }
            }
        }
        // What a threshold tests: the scored criteria's plain sum, before any group is
        // set against the best bid's; the quality reported adds the rest.
        if let Some(p) = b.quality_percent {
            let expected = quality * Decimal::ONE_HUNDRED / scored_available;
            assert!(
                (p - expected).abs() <= eps,
                "quality percent {p} != {expected}"
            );
        }
        let expected_quality = if b.excluded() {
            quality
        } else if relative_groups.is_empty() {
            quality + measured_quality
        } else {
            outside + relative_points + measured_quality
        };
        assert!(
            (b.quality_exact - expected_quality).abs() <= eps,
            "quality {} != sum of points {expected_quality}",
            b.quality_exact
        );
        assert!(b.quality_exact >= -eps && b.quality_exact <= r.quality_available + eps);
        assert_eq!(b.quality, round::round(b.quality_exact, places));
        assert_eq!(b.quality.scale(), places);
        match b.quality_percent {
            None => assert!(scored_available.is_zero()),
            Some(p) => {
                assert!(scored_available > Decimal::ZERO);
                assert!(
                    p >= -eps && p <= Decimal::ONE_HUNDRED + eps,
                    "quality {p} %"
                );
                if let Some(t) = e.quality_threshold {
                    if p < t.0 {
                        reasons.push("quality_threshold".to_string());
                    }
                }
            }
        }
        // A price above the price criterion's budget.
        let budget = walk
            .iter()
            .find(|(_, c)| c.kind == Kind::Price)
            .and_then(|(_, c)| c.budget);
        if let (Some(limit), Some(p)) = (budget, bid.price) {
            if p.0 > limit.0 {
                reasons.push("budget".to_string());
            }
        }
        // A price below the eligibility review's lower limit: (price − A) ÷ (reference −
        // A) × 100 below the limit, compared here without a division.
        let review = walk
            .iter()
            .find(|(_, c)| c.kind == Kind::Price)
            .filter(|(_, c)| c.method == Some(PriceMethod::EligibilityReview))
            .and_then(|(_, c)| c.eligibility.as_ref());
        if let (Some(g), Some(p)) = (review, bid.price) {
            let a = g.a_value.map_or(Decimal::ZERO, |a| a.0);
            if let (Some(limit), Some(reference)) = (g.lower_limit, g.reference_price) {
                if (p.0 - a) * Decimal::ONE_HUNDRED < limit.0 * (reference.0 - a) {
                    reasons.push("lower_limit".to_string());
                }
            }
        }
        let codes: Vec<String> = b.reasons.iter().map(Exclusion::code).collect();
        let mut sorted_codes = codes.clone();
        sorted_codes.sort();
        reasons.sort();
        assert_eq!(sorted_codes, reasons, "exclusions of {}", b.bid);
        for x in &b.reasons {
            assert!(!x.to_string().is_empty());
        }
        let mut pend: Vec<String> = b
            .pending
            .iter()
            .map(|p| match p {
                Pending::NoScores { criterion, .. } => format!("no_scores:{criterion}"),
                Pending::AwaitingConsensus { criterion, .. } => format!("consensus:{criterion}"),
                Pending::NoCheck { criterion, .. } => format!("no_check:{criterion}"),
                Pending::TooFewScores { criterion, .. } => format!("too_few:{criterion}"),
                Pending::NoReferencePrice { criterion, .. } => {
                    format!("no_reference:{criterion}")
                }
                Pending::NoEligibleEvaluator { criterion, .. } => {
                    format!("no_eligible:{criterion}")
                }
            })
            .collect();
        pend.sort();
        pending.sort();
        assert_eq!(pend, pending, "what {} awaits", b.bid);

        if b.excluded() {
            assert_eq!(b.rank, None);
            assert_eq!(b.total, None);
            assert_eq!(b.total_exact, None);
            assert_eq!(b.price_points, None);
        } else {
            let total_exact = b.total_exact.expect("a bid still in has a total");
            let total = b.total.expect("a bid still in has a total");
            assert_eq!(b.price_points_exact.is_some(), priced);
            assert_eq!(
                total_exact,
                b.quality_exact + b.price_points_exact.unwrap_or_default()
            );
            assert_eq!(total, round::round(total_exact, places));
            assert_eq!(total.scale(), places, "total {total} has the wrong places");
            assert!(
                (total_exact >= -eps || unfloored)
                    && total_exact <= Decimal::ONE_HUNDRED + extra + eps,
                "total {total_exact} outside 0..100"
            );
            assert!(
                (total >= Decimal::ZERO || unfloored) && total <= Decimal::ONE_HUNDRED + extra,
                "total {total} outside 0..100"
            );
            let parts = b.quality + b.price_points.unwrap_or_default();
            assert!(
                (total - parts).abs() <= unit,
                "total {total} is more than one unit from {parts}"
            );
            if let Some(p) = b.price_points {
                assert_eq!(
                    Some(p),
                    b.price_points_exact.map(|x| round::round(x, places))
                );
                assert_eq!(p.scale(), places);
            }
        }
    }

    // The lowest price among the bids still in.
    let lowest = r
        .bids
        .iter()
        .filter(|b| !b.excluded())
        .filter_map(|b| b.price)
        .filter(|p| *p > Decimal::ZERO)
        .min();
    assert_eq!(r.lowest_price, lowest);

    match e
        .ranking
        .as_ref()
        .filter(|k| k.method != crate::model::RankingMethod::WeightedPoints)
    {
        Some(k) => check_ranked_on(
            k,
            &r.bids,
            r.places
                + if k.method == crate::model::RankingMethod::ValueForMoney {
                    6
                } else {
                    0
                },
        ),
        None => check_ranks(&r.bids),
    }
}

/// Whether a criterion sits under a top-level group relative to the best bid.
fn under_relative(walk: &[(usize, &Criterion)], c: &Criterion) -> bool {
    let Some(i) = walk.iter().position(|(_, x)| x.id == c.id) else {
        return false;
    };
    let mut depth = walk[i].0;
    for (d, x) in walk[..i].iter().rev() {
        if *d < depth {
            if *d == 0 {
                return x.kind == Kind::Group && x.relative_to_best;
            }
            depth = *d;
        }
    }
    false
}

/// A measured criterion's points, from docs/format.md's words: the best figure gets the
/// whole weight; ratio to the best; linear between the best and the worst; between
/// bounds. `None` for the formulas left to the price engine's own (logarithmic).
fn measured_expected(
    c: &Criterion,
    w: Decimal,
    value: Option<Decimal>,
    lowest: Option<Decimal>,
    highest: Option<Decimal>,
) -> Option<Decimal> {
    use crate::model::Better;
    let (v, lo, hi) = (value?, lowest?, highest?);
    let higher = c.better == Some(Better::Higher);
    let (best, worst) = if higher { (hi, lo) } else { (lo, hi) };
    let share = match c.method? {
        PriceMethod::BetweenBounds => {
            let b = c.bounds.as_ref()?;
            ((v - b.zero.0) / (b.full.0 - b.zero.0))
                .max(Decimal::ZERO)
                .min(Decimal::ONE)
        }
        _ if v == best => Decimal::ONE,
        PriceMethod::LowestOverBid if higher => {
            if best > Decimal::ZERO {
                v / best
            } else {
                Decimal::ZERO
            }
        }
        PriceMethod::LowestOverBid => {
            if v > Decimal::ZERO {
                best / v
            } else {
                Decimal::ONE
            }
        }
        PriceMethod::LinearLowestHighest => {
            if best == worst {
                Decimal::ONE
            } else {
                (worst - v) / (worst - best)
            }
        }
        PriceMethod::LinearToLowest if best > Decimal::ZERO => {
            (Decimal::TWO - v / best).max(Decimal::ZERO)
        }
        PriceMethod::LinearToLowest => {
            if v == Decimal::ZERO {
                Decimal::ONE
            } else {
                Decimal::ZERO
            }
        }
        PriceMethod::Logarithmic => return None,
        // Refused on a measured criterion by validation.
        PriceMethod::KoreanNegotiated | PriceMethod::EligibilityReview => return None,
    };
    Some(share * w)
}

/// The bids the abnormally low rule flags, with the base of the comparison, worked out
/// here without a threshold: each comparison is cleared of fractions. The prices
/// compared are those of the bids excluded for no other reason (those reasons are
/// checked bid by bid).
///
/// - mean of n: flagged when Σ_j (100·p − (100 − P)·p_j) < 0; with a reference price R,
///   when Σ_j (100·(p − p_j) + R·P) < 0;
/// - median m (odd count) or (a + b) / 2: 100·p < (100 − P)·m, 200·p < (100 − P)·(a + b);
///   with R: 100·p < 100·m − R·P, 200·p < 100·(a + b) − 2·R·P;
/// - mean without the highest: the mean of the others, the first highest left out;
/// - margin M: 100·p < (100 − M)·(lowest price of the others).
fn abnormally_low<'a>(e: &Evaluation, r: &'a Results) -> HashMap<&'a str, Decimal> {
    let mut out = HashMap::new();
    let Some(rule) = &e.abnormally_low else {
        return out;
    };
    let compared: Vec<(&str, Decimal)> = r
        .bids
        .iter()
        .filter(|b| b.reasons.iter().all(|x| x.code() == "abnormally_low"))
        .filter_map(|b| b.price.map(|p| (b.bid.as_str(), p)))
        .collect();
    let n = compared.len();
    if n < 2 || rule.min_bids.is_some_and(|m| (n as i64) < m) {
        return out;
    }
    let big = Decimal::ONE_HUNDRED;
    let pct = rule.below_percent.0;
    let mut prices: Vec<Decimal> = compared.iter().map(|c| c.1).collect();
    prices.sort();
    // The prices a mean is taken over.
    let over: Vec<Decimal> = match rule.of {
        crate::model::LowBase::MeanWithoutHighest => prices[..n - 1].to_vec(),
        _ => prices.clone(),
    };
    let base = match rule.of {
        crate::model::LowBase::Median if n % 2 == 1 => prices[n / 2],
        crate::model::LowBase::Median => (prices[n / 2 - 1] + prices[n / 2]) / Decimal::TWO,
        _ => over.iter().copied().sum::<Decimal>() / Decimal::from(over.len()),
    };
    for (k, &(id, p)) in compared.iter().enumerate() {
        let below = match (rule.of, rule.reference_price) {
            (crate::model::LowBase::Median, reference) => {
                let (twice, mid) = if n % 2 == 1 {
                    (false, prices[n / 2])
                } else {
                    (true, prices[n / 2 - 1] + prices[n / 2])
                };
                let lhs = if twice {
                    Decimal::TWO * big * p
                } else {
                    big * p
                };
                let rhs = match reference {
                    None => (big - pct) * mid,
                    Some(rp) => {
                        big * mid - if twice { Decimal::TWO } else { Decimal::ONE } * rp.0 * pct
                    }
                };
                lhs < rhs
            }
            (_, None) => {
                over.iter()
                    .map(|q| big * p - (big - pct) * q)
                    .sum::<Decimal>()
                    < Decimal::ZERO
            }
            (_, Some(rp)) => {
                over.iter()
                    .map(|q| big * (p - q) + rp.0 * pct)
                    .sum::<Decimal>()
                    < Decimal::ZERO
            }
        };
        if !below {
            continue;
        }
        if let Some(m) = rule.below_lowest_other_percent {
            let others = compared
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .map(|(_, c)| c.1)
                .min()
                .expect("two prices are compared");
            if big * p >= (big - m.0) * others {
                continue;
            }
        }
        out.insert(id, base);
    }
    out
}

/// Bids still in come first, by rounded total, then rounded quality, then lower price
/// (a bid without a price after those with one); bids still tied share a rank (1, 1, 3).
/// Ranked by price against quality points: each bid's quantity worked out again, and the
/// bids in its order (lower or higher first; a bid without one after those with one).
fn check_ranked_on(k: &crate::model::Ranking, bids: &[BidResult], places: u32) {
    use crate::model::RankingMethod as R;
    let inside = bids.iter().take_while(|b| !b.excluded()).count();
    let mut previous: Option<Option<Decimal>> = None;
    for (i, b) in bids[..inside].iter().enumerate() {
        let q = b.quality_exact;
        let expected = b
            .price
            .filter(|p| *p > Decimal::ZERO)
            .and_then(|p| match k.method {
                R::PricePerPoint => (q > Decimal::ZERO).then(|| p / q),
                R::AdjustedPrice => k.point_value.map(|v| p - q * v.0),
                R::ValueForMoney => Some(q / p),
                R::WeightedPoints => None,
            });
        assert_eq!(b.ranked_on, expected, "what {} is ranked on", b.bid);
        let now = expected.map(|v| round::round(v, places));
        if let Some(before) = previous {
            let in_order = match (before, now) {
                (Some(x), Some(y)) if k.method == R::ValueForMoney => x >= y,
                (Some(x), Some(y)) => x <= y,
                (None, Some(_)) => false,
                _ => true,
            };
            assert!(in_order, "{} is out of order", b.bid);
        } else {
            assert_eq!(b.rank, Some(1), "the first bid is not ranked 1");
        }
        assert!(b.rank.is_some_and(|r| r as usize <= i + 1));
        previous = Some(now);
    }
}

fn check_ranks(bids: &[BidResult]) {
    let inside = bids.iter().take_while(|b| !b.excluded()).count();
    assert!(
        bids[inside..].iter().all(BidResult::excluded),
        "an excluded bid comes before one still in"
    );
    for i in 0..inside {
        let b = &bids[i];
        let rank = b.rank.expect("a bid still in has a rank");
        if i == 0 {
            assert_eq!(rank, 1, "the first bid is not ranked 1");
            continue;
        }
        let p = &bids[i - 1];
        assert!(p.total >= b.total, "totals out of order");
        if p.total == b.total {
            assert!(
                p.quality >= b.quality,
                "qualities out of order at equal totals"
            );
            if p.quality == b.quality {
                let in_order = match (p.price, b.price) {
                    (Some(x), Some(y)) => x <= y,
                    (None, Some(_)) => false,
                    _ => true,
                };
                assert!(
                    in_order,
                    "prices out of order at equal totals and qualities"
                );
            }
        }
        let tied = (p.total, p.quality, p.price) == (b.total, b.quality, b.price);
        if tied {
            assert_eq!(b.rank, p.rank, "{} is tied with {}", b.bid, p.bid);
        } else {
            assert_eq!(
                rank as usize,
                i + 1,
                "{} is {}th and not tied",
                b.bid,
                i + 1
            );
        }
    }
}

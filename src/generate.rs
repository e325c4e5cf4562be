//! Synthetic evaluations for benchmarks and tests: N bids × C criteria × E evaluators,
//! the same evaluation for the same seed on every machine.
//!
//! The shape is a large framework call-off: a "Quality" group holding C scored
//! criteria on the DOS 0–3 scale (weights in hundredths adding up to 100), a price
//! criterion scored lowest-over-bid, prices from £100,000 to £1,000,000, and every
//! evaluator scoring every cell. Each bid has a tendency, so scores cluster as real
//! ones do and some cells diverge.

use rust_decimal::Decimal;

use crate::model::{
    Bid, Criterion, Dec, Evaluation, Evaluator, Kind, Method, Moderation, PriceMethod, Scale,
    Score, FORMAT, VERSION,
};

/// SplitMix64: small, fast and deterministic; good enough for synthetic data and for
/// repeatable estimates (the workshop's robustness draws use it too).
#[derive(Clone, Debug)]
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A whole number in `lo..=hi` (the tiny modulo bias does not matter here).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
}

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub bids: usize,
    /// Scored criteria (price comes on top of them).
    pub criteria: usize,
    pub evaluators: usize,
    pub seed: u64,
    pub method: Method,
    /// Weight of price, in whole percent (0 for quality only).
    pub price_weight: u32,
    /// A short justification on every score, as a real panel writes.
    pub notes: bool,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            bids: 10,
            criteria: 5,
            evaluators: 3,
            seed: 1,
            method: Method::Mean,
            price_weight: 30,
            notes: false,
        }
    }
}

/// Splits `total` hundredths over `n` parts as evenly as whole hundredths allow.
fn shares(total: i64, n: usize) -> Vec<Dec> {
    let n = n.max(1) as i64;
    (0..n)
        .map(|i| Dec(Decimal::new(total / n + i64::from(i < total % n), 2).normalize()))
        .collect()
}

const LABELS: [&str; 4] = ["not met", "partially met", "met", "exceeded"];

/// A valid evaluation with every cell scored.
pub fn generate(spec: &Spec) -> Evaluation {
    let mut rng = SplitMix(spec.seed);
    let c = spec.criteria.max(1);
    let children: Vec<Criterion> = shares(10_000, c)
        .into_iter()
        .enumerate()
        .map(|(i, weight)| Criterion {
            weight: Some(weight),
            ..Criterion::new(
                format!("c{:03}", i + 1),
                format!("Criterion {}", i + 1),
                Kind::Scored,
            )
        })
        .collect();
    let quality_weight = 100 - spec.price_weight.min(100);
    let mut criteria = vec![Criterion {
        weight: Some(Dec(Decimal::from(quality_weight))),
        children: Some(children),
        ..Criterion::new("quality", "Quality", Kind::Group)
    }];
    if spec.price_weight > 0 {
        criteria.push(Criterion {
            weight: Some(Dec(Decimal::from(spec.price_weight.min(100)))),
            method: Some(PriceMethod::LowestOverBid),
            ..Criterion::new("price", "Price", Kind::Price)
        });
    }
    let width = spec.bids.max(1).to_string().len().max(4);
    let bids: Vec<Bid> = (1..=spec.bids)
        .map(|i| Bid {
            id: format!("bid-{i:0width$}"),
            supplier: format!("Supplier {i:0width$} Ltd"),
            // £100,000.00 to £1,000,000.00, in pence.
            price: (spec.price_weight > 0)
                .then(|| Dec(Decimal::new(rng.range(10_000_000, 100_000_000) as i64, 2))),
            values: Default::default(),
            answers: Default::default(),
            lot: None,
        })
        .collect();
    let evaluators: Vec<Evaluator> = (1..=spec.evaluators)
        .map(|i| Evaluator {
            id: format!("ev{i}"),
            name: format!("Evaluator {i}"),
            role: None,
            declaration: None,
            assignment: None,
        })
        .collect();
    let mut scores = Vec::with_capacity(spec.bids * c * spec.evaluators);
    for b in &bids {
        // Each bid is weak, fair or strong; each evaluator a little harsh or generous.
        let tendency = rng.range(0, 2) as i64;
        for i in 1..=c {
            let criterion = format!("c{i:03}");
            for v in &evaluators {
                let s =
                    (tendency + rng.range(0, 2) as i64 - 1 + rng.range(0, 1) as i64).clamp(0, 3);
                scores.push(std::rc::Rc::new(Score {
                    evaluator: v.id.clone(),
                    bid: b.id.clone(),
                    criterion: criterion.clone(),
                    score: Dec(Decimal::from(s)),
                    note: spec.notes.then(|| {
                        format!("Criterion {i} is {}: see the answer.", LABELS[s as usize])
                    }),
                }));
            }
        }
    }
    Evaluation {
        format: FORMAT.into(),
        version: VERSION,
        id: Some(format!(
            "generated-{}x{}x{}-{}",
            spec.bids, c, spec.evaluators, spec.seed
        )),
        title: format!(
            "Generated evaluation: {} bids, {} criteria, {} evaluators",
            spec.bids, c, spec.evaluators
        ),
        reference: Some(format!("GEN-{}", spec.seed)),
        currency: Some("GBP".into()),
        scale: Some(Scale::default()),
        criteria,
        quality_threshold: None,
        moderation: Some(Moderation {
            method: spec.method,
            divergence: Some(Dec(Decimal::from(2))),
            min_scores: None,
        }),
        rounding: None,
        bids,
        evaluators,
        scores,
        consensus: Vec::new(),
        checks: Vec::new(),
        lots: Vec::new(),
        award_limit: None,
        ranking: None,
        abnormally_low: None,
        workflow: Default::default(),
        extensions: None,
        view_of: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_evaluations_are_valid_complete_and_repeatable() {
        for (bids, criteria, evaluators, method) in [
            (1, 1, 1, Method::Mean),
            (7, 3, 2, Method::Median),
            (40, 13, 5, Method::TrimmedMean),
            (25, 101, 3, Method::Mean),
        ] {
            let spec = Spec {
                bids,
                criteria,
                evaluators,
                seed: 7,
                method,
                notes: true,
                ..Spec::default()
            };
            let e = generate(&spec);
            assert_eq!(crate::model::validate(&e), vec![], "{spec:?}");
            assert_eq!(e.scores.len(), bids * criteria * evaluators);
            // The file a benchmark writes is a file Bidmark opens, unchanged.
            assert_eq!(crate::load_str(&e.to_json()).unwrap(), e);
            assert_eq!(
                generate(&spec),
                e,
                "the same seed gives the same evaluation"
            );
            assert_ne!(
                generate(&Spec {
                    seed: 8,
                    ..spec.clone()
                }),
                e
            );
            let r = crate::score(&e);
            assert!(r
                .bids
                .iter()
                .all(|b| b.pending.is_empty() && b.total.is_some()));
        }
    }

    #[test]
    fn weights_are_shared_to_the_hundredth() {
        let w: Vec<String> = shares(10_000, 3).iter().map(|d| d.to_string()).collect();
        assert_eq!(w, ["33.34", "33.33", "33.33"]);
        let total: Decimal = shares(10_000, 101).iter().map(|d| d.0).sum();
        assert_eq!(total, Decimal::ONE_HUNDRED);
    }
}

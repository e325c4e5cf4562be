//! Abnormally low bids (extension): the stated rule that flags a price for the buyer to
//! investigate, and the recorded outcome of that investigation.
//!
//! A flag never excludes a bid: the buyer must first ask the supplier to explain its
//! price (Procurement Act 2023 s.43; PCR 2015 reg. 69). Only a recorded rejection of a
//! flagged bid excludes it, as [`super::Exclusion::AbnormallyLow`].
//!
//! Flags are worked out once, from the prices of the bids not excluded for any other
//! reason, before any rejection: rejecting one bid never moves another bid's flag.
//!
//! The threshold formula ([`threshold`]) and the figure shown beside it
//! ([`percent_below`]) are the rule as stated and are shared by both engines, as the
//! price formulas are; which prices take part, the base (mean, median, mean without the
//! highest) and the extra conditions are worked out by each engine on its own.

use rust_decimal::Decimal;

use crate::model::{AbnormallyLow, Investigation, LowBase};

/// Why a bid is flagged as abnormally low: what its price was compared with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LowFlag {
    /// What the base is (the mean, the median, the mean without the highest).
    pub of: LowBase,
    /// The mean (or median…) of the prices compared.
    pub base: Decimal,
    /// How many prices were compared.
    pub compared: usize,
    /// A price below this is flagged.
    pub threshold: Decimal,
    /// How far the bid's price is below the base, in percent of the base.
    pub percent_below: Decimal,
    /// The lowest price among the other bids, when the rule asks for a margin below it.
    pub lowest_other: Option<Decimal>,
}

/// The price below which a bid is flagged, from the base of the prices compared:
/// `base × (100 − below_percent) / 100`, or with a reference price (the "mean drop plus N
/// points" form) `base − reference_price × below_percent / 100`.
pub fn threshold(rule: &AbnormallyLow, base: Decimal) -> Decimal {
    let p = rule.below_percent.0;
    match rule.reference_price {
        Some(r) => base - r.0 * p / Decimal::ONE_HUNDRED,
        None => base * (Decimal::ONE_HUNDRED - p) / Decimal::ONE_HUNDRED,
    }
}

/// Whether `price` is below the threshold of a base `num / den` (a mean is a sum over a
/// count, a median of an even count two prices over 2), compared exactly, without
/// dividing: `price × den × 100 < num × (100 − below_percent)`, or with a reference price
/// `price × den × 100 < num × 100 − reference_price × below_percent × den`. A quotient
/// rounded to 28 digits could put a price that sits exactly on the threshold on either
/// side. Only numbers beyond 28 digits fall back to [`threshold`].
pub fn under(rule: &AbnormallyLow, num: Decimal, den: Decimal, price: Decimal) -> bool {
    let p = rule.below_percent.0;
    let h = Decimal::ONE_HUNDRED;
    let left = price.checked_mul(den).and_then(|x| x.checked_mul(h));
    let right = match rule.reference_price {
        Some(r) => num.checked_mul(h).and_then(|a| {
            let b = r.0.checked_mul(p)?.checked_mul(den)?;
            a.checked_sub(b)
        }),
        None => num.checked_mul(h - p),
    };
    match (left, right) {
        (Some(l), Some(r)) => l < r,
        _ => price < threshold(rule, num / den),
    }
}

/// Whether `price` is more than `margin` percent below the lowest other price:
/// `price × 100 < lowest_other × (100 − margin)`, exactly.
pub fn clear_of(margin: Decimal, lowest_other: Decimal, price: Decimal) -> bool {
    let h = Decimal::ONE_HUNDRED;
    match (price.checked_mul(h), lowest_other.checked_mul(h - margin)) {
        (Some(l), Some(r)) => l < r,
        _ => price < lowest_other * (h - margin) / h,
    }
}

/// How far `price` is below `base`, in percent of the base: `(base − price) / base × 100`.
pub fn percent_below(base: Decimal, price: Decimal) -> Decimal {
    if base.is_zero() {
        return Decimal::ZERO;
    }
    (base - price) * Decimal::ONE_HUNDRED / base
}

/// The flags of a competition: for each of `prices` (the bids still in, `None` for a
/// bid without a price or excluded for another reason), its flag, if any. The grid's
/// way; [`super::reference`] works it out on its own.
pub fn flags(rule: &AbnormallyLow, prices: &[Option<Decimal>]) -> Vec<Option<LowFlag>> {
    let mut compared: Vec<Decimal> = prices.iter().flatten().copied().collect();
    let mut out = vec![None; prices.len()];
    let n = compared.len();
    if n < 2 || rule.min_bids.is_some_and(|m| (n as i64) < m) {
        return out;
    }
    compared.sort_unstable();
    let (num, den) = match rule.of {
        LowBase::Mean => (compared.iter().sum::<Decimal>(), Decimal::from(n)),
        LowBase::MeanWithoutHighest => (
            compared[..n - 1].iter().sum::<Decimal>(),
            Decimal::from(n - 1),
        ),
        LowBase::Median if n % 2 == 1 => (compared[n / 2], Decimal::ONE),
        LowBase::Median => (compared[n / 2 - 1] + compared[n / 2], Decimal::TWO),
    };
    let base = num / den;
    let limit = threshold(rule, base);
    for (i, price) in prices.iter().enumerate() {
        let Some(price) = *price else { continue };
        if !under(rule, num, den, price) {
            continue;
        }
        // The lowest of the others: the lowest price, or the second lowest when this
        // bid is the (first) lowest.
        let lowest_other = if price == compared[0] {
            compared[1]
        } else {
            compared[0]
        };
        let margin = rule.below_lowest_other_percent.map(|m| m.0);
        if let Some(m) = margin {
            if !clear_of(m, lowest_other, price) {
                continue;
            }
        }
        out[i] = Some(LowFlag {
            of: rule.of,
            base,
            compared: n,
            threshold: limit,
            percent_below: percent_below(base, price),
            lowest_other: margin.map(|_| lowest_other),
        });
    }
    out
}

/// The recorded outcome for a bid, if any.
pub fn outcome<'a>(investigations: &'a [Investigation], bid: &str) -> Option<&'a Investigation> {
    investigations.iter().find(|i| i.bid == bid)
}

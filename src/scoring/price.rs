//! Price formulas. Most are relative: a bid's points depend on the lowest (and, for one,
//! the highest) price among the bids still in the competition; between-bounds is
//! absolute, against prices the buyer states.

use rust_decimal::{Decimal, MathematicalOps};

use rust_decimal::RoundingStrategy;

use crate::model::{Below60, Better, Criterion, Kind, PriceMethod, DEFAULT_RATIO_PLACES};

/// A price criterion's formula and its parameters, as the file gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formula {
    pub method: PriceMethod,
    /// A of the logarithmic formula.
    pub log_base: Option<Decimal>,
    /// Whether the logarithmic formula stops at 0 (it does unless the file says not).
    pub floor: bool,
    /// `(full, zero)` of the between-bounds formula.
    pub bounds: Option<(Decimal, Decimal)>,
    /// Bids priced above it are excluded before any price points.
    pub budget: Option<Decimal>,
    /// Of a measured criterion: whether a lower or a higher figure is better (a price
    /// is better lower).
    pub better: Better,
    /// Of a measured criterion: what its figures count; `None` for money.
    pub unit: Option<String>,
    /// A measured criterion that is one component of the price.
    pub component: bool,
    /// The negotiated-contract score's anchor and disputed points (boxed: most price
    /// cells have none, and a breakdown holds one per bid).
    pub negotiated: Option<Box<NegotiatedRule>>,
    /// The eligibility-review score's parameters.
    pub eligibility: Option<Box<EligibilityRule>>,
}

/// The negotiated-contract price score (협상에 의한 계약), as numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NegotiatedRule {
    /// The anchor: the reserve price when the file gives one, else the estimated price.
    pub anchor: Decimal,
    /// Whether the anchor is the reserve price (예정가격) rather than the estimated price.
    pub reserve: bool,
    /// A lowest price below 80 % of the anchor is counted as 80 % of it.
    pub lowest_raised: bool,
    pub below_60: Below60,
}

impl NegotiatedRule {
    /// 80 % and 60 % of the anchor.
    pub fn marks(&self) -> (Decimal, Decimal) {
        (
            (self.anchor * Decimal::new(8, 1)).normalize(),
            (self.anchor * Decimal::new(6, 1)).normalize(),
        )
    }
    /// The lowest price the formula uses.
    pub fn lowest(&self, lowest: Decimal) -> Decimal {
        if self.lowest_raised {
            lowest.max(self.marks().0)
        } else {
            lowest
        }
    }
}

/// The eligibility-review price score (적격심사), as numbers; percentages as given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EligibilityRule {
    pub reference: Decimal,
    pub target: Decimal,
    pub slope: Decimal,
    pub floor: Decimal,
    pub ratio_places: u32,
    /// `(from, to, points)`.
    pub band: Option<(Decimal, Decimal, Decimal)>,
    pub lower_limit: Option<Decimal>,
    /// A, taken out of both prices; 0 when the file gives none.
    pub a: Decimal,
}

impl EligibilityRule {
    /// price ÷ reference (less A from both), exact; `None` when the reference is not
    /// above A.
    pub fn exact_ratio(&self, price: Decimal) -> Option<Decimal> {
        let base = self.reference - self.a;
        (base > Decimal::ZERO).then(|| (price - self.a) / base)
    }
    /// The ratio as the rule uses it: rounded half up to `ratio_places`.
    pub fn ratio(&self, price: Decimal) -> Option<Decimal> {
        self.exact_ratio(price).map(|r| {
            r.round_dp_with_strategy(self.ratio_places, RoundingStrategy::MidpointAwayFromZero)
        })
    }
    /// Whether the bid is below the lower limit: compared exactly, before rounding:
    /// (price − A) × 100 < lower limit × (reference − A).
    pub fn below_limit(&self, price: Decimal) -> bool {
        match self.lower_limit {
            Some(l) => (price - self.a) * Decimal::ONE_HUNDRED < l * (self.reference - self.a),
            None => false,
        }
    }
    /// Whether a (rounded) ratio, as a percentage, lies in the flat band.
    pub fn in_band(&self, percent: Decimal) -> Option<Decimal> {
        self.band
            .filter(|(from, to, _)| *from <= percent && percent <= *to)
            .map(|(_, _, points)| points)
    }
}

impl Formula {
    pub fn of(c: &Criterion) -> Formula {
        Formula {
            method: c.method.unwrap_or(PriceMethod::LowestOverBid),
            log_base: c.log_base.map(|a| a.0),
            floor: c.log_floor != Some(false),
            bounds: c.bounds.as_ref().map(|b| (b.full.0, b.zero.0)),
            budget: c.budget.map(|b| b.0),
            better: c.better.unwrap_or_default(),
            unit: c.unit.clone(),
            component: c.price_component,
            negotiated: c.estimated_price.map(|e| {
                let n = c.negotiated.clone().unwrap_or_default();
                Box::new(NegotiatedRule {
                    anchor: n.reserve_price.map_or(e.0, |r| r.0),
                    reserve: n.reserve_price.is_some(),
                    lowest_raised: n.lowest_raised_to_80 == Some(true),
                    below_60: n.below_60.unwrap_or_default(),
                })
            }),
            // No rule until the reserve price is stated (then the score is pending).
            eligibility: c.eligibility.as_ref().and_then(|g| {
                let reference = g.reference_price?;
                Some(Box::new(EligibilityRule {
                    reference: reference.0,
                    target: g.target.0,
                    slope: g.slope.0,
                    floor: g.floor.map_or(Decimal::ZERO, |f| f.0),
                    ratio_places: g.ratio_places.unwrap_or(DEFAULT_RATIO_PLACES).clamp(0, 10)
                        as u32,
                    band: g.band.as_ref().map(|b| (b.from.0, b.to.0, b.points.0)),
                    lower_limit: g.lower_limit.map(|l| l.0),
                    a: g.a_value.map_or(Decimal::ZERO, |a| a.0),
                }))
            }),
        }
    }

    /// Whether its points are price points: a price criterion's, or a price component's.
    pub fn is_price(c: &Criterion) -> bool {
        c.kind == Kind::Price || (c.kind == Kind::Measured && c.price_component)
    }
}

/// The negotiated-contract price score. The lowest price is that of the bids still in
/// (raised to 80 % of the anchor when the rule says so).
pub fn negotiated(n: &NegotiatedRule, price: Decimal, lowest: Decimal, weight: Decimal) -> Decimal {
    let (e80, e60) = n.marks();
    if n.anchor <= Decimal::ZERO || lowest <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let lowest = n.lowest(lowest);
    if price >= e80 {
        return if price == lowest {
            weight
        } else {
            lowest * weight / price
        };
    }
    if price < e60 && n.below_60 == Below60::SixtyPercentOfWeight {
        return weight * Decimal::new(6, 1);
    }
    let counted = price.max(e60);
    lowest * weight / e80 + Decimal::TWO * (e80 - counted) / (e80 - e60)
}

/// The eligibility-review price score: the band's points when the rounded ratio is in
/// it, else `weight − slope × |target − ratio × 100|`, never below the floor.
pub fn eligibility(g: &EligibilityRule, price: Decimal, weight: Decimal) -> Decimal {
    let Some(ratio) = g.ratio(price) else {
        return Decimal::ZERO;
    };
    let percent = ratio * Decimal::ONE_HUNDRED;
    if let Some(points) = g.in_band(percent) {
        return points;
    }
    (weight - g.slope * (g.target - percent).abs()).max(g.floor)
}

/// What the competition gives a relative formula: the lowest and the highest price among
/// the bids still in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub lowest: Decimal,
    pub highest: Decimal,
}

/// The lowest and highest positive prices among `prices`; `None` when there is none.
pub fn field(prices: impl Iterator<Item = Decimal>) -> Option<Field> {
    let mut out: Option<Field> = None;
    for p in prices.filter(|p| *p > Decimal::ZERO) {
        out = Some(match out {
            None => Field {
                lowest: p,
                highest: p,
            },
            Some(f) => Field {
                lowest: f.lowest.min(p),
                highest: f.highest.max(p),
            },
        });
    }
    out
}

/// The lowest and highest of figures that may be 0 (a measured criterion's: no delay,
/// no emissions); `None` when there is none.
pub fn field_from_zero(values: impl Iterator<Item = Decimal>) -> Option<Field> {
    field(
        values
            .filter(|v| *v >= Decimal::ZERO)
            .map(|v| v + Decimal::ONE),
    )
    .map(|f| Field {
        lowest: f.lowest - Decimal::ONE,
        highest: f.highest - Decimal::ONE,
    })
}

/// Points for a measured criterion's figure `value`: a price component's as a price;
/// another's by the same family of formulas, with the best figure in place of the
/// lowest price and the worst in place of the highest:
///
/// - ratio to the best (`lowest_over_bid`): `best / value × weight` when lower is
///   better, `value / best × weight` when higher is;
/// - linear between the best and the worst (`linear_lowest_highest`): `weight × (worst −
///   value) / (worst − best)`; every bid at one figure scores the whole weight;
/// - between bounds: the whole weight at or past `full`, nothing at or short of `zero`,
///   linear between (when higher is better, `full` is above `zero`);
/// - linear to the lowest and logarithmic, when lower is better, as for a price.
///
/// A figure equal to the best scores the whole weight, even when the best is 0.
pub fn measured(f: &Formula, value: Decimal, field: Field, weight: Decimal) -> Decimal {
    if f.component {
        return score(f, value, field, weight);
    }
    if value < Decimal::ZERO {
        return Decimal::ZERO;
    }
    let best = match f.better {
        Better::Lower => field.lowest,
        Better::Higher => field.highest,
    };
    if f.method != PriceMethod::BetweenBounds && value == best {
        return weight;
    }
    match (f.method, f.better) {
        (PriceMethod::BetweenBounds, Better::Higher) => {
            let Some((full, zero)) = f.bounds.filter(|(full, zero)| full > zero) else {
                return Decimal::ZERO;
            };
            if value >= full {
                weight
            } else if value <= zero {
                Decimal::ZERO
            } else {
                (value - zero) * weight / (full - zero)
            }
        }
        (PriceMethod::LowestOverBid, Better::Higher) => {
            if field.highest <= Decimal::ZERO {
                Decimal::ZERO
            } else {
                value * weight / field.highest
            }
        }
        (PriceMethod::LinearLowestHighest, Better::Higher) => {
            if field.highest <= field.lowest || value >= field.highest {
                weight
            } else if value <= field.lowest {
                Decimal::ZERO
            } else {
                (value - field.lowest) * weight / (field.highest - field.lowest)
            }
        }
        // Only the formulas above are defined for a higher figure (validation says so).
        (_, Better::Higher) => Decimal::ZERO,
        // Nothing is lower than 0: the best there can be, within any bound.
        (_, Better::Lower) if value == Decimal::ZERO => weight,
        (_, Better::Lower) => score(f, value, field, weight),
    }
}

/// Price points for `price` by a formula, given the field and the criterion's effective
/// weight. Each is written with one division, last, so that no digits are lost before it.
///
/// - linear between the lowest and the highest: `weight × (highest − price) / (highest −
///   lowest)`; when every bid has one price, each scores the whole weight;
/// - between bounds (full, zero): the whole weight at or below `full`, nothing at or
///   above `zero`, `weight × (zero − price) / (zero − full)` between;
/// - the others as [`points`]; the logarithmic one goes below 0 past A times the
///   lowest price when `floor` is false.
pub fn score(f: &Formula, price: Decimal, field: Field, weight: Decimal) -> Decimal {
    if price <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    match f.method {
        PriceMethod::KoreanNegotiated => match &f.negotiated {
            Some(n) => negotiated(n, price, field.lowest, weight),
            None => Decimal::ZERO,
        },
        PriceMethod::EligibilityReview => match &f.eligibility {
            Some(g) => eligibility(g, price, weight),
            None => Decimal::ZERO,
        },
        PriceMethod::BetweenBounds => {
            let Some((full, zero)) = f.bounds.filter(|(full, zero)| full < zero) else {
                return Decimal::ZERO;
            };
            if price <= full {
                weight
            } else if price >= zero {
                Decimal::ZERO
            } else {
                (zero - price) * weight / (zero - full)
            }
        }
        PriceMethod::LinearLowestHighest => {
            if field.highest <= field.lowest || price <= field.lowest {
                weight
            } else if price >= field.highest {
                Decimal::ZERO
            } else {
                (field.highest - price) * weight / (field.highest - field.lowest)
            }
        }
        PriceMethod::Logarithmic if !f.floor => {
            let a = f.log_base.unwrap_or(Decimal::TWO);
            if field.lowest <= Decimal::ZERO || a <= Decimal::ONE || price <= field.lowest {
                return if price == field.lowest {
                    weight
                } else {
                    Decimal::ZERO
                };
            }
            (Decimal::ONE - (price / field.lowest).ln() / a.ln()) * weight
        }
        method => points(method, f.log_base, price, field.lowest, weight),
    }
}

/// Price points for `price`, given the `lowest` price and the criterion's effective weight.
///
/// - lowest over bid: `lowest / price × weight` (the DOS rule: "divide the cheapest
///   quote by each supplier's quote");
/// - linear to lowest: `max(0, 1 − (price − lowest) / lowest) × weight`: a bid at twice
///   the lowest price scores nothing.
///
/// Each is written with one division, last, so that no digits are lost before it.
/// - logarithmic: `max(0, 1 − ln(price / lowest) / ln(A)) × weight` (A is `log_base`): a
///   bid at A times the lowest price scores nothing. The logarithms are rust_decimal's,
///   good to far more places than any report shows.
pub fn points(
    method: PriceMethod,
    log_base: Option<Decimal>,
    price: Decimal,
    lowest: Decimal,
    weight: Decimal,
) -> Decimal {
    if price <= Decimal::ZERO || lowest <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    if price == lowest {
        // The lowest price earns the whole weight, by definition, whatever its digits.
        return weight;
    }
    match method {
        // Formulas that need more than the lowest price: see [`score`].
        PriceMethod::LinearLowestHighest
        | PriceMethod::BetweenBounds
        | PriceMethod::KoreanNegotiated
        | PriceMethod::EligibilityReview => Decimal::ZERO,
        PriceMethod::LowestOverBid => lowest * weight / price,
        PriceMethod::Logarithmic => {
            let a = log_base.unwrap_or(Decimal::TWO);
            if a <= Decimal::ONE || price < lowest {
                return Decimal::ZERO;
            }
            let share = Decimal::ONE - (price / lowest).ln() / a.ln();
            if share <= Decimal::ZERO {
                Decimal::ZERO
            } else {
                share * weight
            }
        }
        PriceMethod::LinearToLowest => {
            let remaining = Decimal::TWO * lowest - price; // lowest × (1 − (price − lowest)/lowest)
            if remaining <= Decimal::ZERO {
                Decimal::ZERO
            } else {
                remaining * weight / lowest
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: i64) -> Decimal {
        Decimal::from(v)
    }

    #[test]
    fn lowest_over_bid_follows_the_dos_example() {
        // "10k / 15k = 0.667 of the price weight"
        let p = points(
            PriceMethod::LowestOverBid,
            None,
            d(15_000),
            d(10_000),
            d(30),
        );
        assert_eq!(p, d(20));
        assert_eq!(
            points(
                PriceMethod::LowestOverBid,
                None,
                d(10_000),
                d(10_000),
                d(30)
            ),
            d(30)
        );
    }

    #[test]
    fn linear_to_lowest_reaches_zero_at_double() {
        assert_eq!(
            points(
                PriceMethod::LinearToLowest,
                None,
                d(15_000),
                d(10_000),
                d(40)
            ),
            d(20)
        );
        assert_eq!(
            points(
                PriceMethod::LinearToLowest,
                None,
                d(20_000),
                d(10_000),
                d(40)
            ),
            d(0)
        );
        assert_eq!(
            points(
                PriceMethod::LinearToLowest,
                None,
                d(35_000),
                d(10_000),
                d(40)
            ),
            d(0)
        );
        assert_eq!(
            points(
                PriceMethod::LinearToLowest,
                None,
                d(10_000),
                d(10_000),
                d(40)
            ),
            d(40)
        );
    }

    #[test]
    fn logarithmic_reaches_zero_at_a_times_the_lowest() {
        let a = Some(Decimal::TWO);
        let log = |p: i64| points(PriceMethod::Logarithmic, a, d(p), d(10_000), d(20));
        assert_eq!(log(10_000), d(20));
        assert_eq!(crate::scoring::round::fmt(log(20_000), 6), "0.000000");
        assert_eq!(log(30_000), d(0));
        // √2 × lowest is half way on a logarithmic scale: 10 of 20 points.
        let half = points(
            PriceMethod::Logarithmic,
            a,
            Decimal::new(14_142_135_623_730_950, 12),
            d(10_000),
            d(20),
        );
        assert_eq!(crate::scoring::round::fmt(half, 4), "10.0000");
        // A = 3: twice the lowest keeps 1 − ln 2 / ln 3 = 36.907 % of the weight.
        let three = points(
            PriceMethod::Logarithmic,
            Some(d(3)),
            d(20_000),
            d(10_000),
            d(100),
        );
        assert_eq!(crate::scoring::round::fmt(three, 3), "36.907");
    }

    #[test]
    fn nonsense_prices_give_nothing_rather_than_panic() {
        assert_eq!(
            points(PriceMethod::LowestOverBid, None, d(0), d(10), d(30)),
            d(0)
        );
        assert_eq!(
            points(PriceMethod::LinearToLowest, None, d(10), d(0), d(30)),
            d(0)
        );
    }
}

//! Price formulas. Both are relative: a bid's points depend on the lowest price among
//! the bids still in the competition.

use rust_decimal::Decimal;

use crate::model::PriceMethod;

/// Price points for `price`, given the `lowest` price and the criterion's effective weight.
///
/// - lowest over bid: `lowest / price × weight` (the DOS rule: "divide the cheapest
///   quote by each supplier's quote");
/// - linear to lowest: `max(0, 1 − (price − lowest) / lowest) × weight`: a bid at twice
///   the lowest price scores nothing.
///
/// Each is written with one division, last, so that no digits are lost before it.
pub fn points(method: PriceMethod, price: Decimal, lowest: Decimal, weight: Decimal) -> Decimal {
    if price <= Decimal::ZERO || lowest <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    if price == lowest {
        // The lowest price earns the whole weight, by definition, whatever its digits.
        return weight;
    }
    match method {
        PriceMethod::LowestOverBid => lowest * weight / price,
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
        let p = points(PriceMethod::LowestOverBid, d(15_000), d(10_000), d(30));
        assert_eq!(p, d(20));
        assert_eq!(
            points(PriceMethod::LowestOverBid, d(10_000), d(10_000), d(30)),
            d(30)
        );
    }

    #[test]
    fn linear_to_lowest_reaches_zero_at_double() {
        assert_eq!(
            points(PriceMethod::LinearToLowest, d(15_000), d(10_000), d(40)),
            d(20)
        );
        assert_eq!(
            points(PriceMethod::LinearToLowest, d(20_000), d(10_000), d(40)),
            d(0)
        );
        assert_eq!(
            points(PriceMethod::LinearToLowest, d(35_000), d(10_000), d(40)),
            d(0)
        );
        assert_eq!(
            points(PriceMethod::LinearToLowest, d(10_000), d(10_000), d(40)),
            d(40)
        );
    }

    #[test]
    fn nonsense_prices_give_nothing_rather_than_panic() {
        assert_eq!(points(PriceMethod::LowestOverBid, d(0), d(10), d(30)), d(0));
        assert_eq!(
            points(PriceMethod::LinearToLowest, d(10), d(0), d(30)),
            d(0)
        );
    }
}

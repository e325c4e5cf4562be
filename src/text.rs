//! Numbers and words as the app, the command line and the exports show them
//! (UX.md, "Words"): prices with currency and thousands separators, points with a
//! fixed number of places, plain plurals.

use rust_decimal::Decimal;

use crate::scoring::round;

/// Groups the integer digits of a decimal string in threes: `1234567.5` → `1,234,567.5`.
pub fn group_thousands(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A price as written in the file, with its currency: `£420,000.00`, `₩1,850,000,000`.
pub fn money(price: Decimal, currency: Option<&str>) -> String {
    let digits = group_thousands(&price.to_string());
    match currency {
        Some("GBP") => format!("£{digits}"),
        Some("EUR") => format!("€{digits}"),
        Some("USD") => format!("${digits}"),
        Some("KRW") => format!("₩{digits}"),
        Some("JPY") => format!("¥{digits}"),
        Some(code) => format!("{code} {digits}"),
        None => digits,
    }
}

/// Points as reported: rounded half away from zero to `places`.
pub fn points(value: Decimal, places: u32) -> String {
    round::fmt(value, places)
}

/// A score or weight for reading: no trailing zeros, at most 2 decimals (`2`, `2.33`,
/// `33.5`). For display only; it never feeds a calculation.
pub fn plain(value: Decimal) -> String {
    let r = if value.scale() > 2 {
        round::round(value, 2)
    } else {
        value
    };
    r.normalize().to_string()
}

/// `1 bid`, `3 bids`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Beside a score that is in the file but does not count: why it does not.
pub fn does_not_count(standing: crate::scoring::Standing) -> &'static str {
    match standing {
        crate::scoring::Standing::Recused => "Recused — does not count",
        _ => "Not assigned — does not count",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn thousands() {
        assert_eq!(group_thousands("420000.00"), "420,000.00");
        assert_eq!(group_thousands("1850000000"), "1,850,000,000");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(group_thousands("1000"), "1,000");
        assert_eq!(group_thousands("-1234.5"), "-1,234.5");
    }

    #[test]
    fn money_shows_the_currency() {
        assert_eq!(money(d("420000.00"), Some("GBP")), "£420,000.00");
        assert_eq!(money(d("1850000000"), Some("KRW")), "₩1,850,000,000");
        assert_eq!(money(d("12.5"), Some("CHF")), "CHF 12.5");
        assert_eq!(money(d("12.5"), None), "12.5");
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(plain(d("2.000")), "2");
        assert_eq!(plain(Decimal::from(7) / Decimal::from(3)), "2.33");
        assert_eq!(plain(d("33.50")), "33.5");
        assert_eq!(count(1, "bid", "bids"), "1 bid");
        assert_eq!(count(0, "bid", "bids"), "0 bids");
    }
}

/// The price calculation in words and figures, as the breakdown shows it:
/// `£334,200.00 (lowest) ÷ £412,500.00 × 30 = 24.31`.
#[allow(clippy::too_many_arguments)]
pub fn price_working(
    method: crate::model::PriceMethod,
    log_base: Option<Decimal>,
    price: Decimal,
    lowest: Decimal,
    weight: Decimal,
    points: Decimal,
    places: u32,
    currency: Option<&str>,
) -> String {
    let m = |d: Decimal| money(d, currency);
    let w = plain(weight);
    let pts = self::points(points, places);
    match method {
        crate::model::PriceMethod::LowestOverBid => {
            format!("{} (lowest) ÷ {} × {w} = {pts}", m(lowest), m(price))
        }
        crate::model::PriceMethod::LinearToLowest => format!(
            "max(0, 1 − ({} − {} (lowest)) ÷ {}) × {w} = {pts}",
            m(price),
            m(lowest),
            m(lowest)
        ),
        crate::model::PriceMethod::Logarithmic => format!(
            "max(0, 1 − ln({} ÷ {} (lowest)) ÷ ln {}) × {w} = {pts}",
            m(price),
            m(lowest),
            plain(log_base.unwrap_or(Decimal::TWO))
        ),
        // These need more than the lowest price: see `cell_working`.
        crate::model::PriceMethod::LinearLowestHighest
        | crate::model::PriceMethod::BetweenBounds
        | crate::model::PriceMethod::KoreanNegotiated
        | crate::model::PriceMethod::EligibilityReview => {
            format!("{} → {pts}", m(price))
        }
    }
}

/// A ratio or share as its digits, no trailing zeros: `0.8903`, `0.91`.
fn digits(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The negotiated-contract price score's arithmetic, every figure named.
fn negotiated_working(
    n: &crate::scoring::price::NegotiatedRule,
    price: Decimal,
    lowest: Decimal,
    w: &str,
    pts: &str,
    m: &dyn Fn(Decimal) -> String,
) -> String {
    let anchor = if n.reserve {
        "the reserve price"
    } else {
        "the estimated price"
    };
    let (e80, e60) = n.marks();
    let low = n.lowest(lowest);
    let low_words = if low != lowest {
        format!("{} (lowest {} raised to 80 %)", m(low), m(lowest))
    } else {
        format!("{} (lowest)", m(low))
    };
    if price >= e80 {
        return format!(
            "{} is at or above 80 % of {anchor} {} ({}): {low_words} ÷ {} × {w} = {pts}",
            m(price),
            m(n.anchor),
            m(e80),
            m(price)
        );
    }
    if price < e60 && n.below_60 == crate::model::Below60::SixtyPercentOfWeight {
        return format!(
            "{} is below 60 % of {anchor} {} ({}): {w} × 60 ÷ 100 = {pts}",
            m(price),
            m(n.anchor),
            m(e60)
        );
    }
    let counted = if price < e60 {
        format!(
            "{} is below 60 % of {anchor} {} and is counted as {}: ",
            m(price),
            m(n.anchor),
            m(e60)
        )
    } else {
        format!(
            "{} is below 80 % of {anchor} {} ({}): ",
            m(price),
            m(n.anchor),
            m(e80)
        )
    };
    format!(
        "{counted}{low_words} ÷ {} × {w} + 2 × ({} − {}) ÷ ({} − {}) = {pts}",
        m(e80),
        m(e80),
        m(price.max(e60)),
        m(e80),
        m(e60)
    )
}

/// The eligibility review's arithmetic: the ratio, its rounding, then the points.
fn eligibility_working(
    g: &crate::scoring::price::EligibilityRule,
    price: Decimal,
    weight: Decimal,
    pts: &str,
    m: &dyn Fn(Decimal) -> String,
) -> String {
    let Some(ratio) = g.ratio(price) else {
        return pts.to_string();
    };
    let division = if g.a.is_zero() {
        format!("{} ÷ {}", m(price), m(g.reference))
    } else {
        format!(
            "({} − {} (A)) ÷ ({} − {} (A))",
            m(price),
            m(g.a),
            m(g.reference),
            m(g.a)
        )
    };
    let places = g.ratio_places;
    let ratio_words = format!(
        "{division} = {} (to {places} places)",
        round::fmt(ratio, places)
    );
    let percent = ratio * Decimal::ONE_HUNDRED;
    if let Some((from, to, _)) = g.band.filter(|_| g.in_band(percent).is_some()) {
        return format!(
            "{ratio_words}; {} % is within {} % to {} % of the reference price: {pts}",
            digits(percent),
            digits(from),
            digits(to)
        );
    }
    let target = g.target / Decimal::ONE_HUNDRED;
    let sum = format!(
        "{ratio_words}; {} − {} × |{} − {}| × 100",
        plain(weight),
        digits(g.slope),
        digits(target),
        round::fmt(ratio, places)
    );
    let raw = weight - g.slope * (g.target - percent).abs();
    if raw < g.floor {
        format!(
            "{sum} = {}, below the floor of {}: {pts}",
            digits(raw),
            digits(g.floor)
        )
    } else {
        format!("{sum} = {pts}")
    }
}

/// The price calculation of a breakdown's price cell, every formula with its figures.
pub fn cell_working(
    cell: &crate::scoring::PriceCell,
    price: Decimal,
    weight: Decimal,
    points: Decimal,
    places: u32,
    currency: Option<&str>,
) -> String {
    use crate::model::PriceMethod;
    let m = |d: Decimal| money(d, currency);
    let w = plain(weight);
    let pts = self::points(points, places);
    let f = &cell.formula;
    match f.method {
        PriceMethod::KoreanNegotiated => match &f.negotiated {
            Some(n) => negotiated_working(n, price, cell.lowest.unwrap_or(price), &w, &pts, &m),
            None => pts,
        },
        PriceMethod::EligibilityReview => match &f.eligibility {
            Some(g) => eligibility_working(g, price, weight, &pts, &m),
            None => format!(
                "No price points until the reserve price (예정가격) is entered; it is fixed at bid opening: {pts}"
            ),
        },
        PriceMethod::LinearLowestHighest => match (cell.lowest, cell.highest) {
            (Some(lo), Some(hi)) if hi > lo => format!(
                "({} (highest) − {}) ÷ ({} (highest) − {} (lowest)) × {w} = {pts}",
                m(hi),
                m(price),
                m(hi),
                m(lo)
            ),
            _ => format!("Every bid still in has the same price: the whole weight, {pts}"),
        },
        PriceMethod::BetweenBounds => match f.bounds {
            Some((full, _)) if price <= full => format!(
                "{} is at or below {}, the price for the whole weight: {pts}",
                m(price),
                m(full)
            ),
            Some((_, zero)) if price >= zero => format!(
                "{} is at or above {}, the price for no points: {pts}",
                m(price),
                m(zero)
            ),
            Some((full, zero)) => format!(
                "({} − {}) ÷ ({} − {}) × {w} = {pts}",
                m(zero),
                m(price),
                m(zero),
                m(full)
            ),
            None => pts,
        },
        PriceMethod::Logarithmic if !f.floor => format!(
            "(1 − ln({} ÷ {} (lowest)) ÷ ln {}) × {w} = {pts} (not stopped at 0)",
            m(price),
            m(cell.lowest.unwrap_or(price)),
            plain(f.log_base.unwrap_or(Decimal::TWO))
        ),
        method => price_working(
            method,
            f.log_base,
            price,
            cell.lowest.unwrap_or(price),
            weight,
            points,
            places,
            currency,
        ),
    }
}

/// A measured criterion's figure with its unit: "14 days", "£12,000" for a price
/// component (money, in the evaluation's currency).
pub fn figure(
    value: Decimal,
    formula: &crate::scoring::price::Formula,
    currency: Option<&str>,
) -> String {
    if formula.component {
        return money(value, currency);
    }
    match formula
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        Some("%") => format!("{} %", plain(value)),
        Some(unit) => format!("{} {unit}", plain(value)),
        None => plain(value),
    }
}

/// The arithmetic of a measured criterion's points, in words: a price component's as a
/// price's; another's with the best and the worst figure among the bids still in.
pub fn measured_working(
    cell: &crate::scoring::PriceCell,
    value: Decimal,
    weight: Decimal,
    points: Decimal,
    places: u32,
    currency: Option<&str>,
) -> String {
    use crate::model::{Better, PriceMethod};
    let f = &cell.formula;
    if f.component {
        return cell_working(cell, value, weight, points, places, currency);
    }
    let v = |d: Decimal| figure(d, f, currency);
    let w = plain(weight);
    let pts = self::points(points, places);
    let (best, worst) = match f.better {
        Better::Lower => (cell.lowest, cell.highest),
        Better::Higher => (cell.highest, cell.lowest),
    };
    let (best_word, worst_word) = match f.better {
        Better::Lower => ("lowest, the best", "highest, the worst"),
        Better::Higher => ("highest, the best", "lowest, the worst"),
    };
    match f.method {
        PriceMethod::BetweenBounds => match f.bounds {
            Some((full, zero)) => {
                let (past_full, short_of_zero) = match f.better {
                    Better::Lower => (value <= full, value >= zero),
                    Better::Higher => (value >= full, value <= zero),
                };
                if past_full {
                    format!(
                        "{} reaches {}, the figure for the whole weight: {pts}",
                        v(value),
                        v(full)
                    )
                } else if short_of_zero {
                    format!(
                        "{} is no better than {}, the figure for no points: {pts}",
                        v(value),
                        v(zero)
                    )
                } else {
                    format!(
                        "({} − {}) ÷ ({} − {}) × {w} = {pts}",
                        v(value),
                        v(zero),
                        v(full),
                        v(zero)
                    )
                }
            }
            None => pts,
        },
        _ if Some(value) == best => format!(
            "{} is the best figure of the bids still in: the whole weight, {pts}",
            v(value)
        ),
        PriceMethod::LowestOverBid => match (f.better, best) {
            (Better::Lower, Some(b)) => {
                format!("{} ({best_word}) ÷ {} × {w} = {pts}", v(b), v(value))
            }
            (Better::Higher, Some(b)) => {
                format!("{} ÷ {} ({best_word}) × {w} = {pts}", v(value), v(b))
            }
            _ => pts,
        },
        PriceMethod::LinearLowestHighest => match (best, worst) {
            (Some(b), Some(wst)) if b != wst => format!(
                "({} ({worst_word}) − {}) ÷ ({} − {} ({best_word})) × {w} = {pts}",
                v(wst),
                v(value),
                v(wst),
                v(b)
            ),
            _ => format!("Every bid still in has the same figure: the whole weight, {pts}"),
        },
        // Linear to the lowest and logarithmic: as for a price, with the figures' unit.
        _ => cell_working(cell, value, weight, points, places, None),
    }
}

/// How a group scored relative to the best bid reached its points, in words.
pub fn relative_working(
    relative: &crate::scoring::Relative,
    weight: Decimal,
    points: Decimal,
    places: u32,
) -> String {
    if relative.best <= Decimal::ZERO {
        return format!(
            "No bid still in has any points here: {}",
            self::points(points, places)
        );
    }
    format!(
        "{} ÷ {} (the best bid's) × {} = {}",
        self::points(relative.points, places),
        self::points(relative.best, places),
        plain(weight),
        self::points(points, places)
    )
}

/// What a measured criterion's formula does, in a sentence.
pub fn measured_method_words(formula: &crate::scoring::price::Formula) -> String {
    use crate::model::{Better, PriceMethod};
    if formula.component {
        return format!(
            "a component of the price: {}",
            price_method_words(formula.method)
        );
    }
    let (better, best, worst) = match formula.better {
        Better::Lower => ("lower is better", "lowest", "highest"),
        Better::Higher => ("higher is better", "highest", "lowest"),
    };
    let how = match formula.method {
        PriceMethod::LowestOverBid => match formula.better {
            Better::Lower => "best figure ÷ bid's figure × weight".to_string(),
            Better::Higher => "bid's figure ÷ best figure × weight".to_string(),
        },
        PriceMethod::LinearLowestHighest => format!(
            "points fall in a straight line from the full weight at the {best} figure to nothing at the {worst}"
        ),
        PriceMethod::BetweenBounds => "the full weight at or past a stated figure, nothing at or short of another, in a straight line between".to_string(),
        method => price_method_words(method).replace("price", "figure"),
    };
    format!("{better}; {how}")
}

/// What a price formula does, in a sentence.
pub fn price_method_words(method: crate::model::PriceMethod) -> &'static str {
    match method {
        crate::model::PriceMethod::LowestOverBid => {
            "lowest price ÷ bid price × weight (the lowest price gets the full weight)"
        }
        crate::model::PriceMethod::LinearToLowest => {
            "points fall in a straight line from the full weight at the lowest price to nothing at twice the lowest price"
        }
        crate::model::PriceMethod::Logarithmic => {
            "points fall with the logarithm of price ÷ lowest price, from the full weight at the lowest price to nothing at A times the lowest price"
        }
        crate::model::PriceMethod::LinearLowestHighest => {
            "points fall in a straight line from the full weight at the lowest price to nothing at the highest price"
        }
        crate::model::PriceMethod::BetweenBounds => {
            "the full weight at or below a stated price, nothing at or above a stated ceiling, in a straight line between"
        }
        crate::model::PriceMethod::KoreanNegotiated => {
            "lowest price ÷ bid price × weight at or above 80 % of the estimated price; below it, the points at 80 % plus up to 2 more, in a straight line to 60 % of the estimated price (Korean negotiated contract)"
        }
        crate::model::PriceMethod::EligibilityReview => {
            "weight − slope × the distance, in percentage points, of bid ÷ reference price from the target ratio, never below the floor; bids below the lower limit are excluded (Korean eligibility review)"
        }
    }
}

#[cfg(test)]
mod working_tests {
    use super::*;
    use crate::model::PriceMethod;

    #[test]
    fn price_working_shows_the_sum() {
        let d = |v: i64| Decimal::from(v);
        assert_eq!(
            price_working(
                PriceMethod::LowestOverBid,
                None,
                d(15_000),
                d(10_000),
                d(30),
                d(20),
                2,
                Some("GBP")
            ),
            "£10,000 (lowest) ÷ £15,000 × 30 = 20.00"
        );
        assert_eq!(
            price_working(
                PriceMethod::LinearToLowest,
                None,
                d(15_000),
                d(10_000),
                d(40),
                d(20),
                2,
                None
            ),
            "max(0, 1 − (15,000 − 10,000 (lowest)) ÷ 10,000) × 40 = 20.00"
        );
    }
}

/// A file name safe on Windows, macOS and Linux: no path separators, reserved
/// characters or control characters, no leading dot, at most 100 characters.
pub fn safe_file_name(stem: &str, ext: &str) -> String {
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let mut s = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    s = s
        .trim_matches(|c: char| c == '.' || c == '-' || c == ' ')
        .to_string();
    if s.is_empty() {
        s = "bidmark".to_string();
    }
    let s: String = s.chars().take(100).collect();
    format!("{}.{ext}", s.trim_end())
}

#[cfg(test)]
mod file_name_tests {
    use super::safe_file_name;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(
            safe_file_name("DOS6/2026:0042 evaluation 2026-11-25", "json"),
            "DOS6-2026-0042 evaluation 2026-11-25.json"
        );
        assert_eq!(
            safe_file_name("../../etc/passwd", "json"),
            "etc-passwd.json"
        );
        assert_eq!(safe_file_name("  ", "json"), "bidmark.json");
        assert_eq!(safe_file_name("a\u{0}b\nc", "csv"), "a-b-c.csv");
    }
}

/// An ISO 8601 time as people read it: `25 November 2026, 14:03 UTC`.
pub fn when(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts = (
        iso.get(0..4),
        iso.get(5..7),
        iso.get(8..10),
        iso.get(11..16),
    );
    match parts {
        (Some(y), Some(m), Some(d), Some(t)) => match (m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(m @ 1..=12), Ok(d)) => format!("{d} {} {y}, {t} UTC", MONTHS[m - 1]),
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}

#[cfg(test)]
mod when_tests {
    #[test]
    fn dates_read_like_dates() {
        assert_eq!(
            super::when("2026-11-25T14:03:09.123Z"),
            "25 November 2026, 14:03 UTC"
        );
        assert_eq!(super::when("yesterday"), "yesterday");
    }
}

/// What an evaluator scores, in words: "Everything", or the criteria and lots assigned
/// ("Technical competence; Lot 1: Discovery").
pub fn assignment_words(e: &crate::model::Evaluation, v: &crate::model::Evaluator) -> String {
    let Some(a) = v.assignment.as_ref().filter(|a| !a.is_empty()) else {
        return "Everything".to_string();
    };
    let criterion = |id: &str| -> String {
        let mut trees: Vec<&[crate::model::Criterion]> = vec![&e.criteria];
        trees.extend(e.lots.iter().filter_map(|l| l.criteria.as_deref()));
        trees
            .into_iter()
            .find_map(|t| crate::model::tree::all(t).into_iter().find(|c| c.id == id))
            .map_or(id.to_string(), |c| c.name.clone())
    };
    let mut parts: Vec<String> = Vec::new();
    parts.push(if a.criteria.is_empty() {
        "Every criterion".to_string()
    } else {
        a.criteria
            .iter()
            .map(|c| criterion(c))
            .collect::<Vec<_>>()
            .join(", ")
    });
    if !a.lots.is_empty() {
        parts.push(
            a.lots
                .iter()
                .map(|l| e.lot(l).map_or(l.clone(), |x| x.name.clone()))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    parts.join("; ")
}

/// The bids and suppliers an evaluator stands down from, in words; "None" when none.
pub fn recusal_words(e: &crate::model::Evaluation, v: &crate::model::Evaluator) -> String {
    let Some(d) = &v.declaration else {
        return "None".to_string();
    };
    let mut parts: Vec<String> = d
        .bids
        .iter()
        .map(|b| {
            e.bid(b)
                .map_or(b.clone(), |x| format!("{} ({})", x.supplier, x.id))
        })
        .collect();
    parts.extend(d.suppliers.iter().map(|s| format!("{s} (every lot)")));
    if parts.is_empty() {
        "None".to_string()
    } else {
        parts.join(", ")
    }
}

/// How a bid's ranked-on quantity is worked out, in words and figures (extension):
/// "Price per quality point: £412,500.00 ÷ 56.22 = 7,337.46".
pub fn ranking_working(
    ranking: &crate::model::Ranking,
    b: &crate::scoring::BidResult,
    places: u32,
    currency: Option<&str>,
) -> Option<String> {
    use crate::model::RankingMethod as R;
    let value = b.ranked_on?;
    let price = b.price?;
    let q = points(b.quality_exact, places);
    let v = crate::scoring::round::round(value, places);
    Some(match ranking.method {
        R::WeightedPoints => return None,
        R::PricePerPoint => format!(
            "Price per quality point: {} ÷ {q} = {} (lowest ranks first)",
            money(price, currency),
            money(v, currency)
        ),
        R::AdjustedPrice => format!(
            "Quality-adjusted price: {} − {q} × {} = {} (lowest ranks first)",
            money(price, currency),
            money(
                ranking.point_value.map(|p| p.0).unwrap_or_default(),
                currency
            ),
            money(v, currency)
        ),
        R::ValueForMoney => format!(
            "Quality points per unit of price: {q} ÷ {} = {} (highest ranks first)",
            money(price, currency),
            plain(crate::scoring::round::round(value, places + 6))
        ),
    })
}

/// A ranking method in a few words.
pub fn ranking_words(method: crate::model::RankingMethod) -> &'static str {
    use crate::model::RankingMethod as R;
    match method {
        R::WeightedPoints => "total weighted points, highest first",
        R::PricePerPoint => "price per quality point (price ÷ quality points), lowest first",
        R::AdjustedPrice => {
            "quality-adjusted price (price − quality points × the value of a point), lowest first"
        }
        R::ValueForMoney => {
            "quality points per unit of price (quality points ÷ price), highest first"
        }
    }
}

/// What an abnormally low price was compared with: "the mean", "the median", "the mean
/// without the highest price".
pub fn low_base_words(of: crate::model::LowBase) -> &'static str {
    use crate::model::LowBase as B;
    match of {
        B::Mean => "the mean price",
        B::Median => "the median price",
        B::MeanWithoutHighest => "the mean price without the highest",
    }
}

/// A money amount that may come from a division (a mean): to 2 places at most.
fn money_2(value: Decimal, currency: Option<&str>) -> String {
    money(plain_money(value), currency)
}

fn plain_money(value: Decimal) -> Decimal {
    if value.scale() > 2 {
        round::round(value, 2)
    } else {
        value
    }
}

/// Why a bid is flagged, in words: "Price £700,000 is 22.22 % below the median price of
/// the 5 bids compared (£900,000); the rule flags prices below £765,000".
pub fn low_working(
    flag: &crate::scoring::low::LowFlag,
    price: Option<Decimal>,
    currency: Option<&str>,
) -> String {
    let mut out = format!(
        "Price {} is {} % below {} of the {} bids compared ({}); the rule flags prices below {}",
        price.map_or_else(|| "—".to_string(), |p| money(p, currency)),
        plain(flag.percent_below),
        low_base_words(flag.of),
        flag.compared,
        money_2(flag.base, currency),
        money_2(flag.threshold, currency),
    );
    if let Some(o) = flag.lowest_other {
        out.push_str(&format!(
            " and more than the stated margin below the lowest other price, {}",
            money_2(o, currency)
        ));
    }
    out
}

/// Where an abnormally low bid stands, in a few words: "Abnormally low: investigate",
/// "Abnormally low: explanation accepted", "Rejected as abnormally low"; an outcome for
/// a bid the rule does not flag: "Outcome recorded, not applied: not flagged".
pub fn low_status(b: &crate::scoring::BidResult) -> Option<String> {
    use crate::model::Outcome;
    match (&b.abnormally_low, &b.investigation) {
        (Some(_), None) => Some("Abnormally low: investigate".into()),
        (Some(_), Some(v)) if v.outcome == Outcome::Accepted => {
            Some("Abnormally low: explanation accepted".into())
        }
        (Some(_), Some(_)) => Some("Rejected as abnormally low".into()),
        (None, Some(_)) => {
            Some("Investigation recorded, not applied: the rule does not flag this bid".into())
        }
        (None, None) => None,
    }
}

/// The recorded outcome in a sentence: "Explanation accepted by Morag Reid on
/// 2026-11-30: …", "Rejected by Morag Reid on 2026-11-30: …".
pub fn investigation_words(v: &crate::model::Investigation) -> String {
    let head = match v.outcome {
        crate::model::Outcome::Accepted => "Explanation accepted",
        crate::model::Outcome::Rejected => "Rejected",
    };
    match v.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => format!("{head} by {} on {}: {r}", v.by, v.date),
        None => format!("{head} by {} on {}", v.by, v.date),
    }
}

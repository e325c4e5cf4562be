//! Decimal strings: the only way numbers that take part in scoring travel in a file.
//!
//! FORMAT.md requires `"33.33"`, never `33.33`: a JSON float may already have lost
//! precision before Bidmark sees it, and two tools would then disagree on an award.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest decimal string accepted: rust_decimal holds 28 significant digits.
const MAX_DIGITS: usize = 28;

/// A decimal number written in the file as a string, kept exactly as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dec(pub Decimal);

impl Dec {
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl From<Decimal> for Dec {
    fn from(d: Decimal) -> Self {
        Dec(d)
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Why a string is not a decimal, in words a buyer can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecimalError {
    Empty,
    NotADecimal,
    TooLong,
}

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecimalError::Empty => f.write_str("is empty"),
            DecimalError::NotADecimal => f.write_str(
                "is not a plain decimal number (use digits, an optional minus sign and one decimal point, such as \"33.5\")",
            ),
            DecimalError::TooLong => write!(f, "has more than {MAX_DIGITS} digits"),
        }
    }
}

/// Parses the strict decimal grammar of the file: `-?[0-9]+(\.[0-9]+)?`.
///
/// rust_decimal alone would also take `1e3`, `1_000` and `+5`; a file that another tool
/// must read the same way cannot allow those.
pub fn parse_decimal(s: &str) -> Result<Decimal, DecimalError> {
    if s.is_empty() {
        return Err(DecimalError::Empty);
    }
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits_only = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits_only(int) || !frac.is_none_or(digits_only) {
        return Err(DecimalError::NotADecimal);
    }
    let significant = int.trim_start_matches('0').len() + frac.map_or(0, str::len);
    if significant > MAX_DIGITS || body.len() > MAX_DIGITS + 2 + 40 {
        return Err(DecimalError::TooLong);
    }
    Decimal::from_str(s).map_err(|_| DecimalError::TooLong)
}

impl FromStr for Dec {
    type Err = DecimalError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_decimal(s).map(Dec)
    }
}

impl Serialize for Dec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Dec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a decimal number written as a string, such as \"33.5\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Dec, E> {
                parse_decimal(v)
                    .map(Dec)
                    .map_err(|e| E::custom(format_args!("\"{v}\" {e}")))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dec, E> {
                Err(number_error(&v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dec, E> {
                Err(number_error(&v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Dec, E> {
                Err(number_error(&v.to_string()))
            }
            // A list or an object is refused as serde would refuse it, but only once read
            // to its end: serde_json then reports the error after the value, where the
            // loader finds which field it was (`locate::path_at`), not inside it.
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Dec, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Dec, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Err(de::Error::invalid_type(de::Unexpected::Map, &self))
            }
        }
        d.deserialize_any(V)
    }
}

fn number_error<E: de::Error>(n: &str) -> E {
    E::custom(format_args!(
        "is the JSON number {n}; write it as a decimal string, \"{n}\", so that no precision is lost"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_decimals() {
        for s in ["0", "3", "-1", "33.33", "420000.00", "0.5", "007"] {
            assert!(parse_decimal(s).is_ok(), "{s}");
        }
        assert_eq!(parse_decimal("420000.00").unwrap().to_string(), "420000.00");
    }

    #[test]
    fn refuses_what_other_tools_would_read_differently() {
        for s in [
            "1e3", "1_000", "+5", ".5", "5.", " 5", "5 ", "1,5", "--1", "0x10", "NaN", "∞",
        ] {
            assert_eq!(parse_decimal(s), Err(DecimalError::NotADecimal), "{s}");
        }
        assert_eq!(parse_decimal(""), Err(DecimalError::Empty));
        assert_eq!(
            parse_decimal("12345678901234567890123456789.5"),
            Err(DecimalError::TooLong)
        );
    }

    #[test]
    fn json_numbers_are_refused_with_the_fix() {
        let e = serde_json::from_str::<Dec>("33.5").unwrap_err().to_string();
        assert!(e.contains("\"33.5\""), "{e}");
        let e = serde_json::from_str::<Dec>("100").unwrap_err().to_string();
        assert!(e.contains("JSON number 100"), "{e}");
    }
}

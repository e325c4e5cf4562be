//! Canonical JSON as RFC 8785 (the JSON Canonicalization Scheme) defines it, the form a
//! result file's digest is computed over, and the one earlier form that differed from it.
//!
//! - No whitespace; arrays keep their order.
//! - Object members sorted by the UTF-16 code units of their keys (RFC 8785 §3.2.3).
//! - Strings (keys too) escaped as RFC 8785 §3.2.2.2: `\b \t \n \f \r \" \\` as short
//!   escapes, the other controls below U+0020 as `\u00xx` in lowercase hex, everything
//!   else as literal UTF-8. serde_json escapes exactly so, and writes the strings.
//! - Numbers as the IEEE 754 double they stand for, in the form of ECMAScript's
//!   `Number.prototype.toString` (RFC 8785 §3.2.2.3): `1.0` → `1`, `-0.0` → `0`,
//!   `1e21` → `1e+21`, `0.000001` → `0.000001`, `1e-7` → `1e-7`. An integer beyond 2^53
//!   is written as the double it rounds to (to nearest, ties to even), as any reader that
//!   holds JSON numbers as doubles sees it: `9007199254740993` → `9007199254740992`.
//!
//! The shortest round-trip digits of a double come from the standard library's own
//! formatter (`{:e}`), which the app already carries, so neither form needs a float
//! formatting crate in the download. tests/canonical.rs checks both forms against
//! independent implementations: RFC 8785's against `serde_json_canonicalizer`, the
//! earlier form against serde_json's own writer.

use serde_json::{Number, Value};

/// The RFC 8785 canonical form of a JSON value.
pub fn canonical(v: &Value) -> String {
    let mut out = Vec::new();
    write(v, &mut out, &ecmascript_number);
    String::from_utf8(out).expect("serde_json and the number writer write UTF-8")
}

/// The canonical form of Bidmark's first result files: RFC 8785 in everything except
/// numbers, which were written as serde_json writes them (`1.0`, `-0.0`, `1e21`, and
/// integers beyond 2^53 with all their digits). Kept only so that `verify` can tell such
/// a file from a changed one.
pub(crate) fn canonical_with_serde_json_numbers(v: &Value) -> String {
    let mut out = Vec::new();
    write(v, &mut out, &serde_json_number);
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// The first number (in document order) that the two forms write differently, as
/// (serde_json's form, RFC 8785's form).
pub(crate) fn first_number_written_differently(v: &Value) -> Option<(String, String)> {
    match v {
        Value::Number(n) => {
            let (mut old, mut new) = (Vec::new(), Vec::new());
            serde_json_number(n, &mut old);
            ecmascript_number(n, &mut new);
            (old != new).then(|| {
                (
                    String::from_utf8_lossy(&old).into_owned(),
                    String::from_utf8_lossy(&new).into_owned(),
                )
            })
        }
        Value::Array(items) => items.iter().find_map(first_number_written_differently),
        Value::Object(map) => map.values().find_map(first_number_written_differently),
        _ => None,
    }
}

fn write(v: &Value, out: &mut Vec<u8>, number: &dyn Fn(&Number, &mut Vec<u8>)) {
    match v {
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| key_order(a.0, b.0));
            out.push(b'{');
            for (i, (k, item)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, k).expect("strings serialise");
                out.push(b':');
                write(item, out, number);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(item, out, number);
            }
            out.push(b']');
        }
        Value::Number(n) => number(n, out),
        other => serde_json::to_writer(&mut *out, other).expect("scalars serialise"),
    }
}

/// UTF-16 order, as RFC 8785 requires. For keys without characters at or above U+E000
/// (whose UTF-8 starts with a byte of 0xEE or more) it is the same as byte order, which
/// needs no conversion; above, a character outside the Basic Multilingual Plane (a
/// surrogate pair, 0xD800–0xDFFF) sorts before U+E000–U+FFFF in UTF-16 but after them in UTF-8.
fn key_order(a: &str, b: &str) -> std::cmp::Ordering {
    let plain = |s: &str| s.bytes().all(|c| c < 0xEE);
    if plain(a) && plain(b) {
        a.as_bytes().cmp(b.as_bytes())
    } else {
        a.encode_utf16().cmp(b.encode_utf16())
    }
}

/// A number as serde_json writes it: integers as they are; a double in ryu's layout
/// (`1.0`, `-0.0`, `1e21`, `1.5e-7`, `0.001`), which serde_json uses.
fn serde_json_number(n: &Number, out: &mut Vec<u8>) {
    if let Some(u) = n.as_u64() {
        out.extend_from_slice(u.to_string().as_bytes());
    } else if let Some(i) = n.as_i64() {
        out.extend_from_slice(i.to_string().as_bytes());
    } else {
        let x = n.as_f64().expect("a JSON number has a double");
        if x.is_sign_negative() {
            out.push(b'-');
        }
        if x == 0.0 {
            out.extend_from_slice(b"0.0");
            return;
        }
        let (digits, n) = shortest(x.abs());
        // ryu's layout: plain up to 16 digits before the point, with `.0` on a whole
        // number; plain down to 0.0000d; else exponential.
        layout(&digits, n, (16, -5, b".0"), out);
    }
}

/// The shortest decimal digits d1d2…dk that read back as this positive double, the
/// closest to it when several are as short, and when two are equally close the one
/// ending in an even digit (ECMA-262, Number::toString); and n such that
/// x = 0.d1d2…dk × 10^n. The standard library's `{:e}` gives shortest digits that read
/// back, but does not promise which of two equally close ones it gives.
fn shortest(x: f64) -> (Vec<u8>, i32) {
    let (mut digits, exponent) = scientific(&format!("{x:e}"));
    let k = digits.len();
    // Two k-digit decimals are equally close to x only when x lies exactly halfway
    // between them: its exact decimal expansion (every double has a finite one, at most
    // 767 significant digits) ends at digit k + 1, with a 5.
    // Forty digits tell almost every double apart from a tie at once; only a possible
    // tie is written out in full.
    let ends_with_five = |exact: &[u8]| {
        let significant = exact.len() - exact.iter().rev().take_while(|d| **d == b'0').count();
        significant == k + 1 && exact[k] == b'5'
    };
    if ends_with_five(&scientific(&format!("{x:.40e}")).0)
        && ends_with_five(&scientific(&format!("{x:.800e}")).0)
    {
        let (exact, _) = scientific(&format!("{x:.40e}"));
        let down = &exact[..k];
        if down[k - 1] % 2 == 0 {
            digits = down.to_vec();
        } else if let Some(up) = increment(down) {
            digits = up;
        }
    }
    (digits, exponent + 1)
}

/// The digits and the power of ten of `d1.d2…dkeE`, as the standard library writes it.
fn scientific(text: &str) -> (Vec<u8>, i32) {
    let (mantissa, exponent) = text.split_once('e').expect("`{:e}` writes an exponent");
    let exponent: i32 = exponent.parse().expect("`{:e}` writes an integer exponent");
    (mantissa.bytes().filter(|b| *b != b'.').collect(), exponent)
}

/// The decimal digits one unit in the last place higher, if that keeps their number
/// (`…19` → `…20`; `99` would become `100`, so `None`).
fn increment(digits: &[u8]) -> Option<Vec<u8>> {
    let mut up = digits.to_vec();
    for d in up.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return Some(up);
        }
    }
    None
}

/// A JSON number as RFC 8785 writes it. Integers up to 2^53 are exact doubles and take a
/// short way; every other number is the double serde_json holds or rounds it to.
fn ecmascript_number(n: &Number, out: &mut Vec<u8>) {
    const EXACT: u64 = 1 << 53;
    if let Some(u) = n.as_u64().filter(|u| *u <= EXACT) {
        out.extend_from_slice(u.to_string().as_bytes());
    } else if let Some(i) = n.as_i64().filter(|i| i.unsigned_abs() <= EXACT) {
        out.extend_from_slice(i.to_string().as_bytes());
    } else {
        // Without serde_json's `arbitrary_precision` every number has a double: an
        // integer beyond 2^53 is converted to the nearest one.
        ecmascript_double(n.as_f64().expect("a JSON number has a double"), out);
    }
}

/// A finite double in the form of ECMAScript's `Number.prototype.toString` (ECMA-262,
/// Number::toString, radix 10), which RFC 8785 adopts.
fn ecmascript_double(x: f64, out: &mut Vec<u8>) {
    debug_assert!(x.is_finite(), "JSON has no NaN or infinity");
    if x == 0.0 {
        // Zero and minus zero alike.
        out.push(b'0');
        return;
    }
    if x < 0.0 {
        out.push(b'-');
    }
    let (digits, n) = shortest(x.abs());
    // ECMAScript's layout: plain up to 21 digits before the point; plain down to
    // 0.00000d; else exponential.
    layout(&digits, n, (21, -6, b""), out);
}

/// Lays out x = 0.d1d2…dk × 10^n (the k and n of ECMAScript's algorithm): plain while
/// n ≤ `most` (a whole number followed by `whole`), `0.` and zeros while n > `least`,
/// else `d1.d2…dke±(n-1)`.
fn layout(digits: &[u8], n: i32, (most, least, whole): (i32, i32, &[u8]), out: &mut Vec<u8>) {
    let k = digits.len() as i32;
    let zeros = |count: i32, out: &mut Vec<u8>| out.extend((0..count).map(|_| b'0'));
    if k <= n && n <= most {
        out.extend_from_slice(digits);
        zeros(n - k, out);
        out.extend_from_slice(whole);
    } else if 0 < n && n <= most {
        out.extend_from_slice(&digits[..n as usize]);
        out.push(b'.');
        out.extend_from_slice(&digits[n as usize..]);
    } else if least < n && n <= 0 {
        out.extend_from_slice(b"0.");
        zeros(-n, out);
        out.extend_from_slice(digits);
    } else {
        out.push(digits[0]);
        if k > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits[1..]);
        }
        out.push(b'e');
        out.push(if n > 0 { b'+' } else { b'-' });
        out.extend_from_slice((n - 1).unsigned_abs().to_string().as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn double(x: f64) -> String {
        let mut out = Vec::new();
        ecmascript_double(x, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn each_branch_of_the_ecmascript_form() {
        assert_eq!(double(123.0), "123");
        assert_eq!(double(1e21), "1e+21");
        assert_eq!(double(1e20), "100000000000000000000");
        assert_eq!(double(123.456), "123.456");
        assert_eq!(double(0.000001), "0.000001");
        assert_eq!(double(0.0000012), "0.0000012");
        assert_eq!(double(1e-7), "1e-7");
        assert_eq!(double(-1.5e-7), "-1.5e-7");
        assert_eq!(double(-0.0), "0");
        assert_eq!(double(1.25e300), "1.25e+300");
    }

    #[test]
    fn the_legacy_form_differs_only_in_numbers() {
        let v: Value = serde_json::from_str(r#"{"b":[1.0,2],"a":"\u0001\u2028😀"}"#).unwrap();
        assert_eq!(canonical(&v), "{\"a\":\"\\u0001\u{2028}😀\",\"b\":[1,2]}");
        assert_eq!(
            canonical_with_serde_json_numbers(&v),
            "{\"a\":\"\\u0001\u{2028}😀\",\"b\":[1.0,2]}"
        );
        assert_eq!(
            first_number_written_differently(&v),
            Some(("1.0".into(), "1".into()))
        );
    }
}

#[cfg(test)]
mod legacy_form {
    use super::*;

    /// The earlier form is serde_json's own writing of a number: checked against it.
    #[test]
    fn numbers_as_serde_json_writes_them() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            1e21,
            1e16,
            1e15,
            1e-5,
            1e-4,
            0.1,
            5e-324,
            f64::MAX,
            f64::from_bits(0x4314_3ff3_c1cb_0959), // 1424953923781206.25, a tie
            0.5,
            2.5,
            1.5e300,
        ];
        for _ in 0..100_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let x = f64::from_bits(seed);
            if x.is_finite() {
                values.push(x);
            }
        }
        for x in values {
            let n = Number::from_f64(x).unwrap();
            let mut out = Vec::new();
            serde_json_number(&n, &mut out);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&n).unwrap(),
                "{x:e}"
            );
        }
    }
}

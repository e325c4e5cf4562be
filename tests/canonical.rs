//! The canonical JSON a result file's digest is computed over is RFC 8785 (JCS), judged
//! by the RFC's own examples and by an independent implementation
//! (`serde_json_canonicalizer`, a dev-dependency); and result files whose digest an
//! earlier Bidmark computed over its slightly different form still verify, with a note.
//!
//! The app verifies a result file with the same library function as `bidmark verify`
//! (`award::result::verify`, called from the workflow's `open_result`), so what holds
//! here for the command line holds for the app.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::Command;

use bidmark::award::result::{canonical, result_file, verify};
use serde_json::{json, Map, Number, Value};
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn independent(v: &Value) -> String {
    serde_json_canonicalizer::to_string(v).unwrap()
}

fn double(bits: u64) -> Value {
    Value::Number(Number::from_f64(f64::from_bits(bits)).unwrap())
}

/// RFC 8785 Appendix B, "Number Serialization Samples" (the finite ones; NaN and
/// Infinity are errors, and serde_json cannot hold them).
const APPENDIX_B: &[(u64, &str)] = &[
    (0x0000000000000000, "0"),
    (0x8000000000000000, "0"),
    (0x0000000000000001, "5e-324"),
    (0x8000000000000001, "-5e-324"),
    (0x7fefffffffffffff, "1.7976931348623157e+308"),
    (0xffefffffffffffff, "-1.7976931348623157e+308"),
    (0x4340000000000000, "9007199254740992"),
    (0xc340000000000000, "-9007199254740992"),
    (0x4430000000000000, "295147905179352830000"),
    (0x44b52d02c7e14af5, "9.999999999999997e+22"),
    (0x44b52d02c7e14af6, "1e+23"),
    (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
    (0x444b1ae4d6e2ef4e, "999999999999999700000"),
    (0x444b1ae4d6e2ef4f, "999999999999999900000"),
    (0x444b1ae4d6e2ef50, "1e+21"),
    (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
    (0x3eb0c6f7a0b5ed8d, "0.000001"),
    (0x41b3de4355555553, "333333333.3333332"),
    (0x41b3de4355555554, "333333333.33333325"),
    (0x41b3de4355555555, "333333333.3333333"),
    (0x41b3de4355555556, "333333333.3333334"),
    (0x41b3de4355555557, "333333333.33333343"),
    (0xbecbf647612f3696, "-0.0000033333333333333333"),
    (0x43143ff3c1cb0959, "1424953923781206.2"),
];

#[test]
fn the_numbers_of_rfc_8785_appendix_b() {
    for (bits, expected) in APPENDIX_B {
        let v = double(*bits);
        assert_eq!(canonical(&v), *expected, "{bits:016x}");
        assert_eq!(independent(&v), *expected, "{bits:016x} (independent)");
    }
}

#[test]
fn numbers_as_the_brief_of_rfc_8785_gives_them() {
    for (x, expected) in [
        (1.0, "1"),
        (-0.0, "0"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (0.000001, "0.000001"),
        (1e-7, "1e-7"),
        (0.1, "0.1"),
        (-2.5e-300, "-2.5e-300"),
        (123456.789, "123456.789"),
    ] {
        assert_eq!(canonical(&json!(x)), expected, "{x:e}");
    }
}

#[test]
fn integers_beyond_2_53_are_the_double_they_round_to() {
    // serde_json holds them as u64 / i64; RFC 8785 reads every number as a double.
    for (text, expected) in [
        ("9007199254740992", "9007199254740992"),
        ("9007199254740993", "9007199254740992"),
        ("9007199254740995", "9007199254740996"),
        ("-9007199254740993", "-9007199254740992"),
        ("18446744073709551615", "18446744073709552000"),
        ("-9223372036854775808", "-9223372036854776000"),
        ("12345678901234567890", "12345678901234567000"),
    ] {
        let v: Value = serde_json::from_str(text).unwrap();
        assert!(v.is_u64() || v.is_i64(), "{text} is held as an integer");
        assert_eq!(canonical(&v), expected, "{text}");
        assert_eq!(independent(&v), expected, "{text} (independent)");
    }
}

#[test]
fn random_doubles_and_integers_agree_with_the_independent_implementation() {
    // xorshift64*: the same numbers on every run.
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let mut values = Vec::new();
    for _ in 0..100_000 {
        let x = f64::from_bits(next());
        if x.is_finite() {
            values.push(json!(x));
        }
    }
    for _ in 0..20_000 {
        // Doubles of every decimal exponent between 1e-30 and 1e30, where the layout changes.
        let exponent = (next() % 61) as i32 - 30;
        let x = (next() % 1_000_000) as f64 * 10f64.powi(exponent) / 1000.0;
        values.push(json!(x));
        values.push(json!(-x));
        values.push(json!(next()));
        values.push(json!(next() as i64));
        values.push(json!((next() % (1 << 54)) as i64 - (1 << 53)));
    }
    for v in &values {
        assert_eq!(canonical(v), independent(v), "{v}");
    }
}

#[test]
fn strings_are_escaped_as_rfc_8785_says() {
    let mut s: String = (0u32..0x20).map(|c| char::from_u32(c).unwrap()).collect();
    s.push_str("\"\\/\u{7f}\u{80}\u{2028}\u{2029}\u{feff}é€😀'<>&");
    let v = json!({ s.clone(): s });
    let expected_string = "\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\
\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\
\\\"\\\\/\u{7f}\u{80}\u{2028}\u{2029}\u{feff}é€😀'<>&";
    let expected = format!("{{\"{expected_string}\":\"{expected_string}\"}}");
    assert_eq!(canonical(&v), expected);
    assert_eq!(independent(&v), expected);
}

#[test]
fn the_example_of_rfc_8785_section_3_2_2() {
    let input = r#"{
  "numbers": [333333333.33333329, 1E30, 4.50,
              2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}"#;
    let expected = r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#;
    let v: Value = serde_json::from_str(input).unwrap();
    assert_eq!(canonical(&v), expected);
    assert_eq!(independent(&v), expected);
}

#[test]
fn the_sorting_example_of_rfc_8785_section_3_2_3() {
    let input = r#"{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}"#;
    let v: Value = serde_json::from_str(input).unwrap();
    let got: Value = serde_json::from_str(&canonical(&v)).unwrap();
    let order: Vec<&str> = got
        .as_object()
        .unwrap()
        .values()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        [
            "Carriage Return",
            "One",
            "Control",
            "Latin Small Letter O With Diaeresis",
            "Euro Sign",
            "Emoji: Grinning Face",
            "Hebrew Letter Dalet With Dagesh",
        ]
    );
    assert_eq!(canonical(&v), independent(&v));
}

/// An evaluation whose extensions hold what the old canonical form wrote differently:
/// floats (`1.0`, `-0.0`, `1e21`, `0.1`), an integer beyond 2^53, and keys outside the
/// Basic Multilingual Plane and in U+E000–U+FFFF, whose UTF-16 and UTF-8 orders differ.
fn evaluation_with_awkward_extensions() -> bidmark::Evaluation {
    let mut v: Value = serde_json::from_str(bidmark::samples::SAMPLES[0].json).unwrap();
    let extensions: Value = serde_json::from_str(
        r#"{"x": 1.0, "minus_zero": -0.0, "big": 1e21, "tenth": 0.1, "\ud83d\ude00": "grinning",
            "\ue000": "private use", "huge": 9007199254740993,
            "nested": {"b": [1.0, 0.000001, 1e-7], "a\u0007": "bell"}}"#,
    )
    .unwrap();
    v.as_object_mut()
        .unwrap()
        .insert("extensions".into(), extensions);
    bidmark::load_str(&v.to_string()).unwrap()
}

fn stated_digest(v: &Value) -> String {
    v["digest"]["value"].as_str().unwrap().to_string()
}

fn without_digest(v: &Value) -> Value {
    let mut body = v.clone();
    body.as_object_mut().unwrap().remove("digest");
    body
}

fn write_temp(name: &str, text: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn bidmark_verify(path: &PathBuf) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bidmark"))
        .arg("verify")
        .arg(path)
        .output()
        .unwrap()
}

#[test]
fn a_result_with_floats_and_non_bmp_keys_has_the_digest_an_independent_jcs_gives() {
    let e = evaluation_with_awkward_extensions();
    let text = result_file(&e);
    let v: Value = serde_json::from_str(&text).unwrap();
    let jcs = independent(&without_digest(&v));
    assert!(jcs.contains(r#""big":1e+21"#), "{jcs}");
    assert!(jcs.contains(r#""minus_zero":0,"#), "{jcs}");
    // UTF-16 order: the emoji (a surrogate pair, 0xD83D…) before U+E000; UTF-8 order
    // would put it after.
    assert!(
        jcs.contains("\"x\":1,\"😀\":\"grinning\",\"\u{e000}\":\"private use\"}"),
        "{jcs}"
    );
    assert!(jcs.contains(r#""huge":9007199254740992,"#), "{jcs}");
    assert_eq!(stated_digest(&v), sha256(&jcs));

    // The library's verify (the app's too) and the command line accept it as it is.
    let verified = verify(&text).unwrap();
    assert!(verified.holds(), "{:?}", verified.differences);
    assert!(verified.notes.is_empty(), "{:?}", verified.notes);
    let out = bidmark_verify(&write_temp("canonical-awkward-result.json", &text));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("verified: "), "{stdout}");
    assert!(stdout.contains(&stated_digest(&v)), "{stdout}");
    assert!(!stdout.contains("note:"), "{stdout}");
    // The app opens it the same way: through the workflow, to its results, verified.
    let s = bidmark::workflow::Session::default().apply(bidmark::workflow::Action::OpenFile {
        name: "awkward-result.json".into(),
        bytes: text.into_bytes(),
    });
    assert_eq!(
        s.open.as_ref().expect("it opens").page,
        bidmark::workflow::Page::Results
    );
    let notice = s.notice.as_deref().unwrap_or_default();
    assert!(
        notice.starts_with("Verified: every result in awkward-result.json"),
        "{notice}"
    );
    assert!(!notice.contains("earlier Bidmark"), "{notice}");
}

/// The form of Bidmark's first result files, built here independently: members in UTF-16
/// key order, then written by serde_json (so `1.0`, `-0.0`, `1e21` and every digit of a
/// large integer).
fn legacy_form(v: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(map) => {
                let mut members: Vec<(&String, &Value)> = map.iter().collect();
                members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
                Value::Object(
                    members
                        .into_iter()
                        .map(|(k, x)| (k.clone(), sorted(x)))
                        .collect::<Map<_, _>>(),
                )
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string(&sorted(v)).unwrap()
}

/// A result file as an earlier Bidmark wrote it: the same contents, the digest over the
/// legacy form.
fn legacy_result_file(e: &bidmark::Evaluation) -> (String, String) {
    let mut v: Value = serde_json::from_str(&result_file(e)).unwrap();
    let legacy = sha256(&legacy_form(&without_digest(&v)));
    v["digest"]["value"] = json!(legacy);
    (serde_json::to_string_pretty(&v).unwrap(), legacy)
}

#[test]
fn a_result_digested_by_an_earlier_bidmark_verifies_with_a_note_on_the_number_form() {
    let e = evaluation_with_awkward_extensions();
    let new_digest = bidmark::award::result::result_digest(&e);
    let (text, legacy) = legacy_result_file(&e);
    assert_ne!(legacy, new_digest, "the two forms differ for this file");

    let verified = verify(&text).unwrap();
    assert!(verified.holds(), "{:?}", verified.differences);
    assert_eq!(verified.notes.len(), 1, "{:?}", verified.notes);
    let note = &verified.notes[0];
    for words in [
        "computed by an earlier Bidmark",
        "differed from RFC 8785 in the number form",
        "contents are intact",
        "exporting the result again gives its RFC 8785 digest",
        legacy.as_str(),
        new_digest.as_str(),
    ] {
        assert!(note.contains(words), "the note lacks {words:?}: {note}");
    }
    assert!(
        !note.contains("tampered") && !note.contains("changed after"),
        "{note}"
    );

    let out = bidmark_verify(&write_temp("canonical-legacy-result.json", &text));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("verified: "), "{stdout}");
    assert!(stdout.contains("note: The digest"), "{stdout}");
    assert!(stdout.contains("in the number form"), "{stdout}");
}

#[test]
fn a_legacy_result_changed_after_export_is_still_refused() {
    let e = evaluation_with_awkward_extensions();
    let (text, _) = legacy_result_file(&e);
    let changed = text.replace("\"tenth\": 0.1", "\"tenth\": 0.2");
    assert_ne!(changed, text);
    let verified = verify(&changed).unwrap();
    assert!(!verified.holds());
    assert!(verified.notes.is_empty());
    assert!(verified.differences[0].contains("The digest does not match"));
    let out = bidmark_verify(&write_temp("canonical-legacy-changed.json", &changed));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("NOT verified"));
}

#[test]
fn results_without_floats_have_the_same_digest_in_both_forms() {
    // Every file Bidmark wrote from an evaluation without floats in its extensions
    // keeps its digest: the forms differ only in numbers that are not plain integers.
    for s in bidmark::samples::SAMPLES {
        let e = bidmark::load_str(s.json).unwrap();
        let v: Value = serde_json::from_str(&result_file(&e)).unwrap();
        let body = without_digest(&v);
        assert_eq!(legacy_form(&body), canonical(&body), "{}", s.slug);
        assert_eq!(canonical(&body), independent(&body), "{}", s.slug);
    }
}

#[test]
fn the_app_opens_a_legacy_digested_result_and_says_why_it_holds() {
    use bidmark::workflow::{Action, Page, Session};
    let (text, _) = legacy_result_file(&evaluation_with_awkward_extensions());
    let s = Session::default().apply(Action::OpenFile {
        name: "old-result.json".into(),
        bytes: text.into_bytes(),
    });
    assert_eq!(s.open.as_ref().expect("it opens").page, Page::Results);
    let notice = s.notice.as_deref().unwrap();
    assert!(
        notice.starts_with("Verified: every result in old-result.json"),
        "{notice}"
    );
    assert!(notice.contains("earlier Bidmark"), "{notice}");
    assert!(notice.contains("in the number form"), "{notice}");
}

#[test]
fn doubles_halfway_between_two_shortest_forms_take_the_even_one() {
    // x = N + 1/4 or N + 3/4 with N near 2^50: exactly 18 significant digits ending in 5,
    // halfway between two 17-digit forms; also halves and quarters of every size where
    // a tie can fall, and powers of two and five.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut values = vec![
        json!(f64::from_bits(0x4314_3ff3_c1cb_0959)), // 1424953923781206.25
        json!(0.5),
        json!(2.5),
        json!(1e22),
    ];
    for _ in 0..20_000 {
        let n = (1u64 << 50) + next() % (1 << 50);
        let quarter = [0.25, 0.75, 0.5][(next() % 3) as usize];
        values.push(json!(n as f64 + quarter));
        let scale = 2f64.powi((next() % 200) as i32 - 100);
        values.push(json!((next() % 100_000) as f64 * scale));
        values.push(json!(
            5f64.powi((next() % 23) as i32) * 2f64.powi((next() % 120) as i32)
        ));
    }
    for v in &values {
        assert_eq!(canonical(v), independent(v), "{v}");
    }
}

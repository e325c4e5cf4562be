#![cfg(not(target_arch = "wasm32"))]
//! The bundled samples score to figures checked by hand (tests/expected/, computed
//! independently of this engine; tests/expected/ARITHMETIC.md shows the working).

use std::process::Command;
use std::str::FromStr;

use bidmark::samples::SAMPLES;
use bidmark::scoring::{Basis, Detail};
use bidmark::standings;
use rust_decimal::Decimal;
use serde_json::Value;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn load(slug: &str) -> bidmark::Evaluation {
    let s = bidmark::samples::find(slug).unwrap();
    bidmark::load_str(s.json).unwrap_or_else(|e| panic!("{slug}: {e}"))
}

fn expected(slug: &str) -> Value {
    let path = format!("{}/tests/expected/{slug}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_sample_scores_as_computed_by_hand() {
    for sample in SAMPLES {
        let e = load(sample.slug);
        let results = bidmark::score(&e);
        let got = serde_json::to_value(standings::rows(&results)).unwrap();
        let want = expected(sample.slug);
        let got = got["results"].as_array().unwrap();
        let want = want["results"].as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{}", sample.slug);
        for (g, w) in got.iter().zip(want) {
            for field in [
                "bid",
                "supplier",
                "rank",
                "total",
                "quality",
                "price",
                "excluded",
                "provisional",
            ] {
                assert_eq!(g[field], w[field], "{} {} {field}", sample.slug, w["bid"]);
            }
            let bid = results.bids.iter().find(|b| b.bid == g["bid"]).unwrap();
            let codes: Vec<String> = bid.reasons.iter().map(|r| r.code()).collect();
            let want_codes: Vec<String> =
                serde_json::from_value(w["reason_kinds"].clone()).unwrap();
            assert_eq!(codes, want_codes, "{} {}", sample.slug, w["bid"]);
            // The wording too: the reasons are what a supplier is told.
            assert_eq!(g["reasons"], w["reasons"], "{} {}", sample.slug, w["bid"]);
        }
    }
}

/// The working of tests/expected/ARITHMETIC.md, step by step, for Ashdown Digital.
#[test]
fn dos_ashdown_by_hand() {
    let e = load("dos-outcomes");
    let r = bidmark::score(&e);
    let ashdown = r.bids.iter().find(|b| b.bid == "ashdown").unwrap();

    // Effective weights: technical 60 % × essential 50 % × 40 % = 12, and so on.
    let w = bidmark::scoring::effective_weights(&e);
    for (id, eff) in [
        ("ess-ucd", "12"),
        ("ess-service-standard", "9"),
        ("ess-blended-teams", "9"),
        ("nth-accessibility", "6"),
        ("nth-dynamics", "6"),
        ("proposal", "18"),
        ("cf-one-team", "5"),
        ("cf-knowledge", "5"),
        ("price", "30"),
    ] {
        assert_eq!(w[id], d(eff), "{id}");
    }
    assert_eq!(r.quality_available, d("70"));

    // ess-ucd: scores 3, 3, 2; mean 8/3; points 8/3 ÷ 3 × 12 = 32/3.
    let ucd = ashdown.line("ess-ucd").unwrap();
    let Detail::Scored(cell) = &ucd.detail else {
        panic!()
    };
    assert_eq!(
        cell.scores.iter().map(|s| s.1).collect::<Vec<_>>(),
        vec![d("3"), d("3"), d("2")]
    );
    assert_eq!(cell.basis, Basis::Mean);
    assert_eq!(bidmark::text::points(cell.points, 4), "10.6667");

    // Quality: 32/3 + 8 + 7 + 14/3 + 8/3 + 16 + 10/3 + 35/9 = 506/9 = 56.2222…
    assert_eq!(bidmark::text::points(ashdown.quality_exact, 6), "56.222222");
    assert_eq!(ashdown.quality, d("56.22"));

    // Price: lowest among bids still in is Tidewell's £334,200 (Cobalt Yard's £268,400
    // is excluded). 334200 / 412500 × 30 = 24.305454…
    assert_eq!(r.lowest_price, Some(d("334200.00")));
    assert_eq!(ashdown.price, Some(d("412500.00")));
    assert_eq!(
        bidmark::text::points(ashdown.price_points_exact.unwrap(), 6),
        "24.305455"
    );
    assert_eq!(ashdown.price_points, Some(d("24.31")));

    // Total: 56.2222… + 24.3054… = 80.5276… → 80.53, rank 2.
    assert_eq!(ashdown.total, Some(d("80.53")));
    assert_eq!(ashdown.rank, Some(2));
}

#[test]
fn dos_flags_the_divergent_cell_but_keeps_a_mean_of_exactly_the_minimum() {
    let r = bidmark::score(&load("dos-outcomes"));
    let tidewell = r.bids.iter().find(|b| b.bid == "tidewell").unwrap();
    let Detail::Scored(cell) = &tidewell.line("ess-service-standard").unwrap().detail else {
        panic!()
    };
    assert_eq!(cell.spread, Some(d("2")));
    assert!(cell.flagged);
    assert_eq!(cell.moderated, Some(d("2")));
    assert!(!tidewell.excluded());
}

#[test]
fn negotiated_total_is_rounded_from_the_exact_sum() {
    // Hanbit: 71.67 + 18.34 = 90.01 from rounded parts, but the exact sum rounds to 90.00.
    let r = bidmark::score(&load("negotiated-80-20"));
    let hanbit = r.bids.iter().find(|b| b.bid == "hanbit").unwrap();
    assert_eq!(hanbit.quality, d("71.67"));
    assert_eq!(hanbit.price_points, Some(d("18.34")));
    assert_eq!(hanbit.total, Some(d("90.00")));
}

#[test]
fn gcloud_marks_the_missing_consensus_as_provisional() {
    let r = bidmark::score(&load("gcloud-call-off"));
    let larchfield = r.bids.iter().find(|b| b.bid == "larchfield").unwrap();
    assert!(larchfield.provisional());
    assert_eq!(larchfield.pending.len(), 1);
    assert!(larchfield.pending[0]
        .to_string()
        .contains("awaits a consensus score"));
    let redbank = r.bids.iter().find(|b| b.bid == "redbank").unwrap();
    assert!(redbank.reasons[0].to_string().contains("Ireland"));
    // Pennant is more than twice the lowest price: linear-to-lowest floors it at zero.
    let pennant = r.bids.iter().find(|b| b.bid == "pennant").unwrap();
    assert_eq!(pennant.price_points, Some(d("0.00")));
}

#[test]
fn samples_validate_against_the_published_schema() {
    let path = format!("{}/docs/evaluation.schema.json", env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is itself valid");
    for sample in SAMPLES {
        let doc: Value = serde_json::from_str(sample.json).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", sample.slug);
        // And what the engine writes back validates too.
        let written: Value = serde_json::from_str(&load(sample.slug).to_json()).unwrap();
        assert!(
            validator.is_valid(&written),
            "{} after a round trip",
            sample.slug
        );
    }
}

#[test]
fn the_schema_refuses_what_the_engine_refuses() {
    let path = format!("{}/docs/evaluation.schema.json", env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let base: Value = serde_json::from_str(SAMPLES[0].json).unwrap();
    type Mutation = (&'static str, fn(&mut Value));
    let mutations: [Mutation; 4] = [
        ("weight as a JSON number", |v| {
            v["criteria"][0]["weight"] = serde_json::json!(60)
        }),
        ("an unknown field", |v| {
            v["colour"] = serde_json::json!("blue")
        }),
        ("a wrong format", |v| {
            v["format"] = serde_json::json!("bidmark/bids")
        }),
        ("an exponent", |v| {
            v["bids"][0]["price"] = serde_json::json!("4e5")
        }),
    ];
    for (what, mutate) in mutations {
        let mut doc = base.clone();
        mutate(&mut doc);
        assert!(!validator.is_valid(&doc), "schema accepted {what}");
        assert!(
            bidmark::load_str(&doc.to_string()).is_err(),
            "engine accepted {what}"
        );
    }
}

#[test]
fn samples_survive_a_load_save_round_trip() {
    for sample in SAMPLES {
        let e = load(sample.slug);
        let again = bidmark::load_str(&e.to_json()).unwrap();
        assert_eq!(e, again, "{}", sample.slug);
        assert_eq!(e.to_json(), again.to_json());
    }
}

fn bidmark_cmd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bidmark"))
}

#[test]
fn command_line_prints_the_json_contract() {
    for sample in SAMPLES {
        let path = format!(
            "{}/samples/{}.json",
            env!("CARGO_MANIFEST_DIR"),
            sample.slug
        );
        let out = bidmark_cmd()
            .args(["score", &path, "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: Value = serde_json::from_slice(&out.stdout).unwrap();
        let want = expected(sample.slug);
        for (g, w) in got["results"]
            .as_array()
            .unwrap()
            .iter()
            .zip(want["results"].as_array().unwrap())
        {
            for field in [
                "bid",
                "supplier",
                "rank",
                "total",
                "quality",
                "price",
                "excluded",
                "provisional",
            ] {
                assert_eq!(g[field], w[field]);
            }
            // Exactly the contract's fields, no more.
            let keys: Vec<&str> = g.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(
                keys,
                [
                    "bid",
                    "supplier",
                    "rank",
                    "total",
                    "quality",
                    "price",
                    "excluded",
                    "provisional",
                    "reasons"
                ]
            );
        }
    }
}

#[test]
fn command_line_prints_a_readable_table() {
    let path = format!("{}/samples/dos-outcomes.json", env!("CARGO_MANIFEST_DIR"));
    let out = bidmark_cmd().args(["score", &path]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Case management alpha"));
    let first = lines
        .iter()
        .find(|l| l.contains("Kestrel & Moss Ltd"))
        .unwrap();
    assert!(
        first.trim_start().starts_with('1') && first.contains("82.14") && first.contains("Final")
    );
    assert!(text.contains("Cobalt Yard Ltd is excluded: Moderated score 1.67"));
}

#[test]
fn command_line_refuses_a_bad_file_on_stderr() {
    let dir = std::env::temp_dir().join(format!("bidmark-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    let mut doc: Value = serde_json::from_str(SAMPLES[0].json).unwrap();
    doc["criteria"][0]["weight"] = serde_json::json!("55");
    std::fs::write(&bad, doc.to_string()).unwrap();
    let out = bidmark_cmd()
        .args(["score", bad.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("Weights at the top level add up to 95. Make them add up to 100."),
        "{err}"
    );

    let out = bidmark_cmd()
        .args(["score", dir.join("missing.json").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("cannot read"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_file_saved_mid_evaluation_validates_against_the_schema() {
    use bidmark::workflow::{Action, Edit, Session, Stamp};
    let path = format!("{}/docs/evaluation.schema.json", env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let stamp = Stamp {
        at: "2026-11-25T10:00:00.000Z".into(),
        who: "Facilitator".into(),
    };
    let mut s = Session::default().apply(Action::OpenSample {
        slug: "gcloud-call-off".into(),
    });
    for edit in [
        Edit::Declare {
            id: "helen".into(),
            conflict: true,
            detail: "Former employee of a bidder; does not score its bid".into(),
        },
        Edit::HidePrices { hide: true },
        Edit::Score {
            evaluator: "helen".into(),
            bid: "quayside".into(),
            criterion: "social-value".into(),
            score: Some("2".parse().unwrap()),
        },
    ] {
        s = s.apply(Action::Edit {
            edit,
            stamp: stamp.clone(),
        });
    }
    let e = &s.open.as_ref().unwrap().evaluation;
    let doc: Value = serde_json::from_str(&e.to_json()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(doc["workflow"]["audit"].as_array().unwrap().len() >= 3);
}

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

/// Every lot's results (one, with no lot, for an evaluation without lots) and the
/// contract's rows of them: for a file without lots, exactly `score` and `rows`.
fn lotted(e: &bidmark::Evaluation) -> (bidmark::scoring::lots::Lotted, Value) {
    let l = bidmark::scoring::lots::score_lots(e);
    let rows = serde_json::to_value(standings::lotted_rows(&l)).unwrap();
    (l, rows)
}

#[test]
fn every_sample_scores_as_computed_by_hand() {
    for sample in SAMPLES {
        let e = load(sample.slug);
        let (lots, got) = lotted(&e);
        let all = expected(sample.slug);
        // Who is awarded each lot, in the order decided: none without lots.
        let awards: Vec<Value> = lots
            .awards
            .iter()
            .map(|a| {
                serde_json::json!({
                    "lot": a.lot,
                    "winner": a.winner(),
                    "passed_over": a.passed_over.iter().map(|p| &p.0).collect::<Vec<_>>(),
                })
            })
            .collect();
        assert_eq!(
            Value::Array(awards),
            all.get("awards")
                .cloned()
                .unwrap_or(Value::Array(Vec::new())),
            "{}",
            sample.slug
        );
        let got = got["results"].as_array().unwrap();
        let want = all["results"].as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{}", sample.slug);
        for (g, w) in got.iter().zip(want) {
            for field in [
                "lot",
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
            let bid = lots
                .lots
                .iter()
                .flat_map(|l| &l.results.bids)
                .find(|b| b.bid == g["bid"])
                .unwrap();
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
            // Exactly the contract's fields, no more; and the lot (extension) first, only
            // in a file with lots.
            let mut keys: Vec<&str> = g.as_object().unwrap().keys().map(String::as_str).collect();
            let has_lots = !load(sample.slug).lots.is_empty();
            assert_eq!(keys.first() == Some(&"lot"), has_lots, "{}", sample.slug);
            if has_lots {
                assert_eq!(g["lot"], w["lot"]);
                keys.remove(0);
            }
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

/// The lotted sample (tests/expected/ARITHMETIC.md, "The lotted sample"): Wrenfold
/// ranks first in both lots, but a supplier may win one lot and Lot 1 is decided
/// first, so Lot 2 passes to Harbourline; Rhian Davies's scores of Harbourline's Lot 2
/// bid, given before she declared her conflict, stay in the file and do not count.
#[test]
fn lotted_sample_awards_lot_two_to_the_next_bid() {
    use bidmark::scoring::lots::{score_lots, Outcome};
    use bidmark::scoring::Standing;
    let e = load("dos-lotted-outcomes");
    assert!(e.workflow.blind && e.workflow.hide_prices && e.workflow.criteria_locked);
    assert_eq!(e.min_scores(), Some(2));

    let l = score_lots(&e);
    assert_eq!(l.limit, Some(1));
    let lot = |id: &str| {
        &l.lots
            .iter()
            .find(|x| x.lot.as_ref().is_some_and(|(i, _)| i == id))
            .unwrap()
            .results
    };
    // Every result is final, so each lot can be approved.
    for x in &l.lots {
        assert!(x.results.bids.iter().all(|b| !b.provisional()));
    }
    let ranked = |id: &str| -> Vec<(&str, String)> {
        lot(id)
            .bids
            .iter()
            .filter(|b| b.rank.is_some())
            .map(|b| (b.bid.as_str(), b.total.unwrap().to_string()))
            .collect()
    };
    assert_eq!(
        ranked("lot-1"),
        [
            ("l1-wrenfold", "86.85".into()),
            ("l1-brightwater", "81.44".into()),
            ("l1-cadence", "76.69".into()),
            ("l1-harbourline", "75.56".into())
        ]
    );
    assert_eq!(
        ranked("lot-2"),
        [
            ("l2-wrenfold", "89.44".into()),
            ("l2-harbourline", "86.46".into()),
            ("l2-tessellate", "71.47".into())
        ]
    );
    // Each lot's lowest price is its own (Kinloch's £498,000 is excluded in Lot 2).
    assert_eq!(lot("lot-1").lowest_price, Some(d("112600.00")));
    assert_eq!(lot("lot-2").lowest_price, Some(d("574200.00")));

    // The awards: Lot 1 first, to Wrenfold; Lot 2 passes over Wrenfold to Harbourline.
    let decided: Vec<(&str, Option<&str>)> = l
        .awards
        .iter()
        .map(|a| (a.lot.as_str(), a.winner()))
        .collect();
    assert_eq!(
        decided,
        [
            ("lot-1", Some("l1-wrenfold")),
            ("lot-2", Some("l2-harbourline"))
        ]
    );
    assert!(l.awards[0].passed_over.is_empty());
    assert_eq!(
        l.awards[1].passed_over,
        vec![(
            "l2-wrenfold".to_string(),
            "Wrenfold Digital Ltd".to_string(),
            vec!["Lot 1: Discovery".to_string()]
        )]
    );
    assert!(matches!(&l.awards[1].outcome,
        Outcome::Winner { supplier, .. } if supplier == "Harbourline Digital Ltd"));
    assert!(l.awards.iter().all(|a| !a.provisional));

    // The recusal: Rhian's two scores of Harbourline's Lot 2 bid are in the file, set
    // aside as recused; the cells count Nadia's and Martin's only.
    let rhian = e.evaluator("rhian").unwrap().declaration.clone().unwrap();
    assert!(rhian.conflict && rhian.bids == ["l2-harbourline"]);
    for v in e.evaluators.iter().filter(|v| v.id != "rhian") {
        assert_eq!(
            v.declaration.as_ref().map(|d| d.conflict),
            Some(false),
            "{}",
            v.id
        );
    }
    assert_eq!(
        e.scores
            .iter()
            .filter(|s| s.evaluator == "rhian" && s.bid == "l2-harbourline")
            .count(),
        2
    );
    let harbourline = lot("lot-2")
        .bids
        .iter()
        .find(|b| b.bid == "l2-harbourline")
        .unwrap();
    for (criterion, counted, moderated) in [
        ("sv-skills", ["2", "2"], "2"),
        ("sv-wellbeing", ["3", "2"], "2.5"),
    ] {
        let Detail::Scored(cell) = &harbourline.line(criterion).unwrap().detail else {
            panic!("{criterion}")
        };
        assert_eq!(
            cell.set_aside,
            vec![("rhian".to_string(), d("3"), Standing::Recused)],
            "{criterion}"
        );
        let ids: Vec<&str> = cell.scores.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(ids, ["nadia", "martin"], "{criterion}");
        assert_eq!(
            cell.scores.iter().map(|s| s.1).collect::<Vec<_>>(),
            counted.map(d).to_vec()
        );
        assert_eq!(cell.moderated.map(|m| m.normalize()), Some(d(moderated)));
    }
    // The audit log records her scores of the bid before her declaration.
    let audit = &e.workflow.audit;
    let declared = audit
        .iter()
        .position(|a| {
            a.what
                .starts_with("Rhian Davies declared a conflict of interest")
        })
        .expect("the declaration is in the log");
    let scored: Vec<usize> = audit
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.what
                .starts_with("Rhian Davies scored Harbourline Digital Ltd on ")
        })
        .map(|(i, _)| i)
        .collect();
    // Two in Lot 1 (not recused) and two in Lot 2, all before the declaration.
    assert_eq!(scored.len(), 4);
    assert!(scored.iter().all(|&i| i < declared));
    // Owen is assigned to Lot 2 only, and scored nothing in Lot 1.
    let owen = e.evaluator("owen").unwrap().assignment.clone().unwrap();
    assert_eq!(owen.lots, ["lot-2"]);
    assert!(!e
        .scores
        .iter()
        .any(|s| s.evaluator == "owen" && s.bid.starts_with("l1-")));

    // And the file is valid by the published schema (as every sample is, above).
    let path = format!("{}/docs/evaluation.schema.json", env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let doc: Value =
        serde_json::from_str(bidmark::samples::find("dos-lotted-outcomes").unwrap().json).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

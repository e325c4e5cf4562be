#![cfg(not(target_arch = "wasm32"))]
//! The CSV and Excel exports read back with independent readers (the `csv` crate and
//! calamine) and agree with the figures checked by hand in tests/expected/; text that a
//! spreadsheet would run as a formula comes back as text.

use std::io::Cursor;

use bidmark::export::{self, xlsx::SHEETS};
use bidmark::samples::SAMPLES;
use calamine::{Data, Range, Reader, Xlsx};
use serde_json::{json, Value};

fn load(slug: &str) -> bidmark::Evaluation {
    let s = bidmark::samples::find(slug).unwrap();
    bidmark::load_str(s.json).unwrap_or_else(|e| panic!("{slug}: {e}"))
}

fn expected(slug: &str) -> Vec<Value> {
    let path = format!("{}/tests/expected/{slug}.json", env!("CARGO_MANIFEST_DIR"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["results"].as_array().unwrap().clone()
}

/// What is exported: a sample without lots, or one lot of a lotted sample, since the
/// exports, like every page, work on a lot's view (its own criteria, bids and scores).
struct Case {
    sample: &'static str,
    /// The sample, and the lot if any: what a failure names.
    slug: String,
    lot: Option<String>,
}

fn cases() -> Vec<(Case, bidmark::Evaluation)> {
    let mut out = Vec::new();
    for s in SAMPLES {
        let e = load(s.slug);
        if e.lots.is_empty() {
            let case = Case {
                sample: s.slug,
                slug: s.slug.to_string(),
                lot: None,
            };
            out.push((case, e));
            continue;
        }
        for l in &e.lots {
            let case = Case {
                sample: s.slug,
                slug: format!("{} {}", s.slug, l.id),
                lot: Some(l.id.clone()),
            };
            out.push((case, e.lot_view(&l.id).unwrap()));
        }
    }
    out
}

/// The rows of tests/expected/ that a case exports: those of its lot, if it has one.
fn expected_in(case: &Case) -> Vec<Value> {
    expected(case.sample)
        .into_iter()
        .filter(|w| case.lot.as_deref().is_none_or(|l| w["lot"] == l))
        .collect()
}

/// Header and rows, read as a spreadsheet-minded consumer would (the BOM is skipped).
fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(
        text.starts_with('\u{FEFF}'),
        "a CSV export starts with a BOM"
    );
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = rd
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    for row in &rows {
        assert_eq!(row.len(), header.len());
    }
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name:?} in {header:?}"))
}

fn open_xlsx(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

fn text_at(range: &Range<Data>, at: (usize, usize)) -> String {
    match range.get(at) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("{at:?} is {other:?}, not text"),
    }
}

/// Whether a spreadsheet could take the cell for a formula.
fn dangerous(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && bidmark::model::parse_decimal(cell).is_err()
}

#[test]
fn results_csv_has_the_ranks_and_totals_computed_by_hand() {
    for (sample, e) in cases() {
        let r = bidmark::score(&e);
        let (header, rows) = read_csv(&export::csv::results(&e, &r));
        assert_eq!(
            header[..11],
            [
                "Rank",
                "Supplier",
                "Bid id",
                header[3].as_str(),
                header[4].as_str(),
                "Total (out of 100)",
                "Quality %",
                header[7].as_str(),
                "Status",
                "Reasons",
                "Pending",
            ]
        );
        assert!(header[3].starts_with("Quality (out of "), "{}", header[3]);
        assert!(
            header[4].starts_with("Price points (out of "),
            "{}",
            header[4]
        );
        assert!(header[7].starts_with("Bid price ("), "{}", header[7]);
        let leaves = e
            .walk()
            .into_iter()
            .filter(|(_, c)| c.kind != bidmark::model::Kind::Group)
            .count();
        assert_eq!(header.len(), 11 + leaves, "{}", sample.slug);

        let want = expected_in(&sample);
        assert_eq!(rows.len(), want.len(), "{}", sample.slug);
        assert_eq!(rows.len(), e.bids.len());
        let opt = |v: &Value| v.as_str().map(String::from).unwrap_or_default();
        for (row, w) in rows.iter().zip(&want) {
            let who = format!("{} {}", sample.slug, w["bid"]);
            assert_eq!(row[2], w["bid"].as_str().unwrap(), "{who}");
            assert_eq!(row[1], w["supplier"].as_str().unwrap(), "{who}");
            let rank = w["rank"]
                .as_u64()
                .map(|n| n.to_string())
                .unwrap_or_default();
            assert_eq!(row[0], rank, "{who}");
            assert_eq!(row[3], opt(&w["quality"]), "{who}");
            assert_eq!(row[4], opt(&w["price"]), "{who}");
            assert_eq!(row[5], opt(&w["total"]), "{who}");
            let status = &row[column(&header, "Status")];
            assert_eq!(
                status.starts_with("Excluded"),
                w["excluded"].as_bool().unwrap(),
                "{who}"
            );
            // The reasons in words, as the engine says them, one per reason recorded.
            let bid = r.bids.iter().find(|b| b.bid == row[2]).unwrap();
            let words: Vec<String> = bid.reasons.iter().map(ToString::to_string).collect();
            assert_eq!(row[9], words.join("; "), "{who}");
            assert_eq!(words.len(), w["reasons"].as_array().unwrap().len(), "{who}");
        }
    }
}

#[test]
fn dos_outcomes_csv_in_detail() {
    let e = load("dos-outcomes");
    let r = bidmark::score(&e);
    let (header, rows) = read_csv(&export::csv::results(&e, &r));
    assert_eq!(rows.len(), 5);
    assert_eq!(header[3], "Quality (out of 70)");
    assert_eq!(header[4], "Price points (out of 30)");
    assert_eq!(header[7], "Bid price (GBP)");
    assert_eq!(header.last().unwrap(), "Price (points, out of 30)");
    let kestrel = &rows[0];
    assert_eq!(kestrel[1], "Kestrel & Moss Ltd");
    assert_eq!(kestrel[5], "82.14");
    assert_eq!(kestrel[8], "Final");
    assert_eq!(kestrel.last().unwrap(), "20.47");

    let (header, rows) = read_csv(&export::csv::scores(&e, &r));
    assert_eq!(
        header,
        [
            "Bid id",
            "Supplier",
            "Criterion id",
            "Criterion",
            "Evaluator id",
            "Evaluator",
            "Score",
            "Justification",
            "Consensus score",
            "Consensus rationale",
            "Moderated score",
            "Basis",
        ]
    );
    assert_eq!(rows.len(), 120);
    // Every score of the file is there once, with its note.
    for s in &e.scores {
        let found: Vec<&Vec<String>> = rows
            .iter()
            .filter(|row| row[0] == s.bid && row[2] == s.criterion && row[4] == s.evaluator)
            .collect();
        assert_eq!(found.len(), 1, "{s:?}");
        assert_eq!(found[0][6], s.score.to_string());
        assert_eq!(found[0][7], s.note.clone().unwrap_or_default());
        assert_eq!(found[0][11], "mean");
    }
    // Cobalt Yard's user-centred design: 2, 2 and 1 moderate to 1.67.
    let cobalt: Vec<&Vec<String>> = rows
        .iter()
        .filter(|row| row[0] == "cobalt-yard" && row[2] == "ess-ucd")
        .collect();
    assert_eq!(cobalt.len(), 3);
    assert!(cobalt.iter().all(|row| row[10] == "1.67"));
}

#[test]
fn scores_csv_counts_every_score_and_check() {
    for (sample, e) in cases() {
        let r = bidmark::score(&e);
        let (_, rows) = read_csv(&export::csv::scores(&e, &r));
        assert_eq!(
            rows.len(),
            e.scores.len() + e.checks.len(),
            "{}",
            sample.slug
        );
        let checks = rows
            .iter()
            .filter(|row| row[6] == "Pass" || row[6] == "Fail")
            .count();
        assert_eq!(checks, e.checks.len(), "{}", sample.slug);
    }
}

#[test]
fn workbook_has_its_sheets_and_real_numbers() {
    for (sample, e) in cases() {
        let r = bidmark::score(&e);
        let mut book = open_xlsx(export::xlsx::workbook(&e, &r).unwrap());
        assert_eq!(book.sheet_names(), SHEETS.map(String::from).to_vec());

        let summary = book.worksheet_range("Summary").unwrap();
        let want = expected_in(&sample);
        assert_eq!(summary.height(), want.len() + 1, "{}", sample.slug);
        assert_eq!(text_at(&summary, (0, 0)), "Rank");
        assert_eq!(text_at(&summary, (0, 5)), "Total (out of 100)");
        for (i, w) in want.iter().enumerate() {
            let row = i + 1;
            assert_eq!(text_at(&summary, (row, 2)), w["bid"].as_str().unwrap());
            let number = |v: &Value| {
                v.as_str()
                    .map_or(Data::Empty, |s| Data::Float(s.parse().unwrap()))
            };
            let rank = w["rank"]
                .as_u64()
                .map_or(Data::Empty, |n| Data::Float(n as f64));
            let cell = |col| summary.get((row, col)).cloned().unwrap_or(Data::Empty);
            assert_eq!(cell(0), rank, "{} {}", sample.slug, w["bid"]);
            assert_eq!(
                cell(3),
                number(&w["quality"]),
                "{} {}",
                sample.slug,
                w["bid"]
            );
            assert_eq!(cell(4), number(&w["price"]), "{} {}", sample.slug, w["bid"]);
            assert_eq!(cell(5), number(&w["total"]), "{} {}", sample.slug, w["bid"]);
        }

        let scored = e
            .walk()
            .into_iter()
            .filter(|(_, c)| c.kind == bidmark::model::Kind::Scored)
            .count();
        let moderated = book.worksheet_range("Moderated scores").unwrap();
        assert_eq!(moderated.height(), e.bids.len() * scored + 1);
        for (i, v) in e.evaluators.iter().enumerate() {
            assert_eq!(text_at(&moderated, (0, 5 + i)), v.name);
        }

        let individual = book.worksheet_range("Individual scores").unwrap();
        assert_eq!(
            individual.height(),
            e.scores.len() + e.checks.len() + 1,
            "{}",
            sample.slug
        );
        assert_eq!(text_at(&individual, (0, 7)), "Justification");

        let audit = book.worksheet_range("Audit log").unwrap();
        assert_eq!(audit.height(), e.workflow.audit.len() + 1);
    }
}

#[test]
fn kestrel_and_moss_total_is_a_number_in_the_workbook() {
    let e = load("dos-outcomes");
    let r = bidmark::score(&e);
    let mut book = open_xlsx(export::xlsx::workbook(&e, &r).unwrap());
    let summary = book.worksheet_range("Summary").unwrap();
    assert_eq!(text_at(&summary, (1, 1)), "Kestrel & Moss Ltd");
    assert_eq!(summary.get((1, 5)), Some(&Data::Float(82.14)));
    assert_eq!(summary.get((1, 7)), Some(&Data::Float(489_750.0)));
    assert_eq!(text_at(&summary, (1, 8)), "Final");
    // Cobalt Yard is excluded: no rank, no total, and the reason in words.
    assert_eq!(text_at(&summary, (5, 1)), "Cobalt Yard Ltd");
    assert!(matches!(summary.get((5, 0)), None | Some(Data::Empty)));
    assert!(matches!(summary.get((5, 5)), None | Some(Data::Empty)));
    assert_eq!(text_at(&summary, (5, 8)), "Excluded");

    let moderated = book.worksheet_range("Moderated scores").unwrap();
    let row = (1..moderated.height())
        .find(|&i| {
            text_at(&moderated, (i, 0)) == "cobalt-yard" && text_at(&moderated, (i, 2)) == "ess-ucd"
        })
        .unwrap();
    assert_eq!(moderated.get((row, 4)), Some(&Data::Float(12.0)));
    // Priya, Tom and Grace gave 2, 2 and 1 (the file's panel order).
    let scores: Vec<Data> = (5..8)
        .map(|c| moderated.get((row, c)).cloned().unwrap())
        .collect();
    let mut sorted: Vec<f64> = scores
        .iter()
        .map(|d| match d {
            Data::Float(f) => *f,
            other => panic!("{other:?}"),
        })
        .collect();
    sorted.sort_by(f64::total_cmp);
    assert_eq!(sorted, [1.0, 2.0, 2.0]);
    assert_eq!(moderated.get((row, 9)), Some(&Data::Float(1.67)));
    assert_eq!(text_at(&moderated, (row, 10)), "mean");
}

const ATTACKS: [&str; 6] = [
    "=HYPERLINK(\"http://x\")",
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\rx",
];

/// dos-outcomes with formulas for supplier names, notes, an evaluator's name and the
/// audit log, on a -3 to 3 scale with one legitimate score of -1.50.
fn hostile() -> bidmark::Evaluation {
    let mut v: Value =
        serde_json::from_str(bidmark::samples::find("dos-outcomes").unwrap().json).unwrap();
    for (i, bid) in v["bids"].as_array_mut().unwrap().iter_mut().enumerate() {
        bid["supplier"] = json!(ATTACKS[i]);
    }
    v["evaluators"][0]["name"] = json!(ATTACKS[5]);
    for (i, s) in v["scores"].as_array_mut().unwrap().iter_mut().enumerate() {
        s["note"] = json!(ATTACKS[i % ATTACKS.len()]);
    }
    v["scale"] = json!({ "min": "-3", "max": "3" });
    v["scores"][0]["score"] = json!("-1.50");
    v["workflow"] = json!({
        "audit": [
            {
                "at": "2026-11-25T14:03:09Z",
                "who": "=cmd|' /C calc'!A0",
                "what": "+Changed a score",
                "before": "-2+3",
                "after": "@SUM(A1)"
            },
            {
                "at": "2026-11-25T14:05:00Z",
                "who": "Priya Raman",
                "what": "Scored ess-ucd for Ashdown",
                "before": "3",
                "after": "-1.50"
            }
        ]
    });
    bidmark::load_str(&v.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn csv_neutralises_formulas_but_keeps_negative_scores() {
    let e = hostile();
    let r = bidmark::score(&e);
    let (header, rows) = read_csv(&export::csv::results(&e, &r));
    let suppliers: Vec<&str> = rows.iter().map(|row| row[1].as_str()).collect();
    for attack in &ATTACKS[..5] {
        let want = format!("'{attack}");
        assert!(
            suppliers.contains(&want.as_str()),
            "{want:?} in {suppliers:?}"
        );
    }
    for cell in header.iter().chain(rows.iter().flatten()) {
        assert!(!dangerous(cell), "{cell:?}");
    }

    let (header, rows) = read_csv(&export::csv::scores(&e, &r));
    assert_eq!(rows.len(), 120);
    for attack in ATTACKS {
        let want = format!("'{attack}");
        assert!(rows.iter().any(|row| row[7] == want), "note {want:?}");
    }
    assert!(rows.iter().any(|row| row[5] == "'\rx"), "evaluator name");
    for cell in header.iter().chain(rows.iter().flatten()) {
        assert!(!dangerous(cell), "{cell:?}");
    }
    let first = &e.scores[0];
    let row = rows
        .iter()
        .find(|row| row[0] == first.bid && row[2] == first.criterion && row[4] == first.evaluator)
        .unwrap();
    assert_eq!(row[6], "-1.50", "a negative score stays a number");
}

#[test]
fn workbook_neutralises_formulas_but_keeps_negative_scores() {
    let e = hostile();
    let r = bidmark::score(&e);
    let mut book = open_xlsx(export::xlsx::workbook(&e, &r).unwrap());
    for name in SHEETS {
        let range = book.worksheet_range(name).unwrap();
        for cell in range.cells() {
            if let (_, _, Data::String(s)) = cell {
                assert!(!dangerous(s), "{name}: {s:?}");
            }
        }
        // The writer never stored a formula, and calamine finds none.
        let formulas = book.worksheet_formula(name).unwrap();
        assert!(
            formulas.cells().all(|(_, _, f)| f.is_empty()),
            "{name} has formulas"
        );
    }

    let summary = book.worksheet_range("Summary").unwrap();
    let suppliers: Vec<String> = (1..=5).map(|i| text_at(&summary, (i, 1))).collect();
    for attack in &ATTACKS[..5] {
        assert!(
            suppliers.contains(&format!("'{attack}")),
            "{attack:?} in {suppliers:?}"
        );
    }

    let individual = book.worksheet_range("Individual scores").unwrap();
    let first = &e.scores[0];
    let row = (1..individual.height())
        .find(|&i| {
            text_at(&individual, (i, 0)) == first.bid
                && text_at(&individual, (i, 2)) == first.criterion
                && text_at(&individual, (i, 4)) == first.evaluator
        })
        .unwrap();
    assert_eq!(individual.get((row, 6)), Some(&Data::Float(-1.5)));
    assert_eq!(text_at(&individual, (row, 5)), "'\rx");
    assert_eq!(text_at(&individual, (row, 7)), "'=HYPERLINK(\"http://x\")");
    for attack in ATTACKS {
        let want = format!("'{attack}");
        assert!(
            (1..individual.height()).any(|i| text_at(&individual, (i, 7)) == want),
            "note {want:?}"
        );
    }

    let audit = book.worksheet_range("Audit log").unwrap();
    assert_eq!(audit.height(), 3);
    assert_eq!(
        (0..6).map(|c| text_at(&audit, (0, c))).collect::<Vec<_>>(),
        ["When", "Timestamp (UTC)", "Who", "What", "Before", "After"]
    );
    assert_eq!(
        (0..6).map(|c| text_at(&audit, (1, c))).collect::<Vec<_>>(),
        [
            "25 November 2026, 14:03 UTC",
            "2026-11-25T14:03:09Z",
            "'=cmd|' /C calc'!A0",
            "'+Changed a score",
            "'-2+3",
            "'@SUM(A1)",
        ]
    );
    assert_eq!(text_at(&audit, (2, 2)), "Priya Raman");
    assert_eq!(text_at(&audit, (2, 5)), "-1.50");
}

#[test]
fn a_score_set_aside_is_exported_and_says_why() {
    // Rhian Davies is recused from Harbourline's Lot 2 bid after scoring it: her two
    // scores stay on file, so they are in the export, marked as not counting.
    let e = load("dos-lotted-outcomes").lot_view("lot-2").unwrap();
    let r = bidmark::score(&e);
    let (header, rows) = read_csv(&export::csv::scores(&e, &r));
    let basis = column(&header, "Basis");
    let hers: Vec<&Vec<String>> = rows
        .iter()
        .filter(|row| row[0] == "l2-harbourline" && row[4] == "rhian")
        .collect();
    assert_eq!(hers.len(), 2);
    assert!(hers
        .iter()
        .all(|row| row[basis] == "does not count: recused" && row[6] == "3"));
}

//! What the fuzz targets (`fuzz/fuzz_targets/*.rs`) run, and what the regression test
//! (`tests/fuzz_regressions.rs`) runs again on every input kept in `fuzz/regressions/`.
//! Compiled only with the `fuzzing` feature: the fuzz crate and the tests turn it on,
//! so none of it reaches the command line or the browser's WebAssembly.
//!
//! Each function takes arbitrary bytes, feeds them to a public entry point and checks
//! with `assert!` what Bidmark promises about the answer, so that a fuzzer finds wrong
//! results and not only crashes:
//!
//! - [`evaluation`]: an evaluation file, read with [`load_bytes`] and [`load_draft`];
//! - [`bids`]: a bids file, read and imported into a sample evaluation;
//! - [`scoresheet`]: a scoresheet, read and imported into a sample evaluation;
//! - [`result`]: a result file, checked with [`verify`];
//! - [`scoring`]: a valid evaluation built from the bytes, scored, exported and reported.
//!
//! The modules behind them: `oracle` ([`check_results`], the scoring rules recomputed
//! from the evaluation's own lists), `checks` (the other promises: errors, round trips,
//! documents), `input` ([`Input`] and [`generate`], valid evaluations from bytes),
//! `samples` (the bundled samples opened as the app opens them) and `seeds` ([`seeds`],
//! the starting corpus).
//!
//! docs/reliability.md lists every invariant and how to run the fuzzers.

mod checks;
mod input;
mod oracle;
mod samples;
mod seeds;

pub use input::{generate, Input};
pub use oracle::check_results;
pub use seeds::seeds;

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use crate::award::result::{result_file, verify};
use crate::model::exchange::{load_bids, load_scoresheet};
use crate::model::{load_bytes, load_draft, load_str, validate, Criterion, VERSION};
use crate::scoring::score;
use crate::workflow::{scoresheet_for, Action, Question};

use checks::{
    check_documents, check_load_error, check_raise, check_reordering, check_result_file, words,
};
use samples::{evaluation_of, sample_session, stamp};

// ---------------------------------------------------------------------------------------
// Targets.

/// An evaluation file: any bytes.
///
/// - `load_bytes` and `load_draft` agree: the same evaluation, or the same problems;
/// - an error has at least one problem, each with a message and a line from 1;
/// - a loaded evaluation (or a draft) written with `to_json` loads again to an equal
///   evaluation with the same problems;
/// - a loaded evaluation validates, scores within the rules ([`check_results`]) and
///   its result file verifies ([`check_result_file`]).
pub fn evaluation(data: &[u8]) {
    let loaded = load_bytes(data);
    if let Err(err) = &loaded {
        check_load_error(err, std::str::from_utf8(data).ok());
    }
    match std::str::from_utf8(data) {
        Err(_) => assert!(loaded.is_err(), "bytes that are not UTF-8 loaded"),
        Ok(text) => {
            let draft = load_draft(text);
            match (&loaded, &draft) {
                (Ok(e), Ok((d, problems))) => {
                    assert!(problems.is_empty(), "a loaded file has draft problems");
                    assert_eq!(e, d, "load_bytes and load_draft read different evaluations");
                }
                (Err(err), Ok((_, problems))) => assert_eq!(
                    &err.problems, problems,
                    "load_bytes and load_draft report different problems"
                ),
                // load_bytes also refuses, before parsing, bytes that look binary or
                // UTF-16; JSON text that parses never does.
                (Err(a), Err(b)) => assert!(
                    a == b || (a.problems.len() == 1 && a.problems[0].path.is_empty()),
                    "load_bytes and load_draft disagree: {a:?} / {b:?}"
                ),
                (Ok(_), Err(b)) => panic!("load_bytes read what load_draft refused: {b}"),
            }
            if let Ok((d, problems)) = &draft {
                let again = load_draft(&d.to_json())
                    .unwrap_or_else(|err| panic!("a draft written by to_json is refused: {err}"));
                assert_eq!(&again.0, d, "a draft changed on a save and load");
                assert_eq!(
                    words(&again.1),
                    words(problems),
                    "a draft's problems changed on a save and load"
                );
            }
        }
    }
    if let Ok(e) = loaded {
        assert!(validate(&e).is_empty(), "a loaded evaluation breaks rules");
        let back = load_str(&e.to_json())
            .unwrap_or_else(|err| panic!("an evaluation written by to_json is refused: {err}"));
        assert_eq!(back, e, "an evaluation changed on a save and load");
        let r = score(&e);
        check_results(&e, &r);
        check_reordering(&e, &r);
        check_result_file(&e);
    }
}

/// A bids file: any bytes.
///
/// - a refusal has problems; a bids file that loads has unique, non-blank ids, a
///   supplier for every bid and only prices above zero, and reads back equal when
///   written again;
/// - importing it into a sample either refuses it and changes nothing, or (confirmed)
///   leaves a valid evaluation that holds every bid of the file as the file gives it.
pub fn bids(data: &[u8]) {
    let file = match load_bids(data) {
        Err(err) => {
            check_load_error(&err, std::str::from_utf8(data).ok());
            None
        }
        Ok(file) => {
            assert_eq!(file.format, crate::model::exchange::BIDS_FORMAT);
            assert_eq!(file.version, VERSION);
            let mut ids = BTreeSet::new();
            for b in &file.bids {
                assert!(!b.id.trim().is_empty(), "a bid without an id loaded");
                assert!(ids.insert(b.id.as_str()), "a duplicate bid id loaded");
                assert!(
                    !b.supplier.trim().is_empty(),
                    "a bid without a supplier loaded"
                );
                if let Some(p) = b.price {
                    assert!(p.0 > Decimal::ZERO, "a price of {p} loaded");
                }
            }
            let written = serde_json::to_vec(&file).expect("a bids file serialises");
            let back = load_bids(&written)
                .unwrap_or_else(|err| panic!("a bids file written again is refused: {err}"));
            assert_eq!(back, file, "a bids file changed on a save and load");
            Some(file)
        }
    };
    let before = sample_session(data.len() % crate::samples::SAMPLES.len());
    let start = evaluation_of(&before);
    let after = before.apply(Action::ImportBids {
        name: "bids.json".into(),
        bytes: data.to_vec(),
    });
    match (&after.refused, &after.question, &file) {
        (Some(refused), _, _) => {
            assert!(!refused.problems.is_empty(), "a refusal without a problem");
            assert_eq!(
                evaluation_of(&after),
                start,
                "a refused bids file changed the evaluation"
            );
        }
        (None, Some(Question::MergeBids { .. }), Some(file)) => {
            assert_eq!(
                evaluation_of(&after),
                start,
                "bids merged before the question"
            );
            let done = after.apply(Action::Confirm {
                stamp: stamp(),
                reason: String::new(),
            });
            let open = done.open.as_ref().expect("the evaluation stays open");
            assert!(
                open.problems.is_empty(),
                "imported bids broke the evaluation: {:?}",
                open.problems
            );
            assert!(open.results.is_some(), "a valid evaluation is scored");
            let e = &open.evaluation;
            for b in &file.bids {
                let now = e
                    .bid(&b.id)
                    .expect("every bid of the file is in the evaluation");
                assert_eq!(
                    now.supplier, b.supplier,
                    "a supplier was not taken from the file"
                );
                if b.price.is_some() {
                    assert_eq!(now.price, b.price, "a price was not taken from the file");
                }
                for (k, v) in &b.answers {
                    assert_eq!(now.answers.get(k), Some(v), "an answer was not taken");
                }
            }
            for b in &start.bids {
                assert!(
                    e.bid(&b.id).is_some(),
                    "importing bids removed bid {}",
                    b.id
                );
            }
            check_results(e, &score(e));
        }
        (None, None, Some(_)) => {
            assert_eq!(
                evaluation_of(&after),
                start,
                "a bids file that changes nothing changed the evaluation"
            );
        }
        (None, q, f) => panic!(
            "a bids import ended with question {:?} for a file that loaded: {}",
            q.is_some(),
            f.is_some()
        ),
    }
}

/// A scoresheet: any bytes.
///
/// - a refusal has problems; a scoresheet that loads reads back equal when written;
/// - importing it into the sample it belongs to either refuses it and changes nothing,
///   or leaves a valid evaluation where that evaluator's scores are exactly the sheet's,
///   and whose own scoresheet for that evaluator imports as "nothing changed".
pub fn scoresheet(data: &[u8]) {
    let sheet = match load_scoresheet(data) {
        Err(err) => {
            check_load_error(&err, std::str::from_utf8(data).ok());
            None
        }
        Ok(sheet) => {
            let written = serde_json::to_vec(&sheet).expect("a scoresheet serialises");
            let back = load_scoresheet(&written)
                .unwrap_or_else(|err| panic!("a scoresheet written again is refused: {err}"));
            assert_eq!(back, sheet, "a scoresheet changed on a save and load");
            Some(sheet)
        }
    };
    // The sample the sheet names, so that mutated scores get past the identity checks.
    let which = sheet
        .as_ref()
        .and_then(|s| {
            (0..crate::samples::SAMPLES.len()).find(|&i| {
                evaluation_of(&sample_session(i)).id.as_deref() == Some(s.evaluation.as_str())
            })
        })
        .unwrap_or(data.len() % crate::samples::SAMPLES.len());
    let before = sample_session(which);
    let start = evaluation_of(&before);
    let mut after = before.apply(Action::ImportScoresheet {
        name: "sheet.json".into(),
        bytes: data.to_vec(),
        stamp: stamp(),
    });
    if let Some(refused) = &after.refused {
        assert!(!refused.problems.is_empty(), "a refusal without a problem");
        assert_eq!(
            evaluation_of(&after),
            start,
            "a refused scoresheet changed the evaluation"
        );
        return;
    }
    let sheet = sheet.expect("only a scoresheet that loads is taken");
    if let Some(q) = &after.question {
        assert!(
            matches!(q, Question::ReplaceScoresheet { .. }),
            "a scoresheet import asked {q:?}"
        );
        assert_eq!(
            evaluation_of(&after),
            start,
            "scores replaced before the question"
        );
        after = after.apply(Action::Confirm {
            stamp: stamp(),
            reason: String::new(),
        });
    }
    let open = after.open.as_ref().expect("the evaluation stays open");
    assert!(
        open.problems.is_empty(),
        "an imported scoresheet broke the evaluation: {:?}",
        open.problems
    );
    let e = &*open.evaluation;
    let id = &sheet.evaluator.id;
    let mut have: Vec<(String, String, Decimal, Option<String>)> = e
        .scores
        .iter()
        .filter(|s| s.evaluator == *id)
        .map(|s| {
            (
                s.bid.clone(),
                s.criterion.clone(),
                s.score.0,
                s.note.clone(),
            )
        })
        .collect();
    let mut want: Vec<(String, String, Decimal, Option<String>)> = sheet
        .scores
        .iter()
        .map(|s| {
            (
                s.bid.clone(),
                s.criterion.clone(),
                s.score.0,
                s.note.clone(),
            )
        })
        .collect();
    have.sort();
    want.sort();
    assert_eq!(have, want, "the evaluator's scores are not the sheet's");
    for s in start.scores.iter().filter(|s| s.evaluator != *id) {
        assert!(e.scores.contains(s), "another evaluator's score was lost");
    }
    check_results(e, &score(e));
    // The sheet Bidmark writes for that evaluator now is already in: nothing changes.
    let own = scoresheet_for(e, id, "2026-11-25T00:00:00Z").expect("the evaluator is on the panel");
    if own.scores.is_empty() {
        // An empty sheet is still recorded in the audit log when imported.
        return;
    }
    let bytes = serde_json::to_vec(&own).expect("a scoresheet serialises");
    let again = after.apply(Action::ImportScoresheet {
        name: "again.json".into(),
        bytes,
        stamp: stamp(),
    });
    assert!(
        again.refused.is_none(),
        "Bidmark refused its own scoresheet"
    );
    assert!(
        again.question.is_none(),
        "Bidmark asked about its own scoresheet"
    );
    assert_eq!(
        evaluation_of(&again),
        *e,
        "importing a scoresheet just exported changed the evaluation"
    );
}

/// A result file: any bytes (as text).
///
/// - `verify` never panics; a refusal has problems;
/// - the evaluation it reads is valid, and its own result file verifies;
/// - a file that holds states exactly what a fresh result file of its evaluation states.
pub fn result(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match verify(&text) {
        Err(problems) => assert!(!problems.is_empty(), "a refused result file has no problem"),
        Ok(v) => {
            assert!(
                validate(&v.evaluation).is_empty(),
                "verify read an invalid evaluation"
            );
            if v.holds() {
                let stated: serde_json::Value =
                    serde_json::from_str(text.trim_start_matches('\u{feff}'))
                        .expect("a result that holds is JSON");
                let fresh: serde_json::Value =
                    serde_json::from_str(&result_file(&v.evaluation)).expect("results are JSON");
                assert_eq!(
                    stated["results"], fresh["results"],
                    "a result file holds but states other results"
                );
            }
            check_result_file(&v.evaluation);
        }
    }
}

/// Scoring: a valid evaluation built from the bytes ([`generate`]), so that nearly every
/// input reaches the engine.
///
/// - the evaluation is valid, and loads back equal from its own file;
/// - every figure follows FORMAT.md ([`check_results`]), in any order of the lists;
/// - raising one score never lowers that bid's quality or total;
/// - its result file verifies; the CSV, JSON, text, HTML and Excel documents are
///   produced, CSV cells cannot run as formulas, and no name becomes HTML markup;
/// - a weight moved by the analysis still gives a valid evaluation.
pub fn scoring(data: &[u8]) {
    let mut u = Input::new(data);
    let e = generate(&mut u);
    let problems = validate(&e);
    assert!(
        problems.is_empty(),
        "the generator made an invalid evaluation: {problems:?}"
    );
    let back = load_str(&e.to_json())
        .unwrap_or_else(|err| panic!("an evaluation written by to_json is refused: {err}"));
    assert_eq!(back, e, "an evaluation changed on a save and load");
    let r = score(&e);
    assert_eq!(score(&e), r, "scoring twice gave different results");
    check_results(&e, &r);
    check_reordering(&e, &r);
    check_raise(&e, &r, &mut u);
    check_result_file(&e);
    // The award report runs the robustness analysis (hundreds of scorings) and the
    // workbook is a zip: one input in 256 that asks for them, on small evaluations
    // only, so that the fuzzer keeps its pace.
    let heavy = u.byte() == 0x5a && e.walk().len() <= 5 && e.bids.len() <= 3;
    check_documents(&e, &r, heavy);
    // The analysis moves one weight and rescales its siblings to keep 100.
    let weighted: Vec<&Criterion> = e
        .walk()
        .into_iter()
        .map(|(_, c)| c)
        .filter(|c| c.is_weighted())
        .collect();
    if !weighted.is_empty() {
        let c = weighted[u.below(weighted.len())];
        let w = f64::from(u.below(100_001) as u32) / 1000.0;
        if let Some(m) = crate::analysis::with_weight(&e, &c.id, w) {
            let problems = validate(&m);
            assert!(
                problems.is_empty(),
                "moving {} to {w} broke the evaluation: {problems:?}",
                c.id
            );
            check_results(&m, &score(&m));
        }
    }
    let winners = crate::analysis::winners(&r);
    for w in &winners {
        let b = r
            .bids
            .iter()
            .find(|b| &b.bid == w)
            .expect("a winner is a bid");
        assert_eq!(b.rank, Some(1));
    }
}

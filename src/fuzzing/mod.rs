//! What the fuzz targets (`fuzz/fuzz_targets/*.rs`) run, and what the regression test
//! (`tests/fuzz_regressions.rs`) runs again on every input kept in `fuzz/regressions/`.
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
//! docs/reliability.md lists every invariant and how to run the fuzzers.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::award::result::{result_file, verify};
use crate::model::exchange::{load_bids, load_scoresheet};
use crate::model::{
    load_bytes, load_draft, load_str, validate, AuditEntry, Bid, Check, Consensus, Criterion, Dec,
    Evaluation, Evaluator, Kind, LoadError, Method, Moderation, PriceMethod, Problem, Rounding,
    Scale, Score, FORMAT, VERSION,
};
use crate::scoring::{round, score, Basis, BidResult, Detail, Exclusion, Pending, Results};
use crate::workflow::{scoresheet_for, Action, Question, Session, Stamp};

/// Slack for exact arithmetic that rounds at 28 significant digits: far below any
/// reported place (at most 6), far above the last digit of a product of weights.
fn slack() -> Decimal {
    Decimal::new(1, 20)
}

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

// ---------------------------------------------------------------------------------------
// Shared checks.

/// An error says what is wrong, and where when it knows.
fn check_load_error(err: &LoadError, text: Option<&str>) {
    assert!(!err.problems.is_empty(), "a load error without a problem");
    for p in &err.problems {
        assert!(
            !p.message.trim().is_empty(),
            "a problem without a message: {p:?}"
        );
        if let Some((line, column)) = p.line {
            assert!(
                line >= 1 && column >= 1,
                "lines and columns count from 1: {p:?}"
            );
            if let Some(text) = text {
                let lines = text.split('\n').count();
                assert!(
                    line <= lines,
                    "line {line} of a text of {lines} lines: {p:?}"
                );
            }
        }
    }
    let shown = err.to_string();
    assert!(shown.lines().count() > err.problems.len(), "{shown}");
}

/// Problems as what and where, without lines: those move when a file is rewritten.
fn words(problems: &[Problem]) -> Vec<(String, String)> {
    problems
        .iter()
        .map(|p| (p.path.clone(), p.message.clone()))
        .collect()
}

/// Everything FORMAT.md ("Scoring") says about the results of a valid evaluation,
/// recomputed here from the evaluation's own lists.
pub fn check_results(e: &Evaluation, r: &Results) {
    let eps = slack();
    let places = e.places();
    let unit = Decimal::new(1, places);
    assert_eq!(r.places, places);
    assert_eq!(r.method, e.method());

    // Effective weights, down the tree; scales, inherited from groups.
    let mut eff: HashMap<&str, Decimal> = HashMap::new();
    let mut scales: HashMap<&str, (Decimal, Decimal)> = HashMap::new();
    fn down<'a>(
        nodes: &'a [Criterion],
        parent: Decimal,
        scale: (Decimal, Decimal),
        eff: &mut HashMap<&'a str, Decimal>,
        scales: &mut HashMap<&'a str, (Decimal, Decimal)>,
    ) {
        for c in nodes {
            let own = c.scale.as_ref().map_or(scale, |s| (s.min.0, s.max.0));
            scales.insert(&c.id, own);
            if c.is_weighted() {
                let w = parent * c.weight.expect("weighted nodes have weights").0
                    / Decimal::ONE_HUNDRED;
                eff.insert(&c.id, w);
                down(c.children(), w, own, eff, scales);
            }
        }
    }
    let ds = e.default_scale();
    down(
        &e.criteria,
        Decimal::ONE_HUNDRED,
        (ds.min.0, ds.max.0),
        &mut eff,
        &mut scales,
    );
    let walk = e.walk();
    let leaves: Vec<&Criterion> = walk
        .iter()
        .map(|(_, c)| *c)
        .filter(|c| matches!(c.kind, Kind::Scored | Kind::Price))
        .collect();
    let price_node = walk.iter().map(|(_, c)| *c).find(|c| c.kind == Kind::Price);
    let quality_available: Decimal = leaves
        .iter()
        .filter(|c| c.kind == Kind::Scored)
        .map(|c| eff[c.id.as_str()])
        .sum();
    assert!(
        (r.quality_available - quality_available).abs() <= eps,
        "quality available {} != {quality_available}",
        r.quality_available
    );
    assert_eq!(r.price_available.is_some(), price_node.is_some());
    let all = r.quality_available + r.price_available.unwrap_or_default();
    assert!(
        (all - Decimal::ONE_HUNDRED).abs() <= eps,
        "the leaves' effective weights add up to {all}, not 100"
    );

    // The same bids, each once.
    assert_eq!(r.bids.len(), e.bids.len());
    let ids: BTreeSet<&str> = r.bids.iter().map(|b| b.bid.as_str()).collect();
    let given: BTreeSet<&str> = e.bids.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, given, "the results are not the evaluation's bids");

    let mut cells: HashMap<(&str, &str), Vec<Decimal>> = HashMap::new();
    for s in &e.scores {
        cells
            .entry((s.bid.as_str(), s.criterion.as_str()))
            .or_default()
            .push(s.score.0);
    }
    let consensus: HashMap<(&str, &str), Decimal> = e
        .consensus
        .iter()
        .map(|c| ((c.bid.as_str(), c.criterion.as_str()), c.score.0))
        .collect();
    let checks: HashMap<(&str, &str), bool> = e
        .checks
        .iter()
        .map(|c| ((c.bid.as_str(), c.criterion.as_str()), c.passed))
        .collect();

    for b in &r.bids {
        let bid = e.bid(&b.bid).expect("a result is for a bid");
        assert_eq!(b.supplier, bid.supplier);
        assert_eq!(b.price, bid.price.map(|p| p.0));
        assert_eq!(b.lines.len(), walk.len(), "one line per criterion");
        let mut reasons: Vec<String> = Vec::new();
        let mut pending: Vec<String> = Vec::new();
        let mut quality = Decimal::ZERO;
        for (line, (depth, c)) in b.lines.iter().zip(&walk) {
            assert_eq!(line.criterion, c.id);
            assert_eq!(line.depth, *depth);
            let key = (bid.id.as_str(), c.id.as_str());
            match (&line.detail, c.kind) {
                (Detail::Scored(cell), Kind::Scored) => {
                    let (lo, hi) = scales[c.id.as_str()];
                    assert_eq!((cell.scale_min, cell.scale_max), (lo, hi));
                    let w = eff[c.id.as_str()];
                    assert_eq!(line.effective_weight, Some(w));
                    let mut values = cells.get(&key).cloned().unwrap_or_default();
                    let expected = match consensus.get(&key) {
                        Some(&agreed) => Some((agreed, Basis::Consensus)),
                        None if values.is_empty() => None,
                        None => {
                            values.sort();
                            let n = values.len();
                            let mean = |v: &[Decimal]| {
                                v.iter().copied().sum::<Decimal>() / Decimal::from(v.len())
                            };
                            Some(match e.method() {
                                Method::Mean => (mean(&values), Basis::Mean),
                                Method::Consensus => (mean(&values), Basis::ProvisionalMean),
                                Method::Median if n % 2 == 1 => (values[n / 2], Basis::Median),
                                Method::Median => (
                                    (values[n / 2 - 1] + values[n / 2]) / Decimal::TWO,
                                    Basis::Median,
                                ),
                                Method::TrimmedMean if n >= 3 => {
                                    (mean(&values[1..n - 1]), Basis::TrimmedMean)
                                }
                                Method::TrimmedMean => (mean(&values), Basis::TrimmedMean),
                            })
                        }
                    };
                    match expected {
                        None => {
                            assert_eq!(cell.moderated, None);
                            assert_eq!(cell.basis, Basis::NoScores);
                            assert_eq!(cell.points, Decimal::ZERO);
                            pending.push(format!("no_scores:{}", c.id));
                        }
                        Some((m, basis)) => {
                            assert_eq!(cell.moderated, Some(m), "moderated score of {key:?}");
                            assert_eq!(cell.basis, basis, "basis of {key:?}");
                            assert!(
                                m >= lo - eps && m <= hi + eps,
                                "moderated {m} outside {lo}..{hi}"
                            );
                            let points = (m - lo) / (hi - lo) * w;
                            assert!(
                                (cell.points - points).abs() <= eps,
                                "points of {key:?}: {} != {points}",
                                cell.points
                            );
                            assert!(cell.points >= -eps && cell.points <= w + eps);
                            if basis == Basis::ProvisionalMean {
                                pending.push(format!("consensus:{}", c.id));
                            }
                            if let Some(min) = c.min_score {
                                if m < min.0 {
                                    reasons.push(format!("min_score:{}", c.id));
                                }
                            }
                        }
                    }
                    let spread = values
                        .iter()
                        .max()
                        .zip(values.iter().min())
                        .map(|(a, b)| a - b);
                    assert_eq!(cell.spread, spread);
                    let flagged = matches!((spread, e.divergence()), (Some(s), Some(d)) if values.len() > 1 && s >= d.0);
                    assert_eq!(cell.flagged, flagged, "divergence flag of {key:?}");
                    quality += cell.points;
                }
                (Detail::Price(cell), Kind::Price) => {
                    let w = eff[c.id.as_str()];
                    assert_eq!(line.effective_weight, Some(w));
                    assert_eq!(cell.lowest, r.lowest_price);
                    assert_eq!(cell.price, bid.price.map(|p| p.0));
                    if let Some(p) = cell.points {
                        assert!(
                            p >= Decimal::ZERO && p <= w + eps,
                            "price points {p} of {w}"
                        );
                        if let (Some(price), Some(lowest)) = (cell.price, cell.lowest) {
                            let share = match cell.method {
                                PriceMethod::LowestOverBid => Some(lowest / price),
                                PriceMethod::LinearToLowest => Some(
                                    (Decimal::ONE - (price - lowest) / lowest).max(Decimal::ZERO),
                                ),
                                PriceMethod::Logarithmic => None,
                            };
                            if let Some(share) = share {
                                assert!(
                                    (p - share * w).abs() <= eps,
                                    "price points {p} != {}",
                                    share * w
                                );
                            }
                            if price == lowest {
                                assert_eq!(p, w, "the lowest price gets the whole weight");
                            }
                        }
                    }
                }
                (Detail::PassFail { passed, .. }, Kind::PassFail) => {
                    assert_eq!(line.effective_weight, None);
                    assert_eq!(*passed, checks.get(&key).copied());
                    match passed {
                        None => pending.push(format!("no_check:{}", c.id)),
                        Some(false) => reasons.push(format!("failed_check:{}", c.id)),
                        Some(true) => {}
                    }
                }
                (Detail::Group { points }, Kind::Group) => {
                    assert_eq!(line.effective_weight, Some(eff[c.id.as_str()]));
                    assert!(*points >= -eps && *points <= eff[c.id.as_str()] + eps);
                }
                (d, k) => panic!("criterion {} is {k:?} but its line is {d:?}", c.id),
            }
        }
        // Group lines hold the sum of the lines right below them.
        for (i, l) in b.lines.iter().enumerate() {
            if let Detail::Group { points } = l.detail {
                let sum: Decimal = b.lines[i + 1..]
                    .iter()
                    .take_while(|x| x.depth > l.depth)
                    .filter(|x| x.depth == l.depth + 1)
                    .filter_map(|x| x.points())
                    .sum();
                assert_eq!(points, sum, "group {} points", l.criterion);
            }
        }
        assert!(
            (b.quality_exact - quality).abs() <= eps,
            "quality {} != sum of points {quality}",
            b.quality_exact
        );
        assert!(b.quality_exact >= -eps && b.quality_exact <= r.quality_available + eps);
        assert_eq!(b.quality, round::round(b.quality_exact, places));
        assert_eq!(b.quality.scale(), places);
        match b.quality_percent {
            None => assert!(r.quality_available.is_zero()),
            Some(p) => {
                assert!(r.quality_available > Decimal::ZERO);
                assert!(
                    p >= -eps && p <= Decimal::ONE_HUNDRED + eps,
                    "quality {p} %"
                );
                if let Some(t) = e.quality_threshold {
                    if p < t.0 {
                        reasons.push("quality_threshold".to_string());
                    }
                }
            }
        }
        let codes: Vec<String> = b.reasons.iter().map(Exclusion::code).collect();
        let mut sorted_codes = codes.clone();
        sorted_codes.sort();
        reasons.sort();
        assert_eq!(sorted_codes, reasons, "exclusions of {}", b.bid);
        for x in &b.reasons {
            assert!(!x.to_string().is_empty());
        }
        let mut pend: Vec<String> = b
            .pending
            .iter()
            .map(|p| match p {
                Pending::NoScores { criterion, .. } => format!("no_scores:{criterion}"),
                Pending::AwaitingConsensus { criterion, .. } => format!("consensus:{criterion}"),
                Pending::NoCheck { criterion, .. } => format!("no_check:{criterion}"),
            })
            .collect();
        pend.sort();
        pending.sort();
        assert_eq!(pend, pending, "what {} awaits", b.bid);

        if b.excluded() {
            assert_eq!(b.rank, None);
            assert_eq!(b.total, None);
            assert_eq!(b.total_exact, None);
            assert_eq!(b.price_points, None);
        } else {
            let total_exact = b.total_exact.expect("a bid still in has a total");
            let total = b.total.expect("a bid still in has a total");
            assert_eq!(b.price_points_exact.is_some(), price_node.is_some());
            assert_eq!(
                total_exact,
                b.quality_exact + b.price_points_exact.unwrap_or_default()
            );
            assert_eq!(total, round::round(total_exact, places));
            assert_eq!(total.scale(), places, "total {total} has the wrong places");
            assert!(
                total_exact >= -eps && total_exact <= Decimal::ONE_HUNDRED + eps,
                "total {total_exact} outside 0..100"
            );
            assert!(
                total >= Decimal::ZERO && total <= Decimal::ONE_HUNDRED,
                "total {total} outside 0..100"
            );
            let parts = b.quality + b.price_points.unwrap_or_default();
            assert!(
                (total - parts).abs() <= unit,
                "total {total} is more than one unit from {parts}"
            );
            if let Some(p) = b.price_points {
                assert_eq!(
                    Some(p),
                    b.price_points_exact.map(|x| round::round(x, places))
                );
                assert_eq!(p.scale(), places);
            }
        }
    }

    // The lowest price among the bids still in.
    let lowest = r
        .bids
        .iter()
        .filter(|b| !b.excluded())
        .filter_map(|b| b.price)
        .filter(|p| *p > Decimal::ZERO)
        .min();
    assert_eq!(r.lowest_price, lowest);

    check_ranks(&r.bids);
}

/// Bids still in come first, by rounded total, then rounded quality, then lower price
/// (a bid without a price after those with one); bids still tied share a rank (1, 1, 3).
fn check_ranks(bids: &[BidResult]) {
    let inside = bids.iter().take_while(|b| !b.excluded()).count();
    assert!(
        bids[inside..].iter().all(BidResult::excluded),
        "an excluded bid comes before one still in"
    );
    for i in 0..inside {
        let b = &bids[i];
        let rank = b.rank.expect("a bid still in has a rank");
        if i == 0 {
            assert_eq!(rank, 1, "the first bid is not ranked 1");
            continue;
        }
        let p = &bids[i - 1];
        assert!(p.total >= b.total, "totals out of order");
        if p.total == b.total {
            assert!(
                p.quality >= b.quality,
                "qualities out of order at equal totals"
            );
            if p.quality == b.quality {
                let in_order = match (p.price, b.price) {
                    (Some(x), Some(y)) => x <= y,
                    (None, Some(_)) => false,
                    _ => true,
                };
                assert!(
                    in_order,
                    "prices out of order at equal totals and qualities"
                );
            }
        }
        let tied = (p.total, p.quality, p.price) == (b.total, b.quality, b.price);
        if tied {
            assert_eq!(b.rank, p.rank, "{} is tied with {}", b.bid, p.bid);
        } else {
            assert_eq!(
                rank as usize,
                i + 1,
                "{} is {}th and not tied",
                b.bid,
                i + 1
            );
        }
    }
}

/// The order of bids, scores, consensus scores and checks in a file never matters.
fn check_reordering(e: &Evaluation, r: &Results) {
    let mut m = e.clone();
    m.bids.reverse();
    m.scores.reverse();
    m.consensus.reverse();
    m.checks.reverse();
    assert_eq!(&score(&m), r, "reordering the lists changed the results");
}

/// A result file written for an evaluation reads back as holding, with the same
/// evaluation inside.
fn check_result_file(e: &Evaluation) {
    let text = result_file(e);
    let v = verify(&text).unwrap_or_else(|p| panic!("Bidmark refused its own result file: {p:?}"));
    assert!(
        v.holds(),
        "Bidmark's own result file does not verify: {:?}",
        v.differences
    );
    assert_eq!(&v.evaluation, e, "the result file holds another evaluation");
}

/// Raising one individual score to the top of its scale never lowers that bid's
/// quality, and never its total while it stays in.
fn check_raise(e: &Evaluation, r: &Results, u: &mut Input) {
    if e.scores.is_empty() {
        return;
    }
    let i = u.below(e.scores.len());
    let mut m = e.clone();
    let s = std::rc::Rc::make_mut(&mut m.scores[i]);
    let scale = crate::workflow::scale_of(e, &s.criterion);
    s.score = scale.max;
    let bid = s.bid.clone();
    let after = score(&m);
    let before = r.bids.iter().find(|b| b.bid == bid).expect("the bid");
    let now = after.bids.iter().find(|b| b.bid == bid).expect("the bid");
    assert!(
        now.quality_exact >= before.quality_exact,
        "raising a score lowered quality {} -> {}",
        before.quality_exact,
        now.quality_exact
    );
    if !before.excluded() {
        assert!(
            !now.excluded(),
            "raising a score excluded {bid}: {:?}",
            now.reasons
        );
        assert!(
            now.total_exact >= before.total_exact,
            "raising a score lowered the total {:?} -> {:?}",
            before.total_exact,
            now.total_exact
        );
    }
}

/// Text a user typed that must never become HTML markup, and cells that would run as
/// spreadsheet formulas if they were not neutralised.
const MARK: &str = "<fz";

/// The documents: CSV (every row of the header's width, no cell a formula), the
/// command line's JSON (the results in rank order), the text table, the assessment
/// summaries and, when `heavy`, the award report (with its robustness analysis) and the
/// Excel workbook.
fn check_documents(e: &Evaluation, r: &Results, heavy: bool) {
    let rows = check_csv(&crate::export::csv::results(e, r));
    assert_eq!(rows, r.bids.len() + 1, "one CSV row per bid and a header");
    check_csv(&crate::export::csv::scores(e, r));

    let json: serde_json::Value =
        serde_json::from_str(&crate::report::to_json(r)).expect("the results are JSON");
    let list = json["results"].as_array().expect("a list of results");
    assert_eq!(list.len(), r.bids.len());
    for (row, b) in list.iter().zip(&r.bids) {
        assert_eq!(row["bid"].as_str(), Some(b.bid.as_str()));
        assert_eq!(row["rank"].as_u64(), b.rank.map(u64::from));
        assert_eq!(row["excluded"].as_bool(), Some(b.excluded()));
        assert_eq!(row["total"].is_null(), b.excluded());
    }
    assert!(!crate::report::table(e, r).is_empty());

    let summaries = crate::award::report::all_summaries(e, r);
    assert!(
        !summaries.contains(MARK),
        "a name became markup in the summaries"
    );
    if heavy {
        let digest = crate::award::result::result_digest(e);
        let report = crate::award::report::award_report(e, r, &digest);
        assert!(
            !report.contains(MARK),
            "a name became markup in the award report"
        );
        assert!(report.contains(&digest));
        let book = crate::export::xlsx::workbook(e, r).expect("the workbook is written");
        assert!(book.starts_with(b"PK"), "a workbook is a zip file");
    }
}

/// Reads a CSV export back; returns its number of rows.
fn check_csv(text: &str) -> usize {
    let body = text
        .strip_prefix(crate::export::csv::BOM)
        .expect("a CSV export starts with a byte order mark");
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes());
    let mut rows = 0;
    for record in reader.records() {
        let record = record.expect("every CSV row has the header's width");
        for cell in record.iter() {
            let trimmed = cell.trim_start_matches([' ', '\n']);
            let risky = trimmed.starts_with([
                '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
            ]);
            assert!(
                !risky || cell.starts_with('\'') || crate::model::parse_decimal(cell).is_ok(),
                "a CSV cell can run as a formula: {cell:?}"
            );
        }
        rows += 1;
    }
    rows
}

// ---------------------------------------------------------------------------------------
// Samples opened as the app opens them, once per thread.

thread_local! {
    static SAMPLES: RefCell<Vec<Session>> = const { RefCell::new(Vec::new()) };
}

fn sample_session(i: usize) -> Session {
    SAMPLES.with(|s| {
        let mut s = s.borrow_mut();
        if s.is_empty() {
            *s = crate::samples::SAMPLES
                .iter()
                .map(|sample| {
                    Session::default().apply(Action::OpenSample {
                        slug: sample.slug.to_string(),
                    })
                })
                .collect();
        }
        s[i].clone()
    })
}

fn evaluation_of(s: &Session) -> Evaluation {
    (*s.open.as_ref().expect("an evaluation is open").evaluation).clone()
}

fn stamp() -> Stamp {
    Stamp {
        at: "2026-11-25T00:00:00Z".into(),
        who: "Fuzz Tester".into(),
    }
}

// ---------------------------------------------------------------------------------------
// Valid evaluations from bytes.

/// Reads choices from the fuzzer's bytes; once they run out, every choice is 0.
pub struct Input<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data, pos: 0 }
    }
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }
    fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }
    /// A number from 0 to `n - 1` (0 when `n` is 0), from as many bytes as `n` needs.
    fn below(&mut self, n: usize) -> usize {
        self.upto(n.saturating_sub(1) as u64) as usize
    }
    /// A number from 0 to `max`.
    fn upto(&mut self, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        let mut v: u64 = 0;
        let mut span = max;
        while span > 0 {
            v = (v << 8) | u64::from(self.byte());
            span >>= 8;
        }
        v % (max + 1)
    }
    /// True about once in `n`.
    fn one_in(&mut self, n: u8) -> bool {
        self.byte() % n == 0
    }
}

/// Names people type, including markup, quotes, formula starts and other scripts.
const NAMES: &[&str] = &[
    "Acme Digital Ltd",
    "<fz>Bold</fz> & Co",
    "Quote \"Ltd\" 'plc'",
    "=HYPERLINK(\"http://x\")",
    "+44 Services",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    " =cmd",
    "\u{FF1D}1+1",
    "-5",
    "한국 디지털",
    "Ünïcödé GmbH",
    "x",
    "Line\nbreak",
    "<fz onload=alert(1)>",
];

fn name(u: &mut Input) -> String {
    NAMES[u.below(NAMES.len())].to_string()
}

/// Ids: plain, or with characters that must stay text in HTML attributes.
fn id(u: &mut Input, prefix: &str, i: usize) -> String {
    match u.below(4) {
        0 => format!("{prefix}{i}<fz>"),
        1 => format!("{prefix}{i}\"x'"),
        _ => format!("{prefix}{i}"),
    }
}

/// A scale: a common one, or any ends within ±1,000,000 with up to 2 decimals.
fn scale(u: &mut Input) -> Scale {
    const COMMON: [(i64, i64); 6] = [(0, 3), (0, 5), (1, 10), (-2, 2), (0, 100), (0, 1)];
    let (min, max) = if u.flag() {
        let (a, b) = COMMON[u.below(COMMON.len())];
        (Decimal::from(a), Decimal::from(b))
    } else {
        let places = u.below(3) as u32;
        let limit = 1_000_000i64 * 10i64.pow(places);
        let lo = u.upto(2 * limit as u64 - 1) as i64 - limit;
        let span = 1 + u.upto((limit - lo - 1) as u64) as i64;
        (Decimal::new(lo, places), Decimal::new(lo + span, places))
    };
    let mut labels = BTreeMap::new();
    if u.one_in(4) {
        labels.insert(min.to_string(), name(u));
        labels.insert(max.to_string(), name(u));
    }
    Scale {
        min: Dec(min),
        max: Dec(max),
        labels,
    }
}

/// A value from `lo` to `hi`: often an end, otherwise with up to 6 decimals.
fn value_in(u: &mut Input, lo: Decimal, hi: Decimal) -> Decimal {
    match u.below(8) {
        0 => lo,
        1 => hi,
        _ => {
            let places = u.below(7) as u32;
            let steps = ((hi - lo) * Decimal::from(10i64.pow(places)))
                .trunc()
                .to_u64()
                .unwrap_or(0);
            let k = u.upto(steps);
            (lo + Decimal::new(k as i64, places)).min(hi)
        }
    }
}

/// Weights of `n` siblings that add up to exactly 100, with up to 12 decimals.
fn weights(u: &mut Input, n: usize) -> Vec<Decimal> {
    let places = match u.below(4) {
        0 => 0,
        1 => 2,
        2 => u.below(7) as u32,
        _ => u.below(13) as u32,
    };
    let total = 100 * 10u64.pow(places);
    if u.one_in(4) {
        // Equal shares, the residue on the first.
        let share = total / n as u64;
        let mut w = vec![share; n];
        w[0] += total - share * n as u64;
        return w
            .into_iter()
            .map(|x| Decimal::new(x as i64, places))
            .collect();
    }
    let mut cuts: Vec<u64> = (1..n).map(|_| u.upto(total)).collect();
    cuts.push(0);
    cuts.push(total);
    cuts.sort_unstable();
    cuts.windows(2)
        .map(|w| Decimal::new((w[1] - w[0]) as i64, places))
        .collect()
}

struct Tree {
    next: usize,
    price: bool,
}

fn criteria(u: &mut Input, depth: usize, tree: &mut Tree, scale_above: &Scale) -> Vec<Criterion> {
    let n = 1 + u.below(if depth == 0 { 4 } else { 3 });
    let mut nodes: Vec<Criterion> = Vec::new();
    for _ in 0..n {
        let i = tree.next;
        tree.next += 1;
        let kind = match u.below(10) {
            0 | 1 if depth < 2 => Kind::Group,
            2 => Kind::PassFail,
            3 if !tree.price => Kind::Price,
            _ => Kind::Scored,
        };
        let mut c = Criterion {
            id: id(u, "c", i),
            name: name(u),
            kind,
            weight: None,
            children: None,
            min_score: None,
            scale: None,
            guidance: u.one_in(4).then(|| name(u)),
            method: None,
            log_base: None,
        };
        match kind {
            Kind::Group => {
                if u.one_in(3) {
                    c.scale = Some(scale(u));
                }
                let own = c.scale.clone().unwrap_or_else(|| scale_above.clone());
                c.children = Some(criteria(u, depth + 1, tree, &own));
            }
            Kind::Scored => {
                if u.one_in(3) {
                    c.scale = Some(scale(u));
                }
                if u.one_in(4) {
                    let s = c.scale.as_ref().unwrap_or(scale_above);
                    c.min_score = Some(Dec(value_in(u, s.min.0, s.max.0)));
                }
            }
            Kind::Price => {
                tree.price = true;
                c.method = Some(match u.below(3) {
                    0 => PriceMethod::LowestOverBid,
                    1 => PriceMethod::LinearToLowest,
                    _ => {
                        c.log_base = Some(Dec(
                            Decimal::ONE + Decimal::new(1 + u.upto(98_999) as i64, 3)
                        ));
                        PriceMethod::Logarithmic
                    }
                });
            }
            Kind::PassFail => {}
        }
        nodes.push(c);
    }
    if !nodes.iter().any(Criterion::is_weighted) {
        nodes[0].kind = Kind::Scored;
    }
    let weighted = nodes.iter().filter(|c| c.is_weighted()).count();
    let mut w = weights(u, weighted).into_iter();
    for c in nodes.iter_mut().filter(|c| c.is_weighted()) {
        c.weight = w.next().map(Dec);
    }
    nodes
}

/// A price from 0.000001 to 1,000,000,000,000,000 with up to 6 decimals.
fn price(u: &mut Input) -> Decimal {
    let places = u.below(7) as u32;
    let whole = match u.below(4) {
        0 => u.upto(999),
        1 => u.upto(10_000_000),
        2 if u.one_in(8) => 1_000_000_000_000_000,
        _ => u.upto(999_999_999_999_999),
    };
    let fraction = if whole == 1_000_000_000_000_000 {
        0
    } else {
        u.upto(10u64.pow(places) - 1)
    };
    let units = i128::from(whole) * 10i128.pow(places) + i128::from(fraction);
    Decimal::from_i128_with_scale(units.max(1), places)
}

/// A valid evaluation whose every choice comes from the bytes: a tree up to three
/// levels deep, weights that add up to 100 with up to 12 decimals, scales within
/// ±1,000,000, all three price formulas, every moderation method, thresholds, minimum
/// scores, 0 to 5 bids, 0 to 4 evaluators, scores, consensus and checks with gaps.
pub fn generate(u: &mut Input) -> Evaluation {
    let default_scale = if u.flag() { Some(scale(u)) } else { None };
    let effective_default = default_scale.clone().unwrap_or_default();
    let mut tree = Tree {
        next: 0,
        price: false,
    };
    let criteria = criteria(u, 0, &mut tree, &effective_default);
    let mut e = Evaluation {
        format: FORMAT.to_string(),
        version: VERSION,
        id: u.flag().then(|| "fuzz-evaluation".to_string()),
        title: name(u),
        reference: u.flag().then(|| name(u)),
        currency: u
            .flag()
            .then(|| ["GBP", "EUR", "KRW"][u.below(3)].to_string()),
        scale: default_scale,
        criteria,
        quality_threshold: u
            .one_in(3)
            .then(|| Dec(Decimal::new(u.upto(10_000) as i64, 2))),
        moderation: u.flag().then(|| Moderation {
            method: [
                Method::Mean,
                Method::Median,
                Method::TrimmedMean,
                Method::Consensus,
            ][u.below(4)],
            divergence: u.flag().then(|| Dec(Decimal::new(u.upto(500) as i64, 1))),
        }),
        rounding: u.flag().then(|| Rounding {
            places: u.below(7) as u32,
        }),
        bids: Vec::new(),
        evaluators: Vec::new(),
        scores: Vec::new(),
        consensus: Vec::new(),
        checks: Vec::new(),
        workflow: Default::default(),
        extensions: None,
    };
    let has_price = tree.price;
    let walk: Vec<(String, Kind, Scale)> = {
        let mut out = Vec::new();
        for (_, c) in e.walk() {
            out.push((c.id.clone(), c.kind, crate::workflow::scale_of(&e, &c.id)));
        }
        out
    };
    let mut prices: Vec<Decimal> = Vec::new();
    for i in 0..u.below(6) {
        let price = if has_price || u.flag() {
            // Ties on price are where ranking rules matter.
            Some(if !prices.is_empty() && u.one_in(3) {
                prices[u.below(prices.len())]
            } else {
                price(u)
            })
        } else {
            None
        };
        prices.extend(price);
        let mut answers = BTreeMap::new();
        if u.one_in(3) && !walk.is_empty() {
            answers.insert(walk[u.below(walk.len())].0.clone(), name(u));
        }
        e.bids.push(Bid {
            id: id(u, "b", i),
            supplier: name(u),
            price: price.map(Dec),
            answers,
        });
    }
    for i in 0..u.below(5) {
        e.evaluators.push(Evaluator {
            id: id(u, "e", i),
            name: name(u),
            role: u.one_in(3).then(|| name(u)),
            declaration: None,
        });
    }
    let density = u.byte();
    for b in &e.bids {
        for (c, kind, s) in &walk {
            match kind {
                Kind::Scored => {
                    for ev in &e.evaluators {
                        if u.byte() <= density {
                            e.scores.push(std::rc::Rc::new(Score {
                                evaluator: ev.id.clone(),
                                bid: b.id.clone(),
                                criterion: c.clone(),
                                score: Dec(value_in(u, s.min.0, s.max.0)),
                                note: u.one_in(3).then(|| name(u)),
                            }));
                        }
                    }
                    if u.one_in(4) {
                        e.consensus.push(Consensus {
                            bid: b.id.clone(),
                            criterion: c.clone(),
                            score: Dec(value_in(u, s.min.0, s.max.0)),
                            rationale: name(u),
                        });
                    }
                }
                Kind::PassFail => match u.below(4) {
                    0 => {}
                    1 => e.checks.push(Check {
                        bid: b.id.clone(),
                        criterion: c.clone(),
                        passed: false,
                        note: u.flag().then(|| name(u)),
                    }),
                    _ => e.checks.push(Check {
                        bid: b.id.clone(),
                        criterion: c.clone(),
                        passed: true,
                        note: None,
                    }),
                },
                _ => {}
            }
        }
    }
    if u.one_in(4) {
        e.workflow.audit.push(AuditEntry {
            at: "2026-11-25T00:00:00Z".into(),
            who: name(u),
            what: name(u),
            before: None,
            after: Some(name(u)),
        });
    }
    e
}

// ---------------------------------------------------------------------------------------
// Seeds.

/// Starting inputs for each target, as Bidmark itself writes them: the samples and
/// templates, generated evaluations, bids files of the samples' bids, every panel
/// member's scoresheet, and result files. `(target, name, bytes)`.
pub fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut out: Vec<(&'static str, String, Vec<u8>)> = Vec::new();
    // Pseudo-random byte strings (a fixed linear congruential sequence) for the generator.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut random = |n: usize| -> Vec<u8> {
        (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (state >> 56) as u8
            })
            .collect()
    };
    let generated: Vec<Vec<u8>> = (0..24).map(|i| random(64 + 48 * i)).collect();
    for (i, bytes) in generated.iter().enumerate() {
        out.push(("scoring", format!("random-{i:02}"), bytes.clone()));
        let e = generate(&mut Input::new(bytes));
        if i % 3 == 0 {
            out.push((
                "evaluation",
                format!("generated-{i:02}.json"),
                e.to_json().into_bytes(),
            ));
            out.push((
                "result",
                format!("generated-{i:02}.json"),
                result_file(&e).into_bytes(),
            ));
        }
    }
    for t in crate::templates::TEMPLATES {
        out.push((
            "evaluation",
            format!("template-{}.json", t.slug),
            t.json.as_bytes().to_vec(),
        ));
    }
    for (i, sample) in crate::samples::SAMPLES.iter().enumerate() {
        let slug = sample.slug;
        out.push((
            "evaluation",
            format!("sample-{slug}.json"),
            sample.json.as_bytes().to_vec(),
        ));
        let e = evaluation_of(&sample_session(i));
        out.push((
            "result",
            format!("sample-{slug}.json"),
            result_file(&e).into_bytes(),
        ));
        let bids = |list: Vec<Bid>| {
            let file = crate::model::exchange::BidsFile {
                format: crate::model::exchange::BIDS_FORMAT.to_string(),
                version: VERSION,
                bids: list,
            };
            serde_json::to_vec_pretty(&file).expect("a bids file serialises")
        };
        out.push(("bids", format!("sample-{slug}.json"), bids(e.bids.clone())));
        let mut changed = e.bids.clone();
        if let Some(b) = changed.first_mut() {
            b.price = b.price.map(|p| Dec(p.0 + Decimal::ONE));
            b.supplier.push_str(" (renamed)");
        }
        let mut extra = e.bids.first().cloned().expect("samples have bids");
        extra.id = "new-bid".into();
        changed.push(extra);
        out.push(("bids", format!("changed-{slug}.json"), bids(changed)));
        for ev in &e.evaluators {
            if let Some(sheet) = scoresheet_for(&e, &ev.id, "2026-11-25T00:00:00Z") {
                let bytes = serde_json::to_vec_pretty(&sheet).expect("a scoresheet serialises");
                out.push(("scoresheet", format!("{slug}-{}.json", ev.id), bytes));
            }
        }
    }
    out
}

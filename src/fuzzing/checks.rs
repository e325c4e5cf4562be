//! The promises besides the figures: load errors that say what and where, results that
//! ignore the order of lists, result files that verify, scores that only help when
//! raised, and documents that are complete and safe to open.

use crate::award::result::{result_file, verify};
use crate::model::{Evaluation, LoadError, Problem};
use crate::scoring::{score, Results};

use super::Input;

/// An error says what is wrong, and where when it knows.
pub(super) fn check_load_error(err: &LoadError, text: Option<&str>) {
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
pub(super) fn words(problems: &[Problem]) -> Vec<(String, String)> {
    problems
        .iter()
        .map(|p| (p.path.clone(), p.message.clone()))
        .collect()
}

/// The order of bids, scores, consensus scores and checks in a file never matters.
pub(super) fn check_reordering(e: &Evaluation, r: &Results) {
    let mut m = e.clone();
    m.bids.reverse();
    m.scores.reverse();
    m.consensus.reverse();
    m.checks.reverse();
    assert_eq!(&score(&m), r, "reordering the lists changed the results");
}

/// A result file written for an evaluation reads back as holding, with the same
/// evaluation inside.
pub(super) fn check_result_file(e: &Evaluation) {
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
pub(super) fn check_raise(e: &Evaluation, r: &Results, u: &mut Input) {
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
pub(super) fn check_documents(e: &Evaluation, r: &Results, heavy: bool) {
    let rows = check_csv(&crate::export::csv::results(e, r));
    assert_eq!(rows, r.bids.len() + 1, "one CSV row per bid and a header");
    check_csv(&crate::export::csv::scores(e, r));

    let json: serde_json::Value =
        serde_json::from_str(&crate::standings::to_json(r)).expect("the results are JSON");
    let list = json["results"].as_array().expect("a list of results");
    assert_eq!(list.len(), r.bids.len());
    for (row, b) in list.iter().zip(&r.bids) {
        assert_eq!(row["bid"].as_str(), Some(b.bid.as_str()));
        assert_eq!(row["rank"].as_u64(), b.rank.map(u64::from));
        assert_eq!(row["excluded"].as_bool(), Some(b.excluded()));
        assert_eq!(row["total"].is_null(), b.excluded());
    }
    assert!(!crate::standings::table(e, r).is_empty());

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

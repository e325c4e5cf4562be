//! The tables behind every export, as header and rows of typed cells: the CSV writes
//! each cell as text, the workbook writes figures as numbers. One definition per table
//! keeps the columns of the two formats the same.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::model::{Evaluation, Kind};
use crate::scoring::{BidResult, Detail, Results, Standing};
use crate::standings;
use crate::text;

/// How a workbook shows a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Exactly this many decimals: points, totals, percentages (`82.14`).
    Places(u32),
    /// A whole number: ranks.
    Whole,
    /// A price with thousands separators and this many decimals (`412,500.00`).
    Money(u32),
    /// As it is: scores and weights (`2`, `1.67`, `12.5`).
    Plain,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// A figure as the app writes it (a plain decimal string) and how to show it.
    Figure(String, Shown),
    Empty,
}

impl Cell {
    /// The cell as CSV text (before neutralising).
    pub fn text(&self) -> &str {
        match self {
            Cell::Text(s) | Cell::Figure(s, _) => s,
            Cell::Empty => "",
        }
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt_text(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, text)
}

/// Points, totals and percentages, rounded as the app shows them.
fn points(d: Decimal, places: u32) -> Cell {
    Cell::Figure(text::points(d, places), Shown::Places(places))
}

/// Scores and weights as the app shows them: no trailing zeros, at most 2 decimals.
fn plain(d: Decimal) -> Cell {
    Cell::Figure(text::plain(d), Shown::Plain)
}

/// A score exactly as recorded (`-1.50` stays `-1.50`).
fn recorded(d: Decimal) -> Cell {
    Cell::Figure(d.to_string(), Shown::Plain)
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn yes_no(b: bool) -> Cell {
    text(if b { "Yes" } else { "No" })
}

fn pass_fail(passed: Option<bool>) -> Cell {
    match passed {
        Some(true) => text("Pass"),
        Some(false) => text("Fail"),
        None => text("Not recorded"),
    }
}

/// The leaves that get a column of their own in the results: scored, price and
/// pass/fail criteria, in tree order, with their header.
fn leaf_columns(e: &Evaluation) -> Vec<(String, String)> {
    let weights = crate::scoring::effective_weights(e);
    e.walk()
        .into_iter()
        .map(|(_, c)| c)
        .filter(|c| c.kind != Kind::Group)
        .map(|c| {
            let header = match c.kind {
                Kind::PassFail => format!("{} (pass/fail)", c.name),
                _ => {
                    let w = weights.get(&c.id).copied().unwrap_or_default();
                    format!("{} (points, out of {})", c.name, text::plain(w))
                }
            };
            (c.id.clone(), header)
        })
        .collect()
}

/// The price column's header names the currency when the file gives one.
fn price_header(e: &Evaluation) -> String {
    match &e.currency {
        Some(c) => format!("Bid price ({c})"),
        None => "Bid price".to_string(),
    }
}

/// Decimals of the bid prices as written (`412500.00` → 2), at most 6.
fn price_places(r: &Results) -> u32 {
    r.bids
        .iter()
        .filter_map(|b| b.price)
        .map(|p| p.scale())
        .max()
        .unwrap_or(0)
        .min(6)
}

/// The results table: one row per bid in rank order, excluded bids last.
pub fn summary(e: &Evaluation, r: &Results) -> Table {
    let p = r.places;
    let leaves = leaf_columns(e);
    let mut header = vec![
        "Rank".to_string(),
        "Supplier".to_string(),
        "Bid id".to_string(),
        format!("Quality (out of {})", text::plain(r.quality_available)),
        match r.price_available {
            Some(a) => format!("Price points (out of {})", text::plain(a)),
            None => "Price points (price not scored)".to_string(),
        },
        "Total (out of 100)".to_string(),
        "Quality %".to_string(),
        price_header(e),
        "Status".to_string(),
        "Reasons".to_string(),
        "Pending".to_string(),
    ];
    // Extension: only a file with the abnormally low rule (or an outcome) has the
    // column, so every other export stays as it was.
    let low = e.abnormally_low.is_some() || !e.workflow.investigations.is_empty();
    if low {
        header.push("Abnormally low".to_string());
    }
    header.extend(leaves.iter().map(|(_, h)| h.clone()));
    let money = Shown::Money(price_places(r));
    let rows = r
        .bids
        .iter()
        .map(|b| {
            let mut row = vec![
                b.rank
                    .map_or(Cell::Empty, |n| Cell::Figure(n.to_string(), Shown::Whole)),
                text(b.supplier.as_str()),
                text(b.bid.as_str()),
                points(b.quality, p),
                b.price_points.map_or(Cell::Empty, |d| points(d, p)),
                b.total.map_or(Cell::Empty, |d| points(d, p)),
                b.quality_percent.map_or(Cell::Empty, |d| points(d, p)),
                b.price
                    .map_or(Cell::Empty, |d| Cell::Figure(d.to_string(), money)),
                text(standings::status(b)),
                text(join(b.reasons.iter())),
                text(join(b.pending.iter())),
            ];
            if low {
                row.push(text(low_words(b, e.currency.as_deref())));
            }
            row.extend(leaves.iter().map(|(id, _)| leaf_cell(b, id, p)));
            row
        })
        .collect();
    Table { header, rows }
}

/// A bid's abnormally low flag and outcome in words; empty when it has neither.
fn low_words(b: &BidResult, currency: Option<&str>) -> String {
    let Some(status) = text::low_status(b) else {
        return String::new();
    };
    let mut parts = vec![status];
    if let Some(flag) = &b.abnormally_low {
        parts.push(text::low_working(flag, b.price, currency));
    }
    if let Some(v) = &b.investigation {
        parts.push(text::investigation_words(v));
    }
    parts.join("; ")
}

fn join<T: ToString>(items: impl Iterator<Item = T>) -> String {
    items.map(|i| i.to_string()).collect::<Vec<_>>().join("; ")
}

fn leaf_cell(b: &BidResult, criterion: &str, places: u32) -> Cell {
    match b.line(criterion).map(|l| &l.detail) {
        Some(Detail::Scored(c)) => points(c.points, places),
        Some(Detail::Price(c) | Detail::Measured(c)) => {
            c.points.map_or(Cell::Empty, |d| points(d, places))
        }
        Some(Detail::PassFail { passed, .. }) => pass_fail(*passed),
        Some(Detail::Group { .. }) | None => Cell::Empty,
    }
}

/// Every individual score, and every pass/fail check as a row scored `Pass` or `Fail`:
/// bids in rank order, criteria in tree order, evaluators in panel order. A score that
/// does not count (its evaluator recused from the bid, or not assigned to the cell) is
/// listed too, after those that count, with why in its basis: it stays on file.
pub fn scores(e: &Evaluation, r: &Results) -> Table {
    let header = [
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
    .map(String::from)
    .to_vec();
    let notes: HashMap<(&str, &str, &str), Option<&str>> = e
        .scores
        .iter()
        .map(|s| {
            (
                (s.bid.as_str(), s.criterion.as_str(), s.evaluator.as_str()),
                s.note.as_deref(),
            )
        })
        .collect();
    let rationales: HashMap<(&str, &str), &str> = e
        .consensus
        .iter()
        .map(|c| ((c.bid.as_str(), c.criterion.as_str()), c.rationale.as_str()))
        .collect();
    let mut rows = Vec::new();
    for b in &r.bids {
        for line in &b.lines {
            match &line.detail {
                Detail::Scored(cell) => {
                    let rationale = rationales
                        .get(&(b.bid.as_str(), line.criterion.as_str()))
                        .copied();
                    let set_aside = cell.set_aside.iter().map(|(evaluator, score, why)| {
                        let why = match why {
                            Standing::Recused => "does not count: recused",
                            _ => "does not count: not assigned",
                        };
                        (evaluator, score, why)
                    });
                    let counted = cell
                        .scores
                        .iter()
                        .map(|(evaluator, score)| (evaluator, score, cell.basis.words()));
                    for (evaluator, score, basis) in counted.chain(set_aside) {
                        let note = notes
                            .get(&(b.bid.as_str(), line.criterion.as_str(), evaluator.as_str()))
                            .copied()
                            .flatten();
                        rows.push(vec![
                            text(b.bid.as_str()),
                            text(b.supplier.as_str()),
                            text(line.criterion.as_str()),
                            text(line.name.as_str()),
                            text(evaluator.as_str()),
                            opt_text(e.evaluator(evaluator).map(|v| v.name.as_str())),
                            recorded(*score),
                            opt_text(note),
                            cell.consensus.map_or(Cell::Empty, recorded),
                            opt_text(rationale),
                            cell.moderated.map_or(Cell::Empty, plain),
                            text(basis),
                        ]);
                    }
                }
                Detail::PassFail {
                    passed: Some(passed),
                    note,
                } => rows.push(vec![
                    text(b.bid.as_str()),
                    text(b.supplier.as_str()),
                    text(line.criterion.as_str()),
                    text(line.name.as_str()),
                    Cell::Empty,
                    Cell::Empty,
                    pass_fail(Some(*passed)),
                    opt_text(note.as_deref()),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    text("pass/fail check"),
                ]),
                _ => {}
            }
        }
    }
    Table { header, rows }
}

/// One row per bid and scored criterion: the panel's scores side by side, and what
/// moderation made of them.
pub fn moderated(e: &Evaluation, r: &Results) -> Table {
    let mut header = [
        "Bid id",
        "Supplier",
        "Criterion id",
        "Criterion",
        "Effective weight",
    ]
    .map(String::from)
    .to_vec();
    header.extend(e.evaluators.iter().map(|v| v.name.clone()));
    header.extend(
        [
            "Consensus score",
            "Moderated score",
            "Basis",
            "Points",
            "Spread",
            "Flagged for discussion",
        ]
        .map(String::from),
    );
    let mut rows = Vec::new();
    for b in &r.bids {
        for line in &b.lines {
            let Detail::Scored(cell) = &line.detail else {
                continue;
            };
            let mut row = vec![
                text(b.bid.as_str()),
                text(b.supplier.as_str()),
                text(line.criterion.as_str()),
                text(line.name.as_str()),
                line.effective_weight.map_or(Cell::Empty, plain),
            ];
            row.extend(e.evaluators.iter().map(|v| {
                cell.scores
                    .iter()
                    .find(|(id, _)| *id == v.id)
                    .map_or(Cell::Empty, |(_, s)| recorded(*s))
            }));
            row.extend([
                cell.consensus.map_or(Cell::Empty, recorded),
                cell.moderated.map_or(Cell::Empty, plain),
                text(cell.basis.words()),
                points(cell.points, r.places),
                cell.spread.map_or(Cell::Empty, plain),
                yes_no(cell.flagged),
            ]);
            rows.push(row);
        }
    }
    Table { header, rows }
}

/// The audit log, oldest first, as recorded.
pub fn audit(e: &Evaluation) -> Table {
    let header = ["When", "Timestamp (UTC)", "Who", "What", "Before", "After"]
        .map(String::from)
        .to_vec();
    let rows = e
        .workflow
        .audit
        .iter()
        .map(|a| {
            vec![
                text(text::when(&a.at)),
                text(a.at.as_str()),
                text(a.who.as_str()),
                text(a.what.as_str()),
                opt_text(a.before.as_deref()),
                opt_text(a.after.as_deref()),
            ]
        })
        .collect();
    Table { header, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(slug: &str) -> (Evaluation, Results) {
        let e = crate::load_str(crate::samples::find(slug).unwrap().json).unwrap();
        let r = crate::score(&e);
        (e, r)
    }

    #[test]
    fn every_row_is_as_wide_as_its_header() {
        for s in crate::samples::SAMPLES {
            let (e, r) = sample(s.slug);
            for t in [
                summary(&e, &r),
                scores(&e, &r),
                moderated(&e, &r),
                audit(&e),
            ] {
                for row in &t.rows {
                    assert_eq!(row.len(), t.header.len(), "{}", s.slug);
                }
            }
        }
    }

    #[test]
    fn the_summary_reads_like_the_app() {
        let (e, r) = sample("dos-outcomes");
        let t = summary(&e, &r);
        assert_eq!(t.header[3], "Quality (out of 70)");
        assert_eq!(t.header[4], "Price points (out of 30)");
        assert_eq!(t.header[7], "Bid price (GBP)");
        assert_eq!(
            t.header[11],
            "Demonstrable experience of user-centred design for complex casework services (points, out of 12)"
        );
        let first = &t.rows[0];
        assert_eq!(first[0], Cell::Figure("1".into(), Shown::Whole));
        assert_eq!(first[1].text(), "Kestrel & Moss Ltd");
        assert_eq!(first[5], Cell::Figure("82.14".into(), Shown::Places(2)));
        let last = t.rows.last().unwrap();
        assert_eq!(last[0], Cell::Empty);
        assert_eq!(last[5], Cell::Empty);
        assert_eq!(last[8].text(), "Excluded");
        assert!(last[9].text().contains("is below the minimum of 2"));
    }

    #[test]
    fn checks_are_scores_of_pass_or_fail() {
        let (e, r) = sample("gcloud-call-off");
        let t = scores(&e, &r);
        assert_eq!(t.rows.len(), e.scores.len() + e.checks.len());
        assert!(t.rows.iter().any(|row| row[6].text() == "Pass"));
        let check = t
            .rows
            .iter()
            .find(|row| row[11].text() == "pass/fail check");
        assert!(check.is_some());
    }
}

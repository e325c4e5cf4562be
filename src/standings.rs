//! Results as people and programs read them: the command line's JSON contract
//! (FORMAT.md, "Command-line contract") and a plain-text ranked table.

use rust_decimal::Decimal;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::model::Evaluation;
use crate::scoring::lots::Lotted;
use crate::scoring::{round, BidResult, Results};

/// One row of `bidmark score FILE --json`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ResultRow {
    /// The bid's lot (extension): only for an evaluation with lots.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    pub bid: String,
    pub supplier: String,
    pub rank: Option<u32>,
    pub total: Option<String>,
    pub quality: String,
    pub price: Option<String>,
    pub excluded: bool,
    pub provisional: bool,
    pub reasons: Vec<String>,
    /// What the bid is ranked on (extension), rounded as totals are, when the
    /// evaluation ranks by something other than weighted points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranked_on: Option<String>,
    /// The abnormally low flag and the recorded outcome (extension): only for a bid
    /// the rule flags or whose price was investigated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abnormally_low: Option<serde_json::Value>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ResultsJson {
    pub results: Vec<ResultRow>,
    /// Who is awarded each lot (extension): only for an evaluation with lots.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awards: Option<Vec<serde_json::Value>>,
}

pub fn rows(results: &Results) -> ResultsJson {
    let p = results.places;
    let f = |d: Decimal| round::fmt(d, p);
    ResultsJson {
        results: results
            .bids
            .iter()
            .map(|b| ResultRow {
                lot: None,
                bid: b.bid.clone(),
                supplier: b.supplier.clone(),
                rank: b.rank,
                total: b.total.map(f),
                quality: f(b.quality),
                price: b.price_points.map(f),
                excluded: b.excluded(),
                provisional: b.provisional(),
                reasons: b.reasons.iter().map(ToString::to_string).collect(),
                ranked_on: b.ranked_on.map(|v| round::fmt(v, p)),
                abnormally_low: crate::award::result::low_json(b, None),
            })
            .collect(),
        awards: None,
    }
}

/// The contract's rows of every lot, each with its `lot`, lot after lot, and the awards;
/// for an evaluation without lots, exactly [`rows`].
pub fn lotted_rows(l: &Lotted) -> ResultsJson {
    let mut out = ResultsJson {
        results: Vec::new(),
        awards: None,
    };
    for lot in &l.lots {
        let mut r = rows(&lot.results);
        for row in &mut r.results {
            row.lot = lot.lot.as_ref().map(|(id, _)| id.clone());
        }
        out.results.extend(r.results);
    }
    if l.lots.iter().any(|x| x.lot.is_some()) {
        out.awards = Some(crate::award::result::awards_json(l));
    }
    out
}

/// [`to_json`] of every lot.
pub fn lotted_to_json(l: &Lotted) -> String {
    let mut s = serde_json::to_string_pretty(&lotted_rows(l)).expect("results always serialise");
    s.push('\n');
    s
}

/// [`table`] of every lot, each under its name, then who is awarded what.
pub fn lotted_table(e: &Evaluation, l: &Lotted) -> String {
    if !e.has_lots() {
        return table(e, &l.lots[0].results);
    }
    let mut out = String::new();
    for (i, lot) in l.lots.iter().enumerate() {
        let (id, name) = lot.lot.clone().unwrap_or_default();
        let view = crate::model::lots::view(e, i).evaluation;
        let t = table(&view, &lot.results);
        if i > 0 {
            out.push('\n');
        }
        // The title once; each lot under its own heading.
        let body = if i == 0 {
            let (title, rest) = t.split_once('\n').unwrap_or((&t, ""));
            out.push_str(title);
            out.push_str("\n\n");
            rest.to_string()
        } else {
            t.split_once('\n')
                .map_or(String::new(), |(_, r)| r.to_string())
        };
        let heading = format!("{name} ({id})");
        out.push_str(&heading);
        out.push('\n');
        out.push_str(&"=".repeat(heading.width()));
        out.push('\n');
        out.push_str(&body);
    }
    out.push_str("\nAwards");
    if let Some(n) = l.limit {
        out.push_str(&format!(
            " (a supplier may be awarded at most {n} lot{})",
            if n == 1 { "" } else { "s" }
        ));
    }
    out.push_str(":\n");
    for a in &l.awards {
        out.push_str(&format!("- {}\n", a.explain(l.limit)));
    }
    out
}

/// The contract's JSON, pretty-printed with a trailing newline.
pub fn to_json(results: &Results) -> String {
    let mut s = serde_json::to_string_pretty(&rows(results)).expect("results always serialise");
    s.push('\n');
    s
}

/// Status words for a bid, as the app and the table show them.
pub fn status(b: &BidResult) -> &'static str {
    match (b.excluded(), b.provisional()) {
        (true, true) => "Excluded (provisional)",
        (true, false) => "Excluded",
        (false, true) => "Provisional",
        (false, false) => "Final",
    }
}

/// A ranked table for a terminal, followed by exclusions and what is pending.
pub fn table(e: &Evaluation, results: &Results) -> String {
    let p = results.places;
    let f = |d: Option<Decimal>| d.map_or("—".to_string(), |d| round::fmt(d, p));
    let mut rows: Vec<[String; 6]> = vec![[
        "Rank".into(),
        "Supplier".into(),
        "Quality".into(),
        "Price".into(),
        "Total".into(),
        "Status".into(),
    ]];
    for b in &results.bids {
        rows.push([
            b.rank.map_or("—".to_string(), |r| r.to_string()),
            b.supplier.clone(),
            f(Some(b.quality)),
            f(b.price_points),
            f(b.total),
            status(b).to_string(),
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    out.push_str(&e.title);
    if let Some(r) = &e.reference {
        out.push_str(&format!(" ({r})"));
    }
    out.push('\n');
    let available = |d: Decimal| round::fmt(d, p);
    out.push_str(&format!(
        "Quality out of {}, price out of {}, total out of 100. Moderation: {}.\n\n",
        available(results.quality_available),
        available(results.price_available.unwrap_or_default()),
        method_words(results.method)
    ));
    for (i, r) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad = widths[c] - cell.width();
            // Supplier and status read left to right; figures line up on the right.
            if c == 1 || c == 5 {
                line.push_str(cell);
                if c != 5 {
                    line.push_str(&" ".repeat(pad));
                }
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
            if c != 5 {
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i == 0 {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 10));
            out.push('\n');
        }
    }
    let notes: Vec<String> = results
        .bids
        .iter()
        .flat_map(|b| {
            b.reasons
                .iter()
                .map(move |r| sentence(format!("{} is excluded: {r}", b.supplier)))
                .chain(
                    b.pending
                        .iter()
                        .map(move |r| sentence(format!("{} is provisional: {r}", b.supplier))),
                )
        })
        .collect();
    if !notes.is_empty() {
        out.push('\n');
        for n in notes {
            out.push_str(&n);
            out.push('\n');
        }
    }
    // Abnormally low prices (extension): why each is flagged, and the outcome.
    let low: Vec<String> = results
        .bids
        .iter()
        .filter_map(|b| {
            let status = crate::text::low_status(b)?;
            let mut line = format!("{}: {status}", b.supplier);
            if let Some(flag) = &b.abnormally_low {
                line.push_str(&format!(
                    ". {}",
                    crate::text::low_working(flag, b.price, e.currency.as_deref())
                ));
            }
            if let Some(v) = &b.investigation {
                line.push_str(&format!(". {}", crate::text::investigation_words(v)));
            }
            Some(sentence(line))
        })
        .collect();
    if !low.is_empty() {
        out.push_str("\nAbnormally low prices (flagged for investigation, never excluded without the supplier's explanation):\n");
        for l in low {
            out.push_str(&l);
            out.push('\n');
        }
    }
    // Ranked on something other than points (extension): the quantity of each bid.
    if let Some(k) = &e.ranking {
        out.push_str(&format!(
            "\nRanked on {}:\n",
            crate::text::ranking_words(k.method)
        ));
        for b in &results.bids {
            if let Some(w) = crate::text::ranking_working(k, b, p, e.currency.as_deref()) {
                out.push_str(&format!("{}: {w}.\n", b.supplier));
            }
        }
    }
    out
}

/// Ends a sentence with a full stop unless it already ends with punctuation.
fn sentence(mut s: String) -> String {
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}

pub fn method_words(m: crate::model::Method) -> &'static str {
    match m {
        crate::model::Method::Consensus => "consensus score agreed by the panel",
        crate::model::Method::Mean => "mean of the evaluators' scores",
        crate::model::Method::Median => "median of the evaluators' scores",
        crate::model::Method::TrimmedMean => {
            "mean of the evaluators' scores after dropping the highest and the lowest"
        }
    }
}

//! Files that travel between people without a server: an evaluator's scoresheet
//! (`bidmark/scoresheet`) and a list of bids (`bidmark/bids`).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::decimal::Dec;
use super::load::{check_format, json_numbers, parse_json, parse_typed, text_of, with_lines};
use super::problem::{LoadError, Problem};
use super::types::{Bid, Evaluation, Evaluator};

pub const SCORESHEET_FORMAT: &str = "bidmark/scoresheet";
pub const BIDS_FORMAT: &str = "bidmark/bids";

/// One evaluator's independent scores, exported for the moderator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoresheet {
    pub format: String,
    pub version: u32,
    /// The evaluation's id: a sheet only goes back where it came from.
    pub evaluation: String,
    /// Title of that evaluation, to say which one in a refusal.
    #[serde(default)]
    pub evaluation_title: String,
    /// SHA-256 of the criteria it was scored against ([`criteria_digest`]).
    pub criteria_digest: String,
    pub evaluator: Evaluator,
    /// Whether the evaluator marked the sheet complete.
    #[serde(default)]
    pub complete: bool,
    /// When it was exported (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_at: Option<String>,
    /// Extension: the lot scored, in an evaluation with lots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    /// Extension: scored blind: each score's `bid` is the bid's code in its lot ("A").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub blind: bool,
    /// Extension, when blind: SHA-256 of what each code on the sheet stood for
    /// ([`codes_digest`]), so that a sheet whose codes now stand for other bids (a bid
    /// removed or reordered since) is refused rather than put on the wrong bids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codes: Option<String>,
    pub scores: Vec<SheetScore>,
}

/// SHA-256 (hex) of `code=bid id` lines, one per code used, sorted: what a blind
/// sheet's codes stand for, without naming any bid.
pub fn codes_digest<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut lines: Vec<String> = pairs.map(|(c, b)| format!("{c}={b}")).collect();
    lines.sort();
    lines.dedup();
    hex(&Sha256::digest(lines.join("\n").as_bytes()))
}

/// A score on a sheet: the evaluator is the sheet's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetScore {
    pub bid: String,
    pub criterion: String,
    pub score: Dec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A list of bids to add to an evaluation, or to update by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BidsFile {
    pub format: String,
    pub version: u32,
    pub bids: Vec<Bid>,
}

/// SHA-256 (hex) of what a score means: the criteria tree and the default scale, in
/// Bidmark's compact JSON. Any change to a weight, scale, kind or id changes it.
pub fn criteria_digest(e: &Evaluation) -> String {
    let canonical = serde_json::json!({ "scale": e.default_scale(), "criteria": e.criteria });
    let bytes = serde_json::to_vec(&canonical).expect("criteria always serialise");
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads a scoresheet's bytes: syntax, format and shape. Whether it fits an evaluation
/// is the workflow's question.
pub fn load_scoresheet(bytes: &[u8]) -> Result<Scoresheet, LoadError> {
    let text = utf8(bytes)?;
    let value = parse_json(text)?;
    check_format(&value, SCORESHEET_FORMAT, "a scoresheet")
        .map_err(|e| with_lines(text, e.problems))?;
    refuse_json_numbers(text, &value)?;
    parse_typed::<Scoresheet>(text, &value)
}

/// Reads a bids file, checking each bid on its own (ids unique, supplier named, price
/// above zero, at most 10^15 and with at most 6 decimal places).
pub fn load_bids(bytes: &[u8]) -> Result<BidsFile, LoadError> {
    let text = utf8(bytes)?;
    let value = parse_json(text)?;
    check_format(&value, BIDS_FORMAT, "a bids").map_err(|e| with_lines(text, e.problems))?;
    refuse_json_numbers(text, &value)?;
    let file: BidsFile = parse_typed(text, &value)?;
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, b) in file.bids.iter().enumerate() {
        let path = format!("bids[{i}]");
        let place = format!(
            "Bid {} ({})",
            i + 1,
            if b.supplier.is_empty() {
                &b.id
            } else {
                &b.supplier
            }
        );
        if b.id.trim().is_empty() {
            problems.push(Problem::new(
                format!("{path}.id"),
                place.clone(),
                "has no id. Give every bid a short unique id.",
            ));
        } else if !seen.insert(b.id.as_str()) {
            problems.push(Problem::new(
                format!("{path}.id"),
                place.clone(),
                format!(
                    "uses the id \"{}\" twice in this file. Bid ids must be unique.",
                    b.id
                ),
            ));
        }
        if b.supplier.trim().is_empty() {
            problems.push(Problem::new(
                format!("{path}.supplier"),
                place.clone(),
                "has no supplier name. Add the name of the supplier who made the bid.",
            ));
        }
        if let Some(why) = b.price.and_then(super::validate::price_problem) {
            problems.push(Problem::new(format!("{path}.price"), place.clone(), why));
        }
    }
    if problems.is_empty() {
        Ok(file)
    } else {
        Err(with_lines(text, problems))
    }
}

/// Every JSON number where a decimal string belongs (a score, a price), all at once.
fn refuse_json_numbers(text: &str, value: &serde_json::Value) -> Result<(), LoadError> {
    let numbers = json_numbers(text, value);
    if numbers.is_empty() {
        Ok(())
    } else {
        Err(with_lines(text, numbers))
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, LoadError> {
    let text = text_of(bytes)?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

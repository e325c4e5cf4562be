//! Reading an evaluation file: bytes to a checked [`Evaluation`], or every problem found.
//!
//! Three passes, each with the best error it can give:
//! 1. text and JSON syntax, with line and column;
//! 2. the shape of the file (types, required and unknown fields), with the field's path;
//! 3. the rules of FORMAT.md ([`super::validate`]), all of them at once.

use serde_json::Value;

use super::problem::{LoadError, Problem};
use super::types::{Evaluation, FORMAT, VERSION};
use super::validate::validate;

/// The largest file Bidmark reads: 32 MB (33,554,432 bytes). A real evaluation of
/// 1,000 bids with 50 criteria and 5 evaluators' justified scores is well under it; a
/// larger file is refused before a byte of it is parsed, so a wrong file (a video, a
/// database dump) cannot exhaust the browser's memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Refuses a file larger than [`MAX_FILE_BYTES`], saying how large it is.
pub fn check_size(len: u64) -> Result<(), LoadError> {
    if len <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(LoadError::one(Problem::file(format!(
        "The file is {} and Bidmark opens files of up to {}. \
         Check that this is the evaluation file; nothing was read from it.",
        megabytes(len),
        megabytes(MAX_FILE_BYTES)
    ))))
}

/// A size in megabytes (of 1,048,576 bytes) for people: "50.0 MB", "32 MB".
pub fn megabytes(len: u64) -> String {
    let tenths = (len * 10).div_ceil(1024 * 1024);
    if tenths % 10 == 0 {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// Reads an evaluation file from raw bytes (as from a file picker or the disk).
pub fn load_bytes(bytes: &[u8]) -> Result<Evaluation, LoadError> {
    check_size(bytes.len() as u64)?;
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let column = at
            - bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        LoadError::one(
            Problem::file(format!(
                "The file is not UTF-8 text (the byte at position {at} is not valid UTF-8). \
                 Save it as UTF-8 JSON and open it again."
            ))
            .at_line(line, column),
        )
    })?;
    load_str(text)
}

/// Reads an evaluation that may still break rules (a draft saved mid-edit): syntax,
/// format and shape must hold; the rule problems come back beside it.
pub fn load_draft(text: &str) -> Result<(Evaluation, Vec<Problem>), LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = parse_json(text)?;
    check_format(&value, FORMAT, "an evaluation")?;
    let numbers = json_numbers(&value);
    if !numbers.is_empty() {
        return Err(with_lines(text, numbers));
    }
    let evaluation: Evaluation = parse_typed(text, &value)?;
    let problems = with_lines(text, validate(&evaluation)).problems;
    Ok((evaluation, problems))
}

/// Reads an evaluation file from text: every rule must hold.
pub fn load_str(text: &str) -> Result<Evaluation, LoadError> {
    let (evaluation, problems) = load_draft(text)?;
    if problems.is_empty() {
        Ok(evaluation)
    } else {
        Err(LoadError { problems })
    }
}

/// Gives each problem the line and column of its field (or of the nearest enclosing
/// value that exists in the text, for a field that is missing).
pub(crate) fn with_lines(text: &str, mut problems: Vec<Problem>) -> LoadError {
    if problems.is_empty() {
        return LoadError { problems };
    }
    let at = super::locate::locate(text);
    for p in problems
        .iter_mut()
        .filter(|p| p.line.is_none() && !p.path.is_empty())
    {
        let mut path = p.path.as_str();
        p.line = loop {
            if let Some(&pos) = at.get(path) {
                break Some(pos);
            }
            match path.rfind(['.', '[']) {
                Some(i) => path = &path[..i],
                None => break None,
            }
        };
    }
    LoadError { problems }
}

/// Pass 1: is it JSON at all? Says where it stops being JSON.
pub(crate) fn parse_json(text: &str) -> Result<Value, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::one(Problem::file(
            "The file is empty. Choose a Bidmark evaluation file (.json).",
        )));
    }
    serde_json::from_str::<Value>(text).map_err(|e| {
        let message = if e.is_eof() {
            "The file ends too soon: it may have been cut off while saving or copying. \
             Open the complete file."
                .to_string()
        } else {
            format!(
                "This is not valid JSON: {}.",
                quote_code(&strip_position(&e))
            )
        };
        LoadError::one(Problem::file(message).at_line(e.line(), e.column()))
    })
}

/// Is this the kind of Bidmark file we expect, in a version we read?
pub(crate) fn check_format(value: &Value, expected: &str, what: &str) -> Result<(), LoadError> {
    let Some(object) = value.as_object() else {
        return Err(LoadError::one(Problem::file(format!(
            "The file holds {} where a Bidmark file holds a JSON object {{ … }}.",
            json_kind(value)
        ))));
    };
    let mut problems = Vec::new();
    match object.get("format") {
        Some(Value::String(f)) if f == expected => {}
        Some(Value::String(f)) if f.starts_with("bidmark/") => problems.push(Problem::new(
            "format",
            "format",
            format!("This is a \"{f}\" file, not {what} file (\"{expected}\")."),
        )),
        Some(other) => problems.push(Problem::new(
            "format",
            "format",
            format!(
                "is {}; {what} file has \"format\": \"{expected}\".",
                short(other)
            ),
        )),
        None => problems.push(Problem::new(
            "format",
            "format",
            format!(
                "This is not a Bidmark file: it has no \"format\" field (expected \"{expected}\")."
            ),
        )),
    }
    match object.get("version") {
        Some(v) if v.as_u64() == Some(VERSION as u64) => {}
        Some(v) if v.is_u64() => problems.push(Problem::new(
            "version",
            "version",
            format!(
                "Version {v} is not supported: this Bidmark reads version {VERSION}. \
                 The file may come from a newer Bidmark."
            ),
        )),
        Some(other) => problems.push(Problem::new(
            "version",
            "version",
            format!("is {}; it must be the number {VERSION}.", short(other)),
        )),
        None => problems.push(Problem::new(
            "version",
            "version",
            format!("is missing; it must be the number {VERSION}."),
        )),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(LoadError { problems })
    }
}

/// Fields whose numbers must be decimal strings, and the objects that hold them.
const DECIMAL_FIELDS: &[&str] = &[
    "weight",
    "min_score",
    "price",
    "score",
    "quality_threshold",
    "divergence",
];

/// Every JSON number where a decimal string belongs, all at once: a file exported by a
/// spreadsheet tends to have dozens, and fixing them one load at a time would be cruel.
fn json_numbers(root: &Value) -> Vec<Problem> {
    fn go(v: &Value, path: &str, in_scale: bool, root: &Value, out: &mut Vec<Problem>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let child_path = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    let decimal = DECIMAL_FIELDS.contains(&k.as_str())
                        || (in_scale && (k == "min" || k == "max"));
                    if let (true, Value::Number(n)) = (decimal, child) {
                        out.push(Problem::new(
                            child_path.clone(),
                            place_of(root, &child_path),
                            format!("is the JSON number {n}; write it as a decimal string, \"{n}\", so that no precision is lost"),
                        ));
                    } else if k != "extensions" {
                        go(child, &child_path, k == "scale", root, out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    go(item, &format!("{path}[{i}]"), false, root, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    go(root, "", false, root, &mut out);
    out
}

/// Pass 2: the typed file. serde stops at the first mismatch; we name its field and line.
pub(crate) fn parse_typed<T: serde::de::DeserializeOwned>(
    text: &str,
    value: &Value,
) -> Result<T, LoadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let inner = e.inner();
        let mut message = strip_position(inner);
        if message.starts_with("unknown field") {
            message.push_str(". Bidmark keeps only the fields of its format; put other data under \"extensions\" at the top level");
        }
        message = plain_words(&quote_code(&message));
        let place = place_of(value, &path);
        LoadError::one(Problem::new(path, place, message).at_line(inner.line(), inner.column()))
    })
}

/// serde_json's messages end in " at line L column C"; we show position separately.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// serde quotes code in backticks; people read quotation marks.
fn quote_code(s: &str) -> String {
    s.replace('`', "\"")
}

/// serde names Rust types ("expected struct Bid"); say what the file should hold instead.
fn plain_words(s: &str) -> String {
    let mut out = s.to_string();
    for (rust, words) in [
        ("struct Evaluation", "an evaluation object { … }"),
        ("struct Bid", "a bid object { \"id\", \"supplier\", … }"),
        (
            "struct Evaluator",
            "an evaluator object { \"id\", \"name\" }",
        ),
        (
            "struct Score",
            "a score object { \"evaluator\", \"bid\", \"criterion\", \"score\" }",
        ),
        (
            "struct Consensus",
            "a consensus object { \"bid\", \"criterion\", \"score\", \"rationale\" }",
        ),
        (
            "struct Check",
            "a check object { \"bid\", \"criterion\", \"passed\" }",
        ),
        (
            "struct Criterion",
            "a criterion object { \"id\", \"name\", \"kind\", … }",
        ),
        ("struct Scale", "a scale object { \"min\", \"max\" }"),
        (
            "struct Moderation",
            "a moderation object { \"method\", \"divergence\" }",
        ),
        ("struct Rounding", "a rounding object { \"places\" }"),
        ("a sequence", "a list [ … ]"),
        ("a map", "an object { … }"),
        ("a boolean", "true or false"),
    ] {
        out = out.replace(rust, words);
    }
    out
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list [ … ]",
        Value::Object(_) => "an object",
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// Turns `criteria[0].children[1].scale.max` into words: the nearest entry by its name,
/// then the fields below it (`Criterion "Proposal" (proposal) › scale › max`).
pub(crate) fn place_of(root: &Value, path: &str) -> String {
    let mut node = root;
    let mut words: Vec<String> = Vec::new();
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        let (name, indexes) = match seg.find('[') {
            Some(i) => (&seg[..i], &seg[i..]),
            None => (seg, ""),
        };
        node = node.get(name).unwrap_or(&Value::Null);
        let indexes: Vec<usize> = indexes
            .split(['[', ']'])
            .filter_map(|s| s.parse::<usize>().ok())
            .collect();
        if indexes.is_empty() {
            words.push(name.to_string());
        }
        for ix in indexes {
            node = node.get(ix).unwrap_or(&Value::Null);
            // The entry says where it is; what led to it is no longer needed.
            words = vec![describe_entry(name, ix, node)];
        }
    }
    if let Some(first) = words.first_mut() {
        if let Some(c) = first.chars().next() {
            if c.is_ascii_lowercase() {
                first.replace_range(..1, &c.to_ascii_uppercase().to_string());
            }
        }
    }
    words.join(" › ")
}

fn describe_entry(list: &str, ix: usize, node: &Value) -> String {
    let s = |k: &str| node.get(k).and_then(Value::as_str);
    match list {
        "criteria" | "children" => match (s("name"), s("id")) {
            (Some(n), Some(id)) => format!("Criterion \"{n}\" ({id})"),
            (Some(n), None) => format!("Criterion \"{n}\""),
            (None, Some(id)) => format!("Criterion {id}"),
            _ => format!("Criterion {}", ix + 1),
        },
        "bids" => match s("supplier").or(s("id")) {
            Some(n) => format!("Bid \"{n}\""),
            None => format!("Bid {}", ix + 1),
        },
        "evaluators" => match s("name").or(s("id")) {
            Some(n) => format!("Evaluator \"{n}\""),
            None => format!("Evaluator {}", ix + 1),
        },
        "scores" => format!("Score {}", ix + 1),
        "consensus" => format!("Consensus score {}", ix + 1),
        "checks" => format!("Check {}", ix + 1),
        other => format!("{other} {}", ix + 1),
    }
}

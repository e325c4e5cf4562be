//! Reading an evaluation file: bytes to a checked [`Evaluation`], or every problem found.
//!
//! Three passes, each with the best error it can give:
//! 1. text and JSON syntax, with line and column;
//! 2. the shape of the file (types, required and unknown fields), with the field's path;
//! 3. the rules of FORMAT.md ([`super::validate`]), all of them at once.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

use super::problem::{LoadError, Problem};
use super::types::{Evaluation, FORMAT, VERSION};
use super::validate::validate;

/// The largest file Bidmark reads: 32 MB (33,554,432 bytes). A real evaluation of
/// 1,000 bids with 50 criteria and 5 evaluators' justified scores is well under it; a
/// larger file is refused before a byte of it is parsed, so a wrong file (a video, a
/// database dump) cannot exhaust the browser's memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The limit in force: [`MAX_FILE_BYTES`] unless the command line was given
/// `--max-size` (a desktop re-checking a very large award has the memory for it; the
/// browser never changes it).
static LIMIT: AtomicU64 = AtomicU64::new(MAX_FILE_BYTES);

/// Raises (or lowers) the size limit for this process.
pub fn set_max_file_bytes(limit: u64) {
    LIMIT.store(limit, Ordering::Relaxed);
}

/// The size limit in force.
pub fn max_file_bytes() -> u64 {
    LIMIT.load(Ordering::Relaxed)
}

/// Refuses a file larger than the limit ([`MAX_FILE_BYTES`]), saying how large it is.
pub fn check_size(len: u64) -> Result<(), LoadError> {
    let limit = max_file_bytes();
    if len <= limit {
        return Ok(());
    }
    Err(LoadError::one(Problem::file(format!(
        "The file is {} and Bidmark opens files of up to {}. \
         Check that this is the evaluation file; nothing was read from it.",
        megabytes(len),
        megabytes(limit)
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
    load_str(text_of(bytes)?)
}

/// The text of a file, or why it is not one Bidmark can read: too large, not text at
/// all (an image, a spreadsheet), UTF-16, or bytes that are not UTF-8 (with the line
/// and column of the first). Every reader of files (evaluations, bids, scoresheets)
/// starts here.
pub(crate) fn text_of(bytes: &[u8]) -> Result<&str, LoadError> {
    check_size(bytes.len() as u64)?;
    if let Some(order) = utf16(bytes) {
        return Err(LoadError::one(
            Problem::file(format!(
                "The file is saved as UTF-16 text ({order}), and Bidmark reads UTF-8. \
                 Save it again as UTF-8 (in most editors: Save As, then Encoding: UTF-8) \
                 and open it again."
            ))
            .at_line(1, 1),
        ));
    }
    if let Some(what) = binary_kind(bytes) {
        return Err(LoadError::one(Problem::file(format!(
            "This is not a text file: it looks like {what}. \
             Choose the Bidmark file (.json) and open it again."
        ))));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let start = bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        // Columns count characters, as everywhere else; the bytes before are valid UTF-8.
        let column = String::from_utf8_lossy(&bytes[start..at]).chars().count() + 1;
        LoadError::one(
            Problem::file(format!(
                "The file is not UTF-8 text (the byte at position {at} is not valid UTF-8). \
                 It may have been saved as Latin-1 or Windows-1252, as some spreadsheets and \
                 older editors do: save it as UTF-8 JSON and open it again."
            ))
            .at_line(line, column),
        )
    })
}

/// "little-endian" or "big-endian" when the bytes are UTF-16 text: a byte order mark,
/// or the zero bytes of ASCII characters written in two bytes each.
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => Some("little-endian"),
        [0xFE, 0xFF, ..] => Some("big-endian"),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some("little-endian"),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some("big-endian"),
        _ => None,
    }
}

/// What a file that is not text at all seems to be, by its first bytes; or any file
/// with a zero byte near its start, which JSON text never has.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF-", "a PDF document"),
        (
            b"PK\x03\x04",
            "a ZIP archive, such as an Excel workbook (.xlsx) or a Word document (.docx)",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an older Microsoft Office file, such as an Excel workbook (.xls)",
        ),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, what)| what)
        .or_else(|| {
            bytes[..bytes.len().min(8192)]
                .contains(&0)
                .then_some("a binary file (an image, a spreadsheet, an archive or a program)")
        })
}

/// Reads an evaluation that may still break rules (a draft saved mid-edit): syntax,
/// format and shape must hold; the rule problems come back beside it.
pub fn load_draft(text: &str) -> Result<(Evaluation, Vec<Problem>), LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A well-formed file reads straight into its types, in one pass. The passes below
    // give the best words for what is wrong, and run only when something is: they find
    // the same faults (numbers where decimal strings belong, unknown fields and keys
    // given twice fail the typed read too), except duplicate keys deep inside
    // `extensions`, which the whole text is searched for when there are extensions.
    if let Ok(evaluation) = serde_json::from_str::<Evaluation>(text) {
        if evaluation.format == FORMAT
            && evaluation.version == VERSION
            && (evaluation.extensions.is_none() || super::locate::duplicate_keys(text).is_empty())
        {
            let problems = with_lines(text, validate(&evaluation)).problems;
            return Ok((evaluation, problems));
        }
    }
    let value = parse_json(text)?;
    check_format(&value, FORMAT, "an evaluation").map_err(|e| with_lines(text, e.problems))?;
    let numbers = json_numbers(text, &value);
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
                // A missing top-level field: the object that lacks it is the whole file.
                None if !path.is_empty() => path = "",
                None => break None,
            }
        };
    }
    LoadError { problems }
}

/// Pass 1: is it JSON at all? Says where it stops being JSON, and refuses a key given
/// twice in one object (serde_json would silently keep the last).
pub(crate) fn parse_json(text: &str) -> Result<Value, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::one(Problem::file(if text.is_empty() {
            "The file is empty. Choose a Bidmark evaluation file (.json)."
        } else {
            "The file is empty: it holds only spaces or line breaks. \
             Choose a Bidmark evaluation file (.json)."
        })));
    }
    let value = serde_json::from_str::<Value>(text)
        .map_err(|e| LoadError::one(syntax_problem(text, &e)))?;
    let duplicates = super::locate::duplicate_keys(text);
    if !duplicates.is_empty() {
        let problems = duplicates
            .into_iter()
            .map(|d| {
                let ((l1, _), (l2, c2)) = (d.first, d.second);
                let lines = if l1 == l2 {
                    format!("twice on line {l2}")
                } else {
                    format!("twice in the same object, on lines {l1} and {l2}")
                };
                let key = short_text(&d.key);
                Problem::new(
                    d.path.clone(),
                    place_of(&value, &d.path),
                    format!(
                        "\"{key}\" appears {lines}. Keep one and remove the other: \
                         otherwise only the last would count, and the first would be lost \
                         without a word."
                    ),
                )
                .at_line(l2, c2)
            })
            .collect();
        return Err(LoadError { problems });
    }
    Ok(value)
}

/// The problem for a file that is not JSON, in words rather than parser jargon.
fn syntax_problem(text: &str, e: &serde_json::Error) -> Problem {
    let (line, column) = (e.line(), e.column());
    if e.is_eof() {
        return Problem::file(
            "The file ends too soon: it may have been cut off while saving or copying. \
             Open the complete file.",
        )
        .at_line(line, column);
    }
    let raw = strip_position(e);
    let words = match raw.as_str() {
        "recursion limit exceeded" => {
            return Problem::file(
                "Lists or objects are nested too deeply here: more than 127 inside one \
                 another, deeper than Bidmark reads. Check that this is the right file; a \
                 criteria tree needs only a few levels of groups.",
            )
            .at_line(line, column)
        }
        "number out of range" => return number_out_of_range(text, line, column),
        "expected value" => "expected a value here: text in double quotes, a number, true, \
             false, null, a list [ … ] or an object { … }"
            .to_string(),
        "key must be a string" => "expected a field name in double quotes here \
             (JSON has no comments, and takes no single quotes)"
            .to_string(),
        "trailing comma" => {
            "a comma follows the last item of a list or object; remove it".to_string()
        }
        "trailing characters" => "more text follows the end of the JSON document; \
             a file holds exactly one object { … }"
            .to_string(),
        "expected `,` or `}`" => {
            "expected \",\" or \"}\": a comma may be missing between two fields".to_string()
        }
        "expected `,` or `]`" => {
            "expected \",\" or \"]\": a comma may be missing between two items".to_string()
        }
        s if s.starts_with("control character") => "a string holds a line break, tab or \
             other control character; write a line break as \\n and a tab as \\t"
            .to_string(),
        other => quote_code(other),
    };
    Problem::file(format!("This is not valid JSON: {words}.")).at_line(line, column)
}

/// A JSON number too large for any reader (`1e400`): named by its field when it can be.
fn number_out_of_range(text: &str, line: usize, column: usize) -> Problem {
    let number_byte = |b: u8| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E');
    let bytes = text.as_bytes();
    let line_start = if line <= 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .nth(line - 2)
            .map_or(0, |(i, _)| i + 1)
    };
    let mut start = (line_start + column.saturating_sub(1)).min(bytes.len());
    while start > 0 && !bytes.get(start).copied().is_some_and(number_byte) {
        start -= 1;
    }
    while start > 0 && number_byte(bytes[start - 1]) {
        start -= 1;
    }
    let end = start
        + bytes[start..]
            .iter()
            .take_while(|&&b| number_byte(b))
            .count();
    let raw = short_text(&text[start..end]);
    let advice = "Numbers that take part in scoring are written as decimal strings, \
                  such as \"420000.00\".";
    let found = super::locate::locate_offsets(text)
        .into_iter()
        .find(|(_, at)| at.offset == start);
    let (line, column) = found
        .as_ref()
        .map_or((line, column), |(_, at)| (at.line, at.column));
    // The rest of the file is JSON: with the number replaced, it says whose number it is.
    let place = found.as_ref().and_then(|(path, _)| {
        let patched = format!("{}0{}", &text[..start], &text[end..]);
        let value = serde_json::from_str::<Value>(&patched).ok()?;
        Some((path.clone(), place_of(&value, path)))
    });
    match place {
        Some((path, place)) if !place.is_empty() => Problem::new(
            path,
            place,
            format!("is the JSON number {raw}, too large to read. {advice}"),
        ),
        _ => Problem::file(format!(
            "The file holds the JSON number {raw}, too large to read. {advice}"
        )),
    }
    .at_line(line, column)
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
            "Format",
            format!("This is a \"{f}\" file, not {what} file (\"{expected}\")."),
        )),
        Some(other) => problems.push(Problem::new(
            "format",
            "Format",
            format!(
                "is {}; {what} file has \"format\": \"{expected}\".",
                short(other)
            ),
        )),
        None => problems.push(Problem::new(
            "format",
            "Format",
            format!(
                "This is not a Bidmark file: it has no \"format\" field (expected \"{expected}\")."
            ),
        )),
    }
    match object.get("version") {
        Some(v) if v.as_u64() == Some(VERSION as u64) => {}
        Some(v) if v.is_u64() => problems.push(Problem::new(
            "version",
            "Version",
            format!(
                "Version {v} is not supported: this Bidmark reads version {VERSION}. \
                 The file may come from a newer Bidmark."
            ),
        )),
        Some(other) => problems.push(Problem::new(
            "version",
            "Version",
            format!("is {}; it must be the number {VERSION}.", short(other)),
        )),
        None => problems.push(Problem::new(
            "version",
            "Version",
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
    "log_base",
];

/// Every JSON number where a decimal string belongs, all at once: a file exported by a
/// spreadsheet tends to have dozens, and fixing them one load at a time would be cruel.
/// Each is quoted as written (`100000.10`, `1.2e5`), with the decimal string to use.
pub(crate) fn json_numbers(text: &str, root: &Value) -> Vec<Problem> {
    fn go(v: &Value, path: &str, in_scale: bool, out: &mut Vec<(String, String)>) {
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
                        out.push((child_path, n.to_string()));
                    } else if k != "extensions" {
                        go(child, &child_path, k == "scale", out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    go(item, &format!("{path}[{i}]"), false, out);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    go(root, "", false, &mut found);
    if found.is_empty() {
        return Vec::new();
    }
    let at = super::locate::locate_offsets(text);
    found
        .into_iter()
        .map(|(path, shown)| {
            // The number exactly as the file has it: serde_json's f64 would turn
            // 100000.10 into 100000.1 and 1.2e5 into 120000.0.
            let position = at.get(&path);
            let raw = position
                .map(|a| {
                    let rest = &text.as_bytes()[a.offset..];
                    let n = rest
                        .iter()
                        .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                        .count();
                    text[a.offset..a.offset + n].to_string()
                })
                .filter(|r| !r.is_empty())
                .unwrap_or(shown);
            let message = match decimal_for(&raw) {
                Some(d) => format!(
                    "is the JSON number {raw}; write it as a decimal string, \"{d}\", \
                     so that no precision is lost"
                ),
                None => format!(
                    "is the JSON number {}; write it as a decimal string of digits with at \
                     most one decimal point (such as \"33.5\"), so that no precision is lost",
                    short_text(&raw)
                ),
            };
            let place = place_of(root, &path);
            let problem = Problem::new(path, place, message);
            match position {
                Some(a) => problem.at_line(a.line, a.column),
                None => problem,
            }
        })
        .collect()
}

/// The decimal string a JSON number means, when it fits the file's grammar: `60.5` as
/// it is, `1.2e5` as `120000`.
fn decimal_for(raw: &str) -> Option<String> {
    if super::decimal::parse_decimal(raw).is_ok() {
        return Some(raw.to_string());
    }
    let d = rust_decimal::Decimal::from_scientific(raw).ok()?;
    let s = d.normalize().to_string();
    super::decimal::parse_decimal(&s).ok().map(|_| s)
}

/// Pass 2: the typed file. serde stops at the first mismatch; we name its field and the
/// line where that field (or, for a missing field, its object) starts.
pub(crate) fn parse_typed<T: serde::de::DeserializeOwned>(
    text: &str,
    value: &Value,
) -> Result<T, LoadError> {
    serde_json::from_str::<T>(text).map_err(|e| {
        let path = field_of(text, &e);
        let inner = &e;
        let mut message = shorten_quoted(&strip_position(inner));
        if let Some(field) = message
            .strip_prefix("missing field `")
            .and_then(|m| m.strip_suffix('`'))
        {
            message = format!("is missing the field \"{field}\", which is required. Add it.");
        }
        if let Some(words) = invalid_type(&message) {
            message = words;
        }
        if message == "\"\" is empty" {
            message.push_str(": write a decimal number, such as \"30\"");
        }
        if message.ends_with("has more than 28 digits") {
            message.push_str(
                ", and Bidmark holds 28 significant digits exactly. Round it to fewer digits",
            );
        }
        if message.starts_with("unknown field") {
            message.push_str(". Bidmark keeps only the fields of its format; put other data under \"extensions\" at the top level");
        }
        message = plain_words(&quote_code(&message));
        let place = place_of(value, &path);
        if place.is_empty() && message.starts_with("is ") {
            message = format!("The file {message}");
        }
        // serde knows where it stopped reading (after the value, or at the end of the
        // object that lacks a field); the start of the field itself is the better line.
        let problem = Problem::new(path, place, message);
        let located = if problem.path.is_empty() {
            // A top-level field is missing: the object that lacks it is the whole file.
            let at = super::locate::locate(text).get("").copied();
            Problem { line: at, ..problem.clone() }
        } else {
            with_lines(text, vec![problem.clone()]).problems.remove(0)
        };
        LoadError::one(match located.line {
            Some(_) => located,
            None => problem.at_line(inner.line(), inner.column()),
        })
    })
}

/// The path of the field that a typed read refused (`criteria[2].weight`), found from
/// where serde_json stopped reading (`locate::path_at`).
fn field_of(text: &str, e: &serde_json::Error) -> String {
    use super::locate::{offset_of, path_at};
    let mut offset = offset_of(text, e.line(), e.column());
    // A "syntax" error in valid JSON comes from serde_json peeking at the next value
    // (an object or a list where a name of a kind belongs, or a list longer than a
    // struct), and is reported one byte into it.
    if e.is_syntax() {
        offset = offset.saturating_sub(1);
    }
    let spot = path_at(text, offset);
    let message = e.to_string();
    // A list longer than the struct it holds: the struct, not its extra element; an
    // object whose one key should have been a name of a kind: the field, not the key.
    if message.starts_with("trailing") || (spot.key && message.starts_with("unknown variant")) {
        spot.parent
    } else {
        spot.path
    }
}

/// serde's "invalid type: string "yes", expected a boolean" as "is the text "yes"; it
/// must be a boolean" (made plain by [`plain_words`] afterwards).
fn invalid_type(message: &str) -> Option<String> {
    let rest = message.strip_prefix("invalid type: ")?;
    let (found, expected) = rest.split_once(", expected ")?;
    let found = match found {
        "map" => "an object { … }".to_string(),
        "sequence" => "a list [ … ]".to_string(),
        "unit value" | "null" => "null".to_string(),
        f => {
            let unquoted = |s: &str| s.trim_matches(['`', '"']).to_string();
            if let Some(text) = f.strip_prefix("string ") {
                format!("the text {text}")
            } else if let Some(n) = f
                .strip_prefix("integer ")
                .or_else(|| f.strip_prefix("floating point "))
            {
                format!("the number {}", unquoted(n))
            } else if let Some(b) = f.strip_prefix("boolean ") {
                unquoted(b)
            } else {
                f.to_string()
            }
        }
    };
    Some(format!("is {found}; it must be {expected}"))
}

/// A value from the file, quoted in a message: long ones are cut, so that a
/// megabyte-long string in the wrong place does not become a megabyte-long message.
fn short_text(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

/// serde quotes the file's strings whole (`invalid type: string "…"`); cuts the long ones.
fn shorten_quoted(message: &str) -> String {
    let quote = if message.contains('`') { '`' } else { '"' };
    message
        .split(quote)
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 && part.chars().count() > 100 {
                short_text(part)
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(&quote.to_string())
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
            // Field names in words: "quality_threshold" reads as "quality threshold".
            words.push(name.replace('_', " "));
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::locate::locate_offsets;
    use super::*;

    /// The path serde_path_to_error tracks while deserializing, and the one found from
    /// where serde_json stopped, for a file that is JSON but fails the typed read.
    fn both_paths(text: &str) -> Option<(String, String)> {
        paths_for::<Evaluation>(text)
    }

    fn paths_for<T: serde::de::DeserializeOwned>(text: &str) -> Option<(String, String)> {
        serde_json::from_str::<Value>(text).ok()?;
        let mut de = serde_json::Deserializer::from_str(text);
        let tracked = serde_path_to_error::deserialize::<_, T>(&mut de).err()?;
        let tracked = match tracked.path().to_string() {
            p if p == "." => String::new(),
            p => p,
        };
        let e = serde_json::from_str::<T>(text).err()?;
        Some((tracked, field_of(text, &e)))
    }

    /// Every value of a sample replaced by each kind of wrong value, every key renamed
    /// to an unknown one and every field removed: the path found from the position is
    /// the path serde_path_to_error tracks.
    #[test]
    fn the_field_of_a_type_error_is_found_from_its_position() {
        let text = crate::samples::find("dos-outcomes").unwrap().json;
        let mut at: Vec<_> = locate_offsets(text).into_iter().collect();
        at.sort_by_key(|(_, a)| a.offset);
        let mut compared = 0;
        // Lists repeat one shape: their first two items stand for the rest.
        at.retain(|(path, _)| {
            path.split('[')
                .skip(1)
                .all(|ix| ix.starts_with("0]") || ix.starts_with("1]"))
        });
        for (i, (path, a)) in at.iter().enumerate() {
            // The value's text ends where serde_json's own reading of it ends.
            let end = {
                let rest = &text[a.offset..];
                let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
                let _ = stream.next();
                a.offset + stream.byte_offset()
            };
            let wrong: &[&str] = if i % 3 == 0 {
                &[
                    "\"x\"",
                    "null",
                    "{}",
                    "[]",
                    "true",
                    "[\"1\", \"2\"]",
                    "{\"zz\": 1}",
                ]
            } else {
                &["{}", "\"1\"", "[{}]"]
            };
            for w in wrong {
                let mutated = format!("{}{}{}", &text[..a.offset], w, &text[end..]);
                if let Some((tracked, found)) = both_paths(&mutated) {
                    assert_eq!(found, tracked, "{path} := {w}");
                    compared += 1;
                }
            }
            // The key of this value, renamed or removed.
            if let Some(key_start) = text[..a.offset].rfind(['{', ',']).map(|k| k + 1) {
                if !path.ends_with(']') && !path.is_empty() {
                    let key = &text[key_start..a.offset];
                    let renamed = format!(
                        "{}{}{}",
                        &text[..key_start],
                        key.replacen('"', "\"zz_", 1),
                        &text[a.offset..]
                    );
                    if let Some((tracked, found)) = both_paths(&renamed) {
                        assert_eq!(found, tracked, "{path} renamed");
                        compared += 1;
                    }
                    let after = text[end..].trim_start();
                    let removed = match (after.strip_prefix(','), text.as_bytes()[key_start - 1]) {
                        (Some(rest), _) => format!("{}{}", &text[..key_start], rest),
                        (None, b',') => format!("{}{}", &text[..key_start - 1], after),
                        (None, _) => format!("{}{}", &text[..key_start], after),
                    };
                    if let Some((tracked, found)) = both_paths(&removed) {
                        assert_eq!(found, tracked, "{path} removed");
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 300, "only {compared} files compared");
    }

    /// The same for every file of tests/bad that is JSON but not an evaluation.
    #[test]
    fn the_field_of_each_bad_file_is_found_from_its_position() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad");
        let mut compared = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            // The loader refuses a key given twice before the typed read.
            if !super::super::locate::duplicate_keys(&text).is_empty() {
                continue;
            }
            use super::super::exchange::{BidsFile, Scoresheet};
            let paths = if text.contains(super::super::exchange::SCORESHEET_FORMAT) {
                paths_for::<Scoresheet>(&text)
            } else if text.contains(super::super::exchange::BIDS_FORMAT) {
                paths_for::<BidsFile>(&text)
            } else {
                both_paths(&text)
            };
            if let Some((tracked, found)) = paths {
                assert_eq!(found, tracked, "{}", path.display());
                compared += 1;
            }
        }
        assert!(compared > 10, "only {compared} files compared");
    }
}

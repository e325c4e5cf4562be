//! The bad-input corpus: every file in `tests/bad/` must be refused, with the words and
//! the line that `tests/bad/expected.json` gives for it, and without a panic.
//!
//! The manifest is shared with the browser end-to-end suite, which opens each file the
//! way a buyer would (evaluations and results from the start page, bids and scoresheets
//! through their importers) and looks for the same words in the error summary. One
//! entry per file:
//!
//! ```json
//! { "file": "41-duplicate-key-in-bid.json", "kind": "evaluation",
//!   "error": "appears twice", "line": 63, "why": "A bid states two prices; …" }
//! ```
//!
//! An entry with `"generate": "50MB"` has no file in the repository: the test writes one
//! of that many bytes (a valid start of an evaluation, then one huge string) to a
//! temporary directory, so that a 50 MB file never has to be committed.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use bidmark::award::result::verify;
use bidmark::model::exchange::{load_bids, load_scoresheet};
use bidmark::{load_bytes, LoadError};
use serde_json::Value;

const KINDS: [&str; 4] = ["evaluation", "bids", "scoresheet", "result"];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad")
}

/// One entry of `expected.json`.
#[derive(Debug)]
struct Case {
    file: String,
    kind: String,
    error: String,
    line: Option<usize>,
    why: String,
    /// A size such as "50MB": the file is written at test time, not stored.
    generate: Option<String>,
}

fn manifest() -> Vec<Case> {
    let text =
        std::fs::read_to_string(corpus().join("expected.json")).expect("tests/bad/expected.json");
    let entries: Vec<Value> = serde_json::from_str(&text).expect("expected.json is a JSON array");
    entries
        .iter()
        .map(|e| {
            let s = |k: &str| {
                e.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_else(|| panic!("{e}: \"{k}\" must be a string"))
                    .to_string()
            };
            let line = match e.get("line") {
                Some(Value::Null) => None,
                Some(v) => Some(v.as_u64().unwrap_or_else(|| panic!("{e}: line")) as usize),
                None => panic!("{e}: \"line\" is required (a number or null)"),
            };
            Case {
                file: s("file"),
                kind: s("kind"),
                error: s("error"),
                line,
                why: s("why"),
                generate: e.get("generate").map(|_| s("generate")),
            }
        })
        .collect()
}

/// Each message the user is shown, with its line when it has one.
type Told = Vec<(String, Option<usize>)>;

/// What the user is told about a file, or nothing when the file was taken.
fn refusal(kind: &str, bytes: &[u8]) -> Option<Told> {
    let of = |e: LoadError| {
        assert!(!e.problems.is_empty(), "a LoadError is never empty");
        Some(
            e.problems
                .into_iter()
                .map(|p| (p.message, p.line.map(|l| l.0)))
                .collect(),
        )
    };
    match kind {
        "evaluation" => load_bytes(bytes).err().and_then(of),
        "bids" => load_bids(bytes).err().and_then(of),
        "scoresheet" => load_scoresheet(bytes).err().and_then(of),
        // The app opens a result as text; bytes that are not text are opened (and
        // refused) as an evaluation.
        "result" => match std::str::from_utf8(bytes) {
            Err(_) => load_bytes(bytes).err().and_then(of),
            Ok(text) => match verify(text) {
                Err(problems) => {
                    assert!(!problems.is_empty(), "a refusal names its problems");
                    Some(
                        problems
                            .into_iter()
                            .map(|p| (p.message, p.line.map(|l| l.0)))
                            .collect(),
                    )
                }
                Ok(v) if v.holds() => None,
                Ok(v) => Some(v.differences.into_iter().map(|d| (d, None)).collect()),
            },
        },
        other => panic!("unknown kind {other:?}"),
    }
}

/// Loads a file as `kind`, catching a panic: `Err` says it panicked.
fn try_refusal(kind: &str, bytes: &[u8]) -> Result<Option<Told>, String> {
    catch_unwind(AssertUnwindSafe(|| refusal(kind, bytes))).map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// The size a `generate` entry asks for: "50MB" is 50,000,000 bytes.
fn generated_size(spec: &str) -> usize {
    let mb: usize = spec
        .strip_suffix("MB")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("generate must be like \"50MB\", not {spec:?}"));
    mb * 1_000_000
}

/// A file of exactly `size` bytes that starts like an evaluation and then pads with
/// one long string, as a mistaken export or a hostile file might.
fn generated_file(size: usize) -> Vec<u8> {
    let head = "{\n  \"format\": \"bidmark/evaluation\",\n  \"version\": 1,\n  \"title\": \"Padding\",\n  \"criteria\": [],\n  \"extensions\": { \"padding\": \"";
    let tail = "\" }\n}\n";
    let mut bytes = Vec::with_capacity(size);
    bytes.extend_from_slice(head.as_bytes());
    bytes.resize(size - tail.len(), b'x');
    bytes.extend_from_slice(tail.as_bytes());
    assert_eq!(bytes.len(), size);
    bytes
}

#[test]
fn the_manifest_lists_every_file_and_every_file_exists() {
    let cases = manifest();
    assert!(
        cases.len() >= 40,
        "the corpus has {} entries; it needs at least 40",
        cases.len()
    );
    let mut listed = BTreeSet::new();
    for c in &cases {
        assert!(listed.insert(c.file.clone()), "{} is listed twice", c.file);
        let (number, rest) = c.file.split_once('-').unwrap_or_default();
        assert!(
            // Two digits, three once the corpus passed 99.
            (2..=3).contains(&number.len())
                && number.bytes().all(|b| b.is_ascii_digit())
                && !rest.is_empty(),
            "{} should be named like NN-short-description.json (or NNN-)",
            c.file
        );
        assert!(
            KINDS.contains(&c.kind.as_str()),
            "{}: kind {:?}",
            c.file,
            c.kind
        );
        assert!(
            !c.why.trim().is_empty(),
            "{}: say why the file is bad",
            c.file
        );
        assert!(!c.error.trim().is_empty(), "{}: error is empty", c.file);
        // The browser suite looks for these words in the page's text: nothing that HTML
        // would escape or collapse.
        assert!(
            !c.error.contains(['<', '>', '&', '\n', '\t', '\u{a0}']) && !c.error.contains("  "),
            "{}: error {:?} has characters the page may show differently",
            c.file,
            c.error
        );
        let path = corpus().join(&c.file);
        match &c.generate {
            Some(spec) => {
                generated_size(spec);
                assert!(!path.exists(), "{} is generated; do not commit it", c.file);
            }
            None => assert!(path.is_file(), "{} is listed but missing", c.file),
        }
    }
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if name != "expected.json" {
            assert!(
                listed.contains(&name),
                "tests/bad/{name} is not in expected.json"
            );
        }
    }
}

#[test]
fn every_bad_file_is_refused_with_its_words_and_line() {
    let mut failures = Vec::new();
    for c in manifest().iter().filter(|c| c.generate.is_none()) {
        let bytes = std::fs::read(corpus().join(&c.file)).unwrap();
        let problems = match try_refusal(&c.kind, &bytes) {
            Err(panic) => {
                failures.push(format!(
                    "{}: the {} loader PANICKED: {panic}",
                    c.file, c.kind
                ));
                continue;
            }
            Ok(None) => {
                failures.push(format!("{}: ACCEPTED, but {}", c.file, c.why));
                continue;
            }
            Ok(Some(problems)) => problems,
        };
        let with_words: Vec<_> = problems
            .iter()
            .filter(|(m, _)| m.contains(&c.error))
            .collect();
        let found = match c.line {
            None => !with_words.is_empty(),
            Some(line) => with_words.iter().any(|(_, l)| *l == Some(line)),
        };
        if !found {
            let told: Vec<String> = problems
                .iter()
                .map(|(m, l)| match l {
                    Some(l) => format!("    line {l}: {m}"),
                    None => format!("    (no line): {m}"),
                })
                .collect();
            failures.push(format!(
                "{}: expected {:?}{}; the problems were:\n{}",
                c.file,
                c.error,
                c.line.map_or(String::new(), |l| format!(" on line {l}")),
                told.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

/// No file, read by any loader, whole or cut short, makes a loader panic.
#[test]
fn no_loader_panics_on_any_bad_file() {
    let mut failures = Vec::new();
    for c in manifest().iter().filter(|c| c.generate.is_none()) {
        let bytes = std::fs::read(corpus().join(&c.file)).unwrap();
        let cuts = [
            bytes.len(),
            bytes.len() / 3,
            bytes.len() / 2,
            bytes.len() * 2 / 3,
        ];
        for kind in KINDS {
            for cut in cuts {
                if let Err(panic) = try_refusal(kind, &bytes[..cut]) {
                    failures.push(format!(
                        "{} (first {cut} bytes) read as {kind}: PANICKED: {panic}",
                        c.file
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

#[test]
fn a_generated_50_megabyte_file_is_refused_by_its_size() {
    let generated: Vec<Case> = manifest()
        .into_iter()
        .filter(|c| c.generate.is_some())
        .collect();
    assert!(
        generated
            .iter()
            .any(|c| c.generate.as_deref() == Some("50MB")),
        "the manifest needs a generated 50MB case"
    );
    let dir = std::env::temp_dir().join(format!("bidmark-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for c in &generated {
        let size = generated_size(c.generate.as_deref().unwrap());
        let path = dir.join(&c.file);
        std::fs::write(&path, generated_file(size)).unwrap();
        // The app and the command line look at the size before reading anything.
        let len = std::fs::metadata(&path).unwrap().len();
        let err = bidmark::model::check_size(len).expect_err("refused by its size alone");
        assert!(
            err.problems[0].message.contains(&c.error),
            "{:?}",
            err.problems
        );
        assert!(
            err.problems[0].message.contains("up to 32 MB"),
            "{:?}",
            err.problems
        );
        // Every loader refuses it the same way, before parsing a byte of it.
        let bytes = std::fs::read(&path).unwrap();
        for kind in KINDS {
            let problems = try_refusal(kind, &bytes)
                .unwrap_or_else(|p| panic!("{} read as {kind} panicked: {p}", c.file))
                .unwrap_or_else(|| panic!("{} read as {kind} was accepted", c.file));
            assert_eq!(problems.len(), 1, "{kind}: {problems:?}");
            assert!(problems[0].0.contains(&c.error), "{kind}: {problems:?}");
            assert_eq!(problems[0].1, c.line, "{kind}: {problems:?}");
        }
        std::fs::remove_file(&path).unwrap();
    }
    std::fs::remove_dir(&dir).ok();
}

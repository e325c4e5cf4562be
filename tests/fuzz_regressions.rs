//! Every input kept in `fuzz/regressions/<target>/` (a minimised fuzzing corpus and
//! every input that once crashed a fuzz target) runs again through the same checks the
//! fuzzer runs (`bidmark::fuzzing`), on stable Rust, without cargo-fuzz.
//!
//! docs/reliability.md ("Fuzzing") says how the corpus is made and refreshed.

use std::path::Path;

fn run(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{} holds no inputs: the regression corpus is missing",
        dir.display()
    );
    let mut failed = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("a corpus file reads");
        if std::panic::catch_unwind(|| check(&bytes)).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} {target} inputs fail:\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

#[test]
fn evaluation_inputs() {
    run("evaluation", bidmark::fuzzing::evaluation);
}

#[test]
fn bids_inputs() {
    run("bids", bidmark::fuzzing::bids);
}

#[test]
fn scoresheet_inputs() {
    run("scoresheet", bidmark::fuzzing::scoresheet);
}

#[test]
fn result_inputs() {
    run("result", bidmark::fuzzing::result);
}

#[test]
fn scoring_inputs() {
    run("scoring", bidmark::fuzzing::scoring);
}

/// Writes the seed inputs into `fuzz/corpus/<target>/` (the fuzzers' working corpus):
/// `cargo test --test fuzz_regressions -- --ignored write_seed_corpus`, as scripts/fuzz.sh does.
#[test]
#[ignore]
fn write_seed_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (target, name, bytes) in bidmark::fuzzing::seeds() {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir).expect("the corpus directory");
        std::fs::write(dir.join(format!("seed-{name}")), bytes).expect("a seed file");
    }
}

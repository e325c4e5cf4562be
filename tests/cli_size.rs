//! The command line's size limit names the option that raises it, for every subcommand
//! that reads a file (the library's own message, which the app shows too, does not:
//! the app has no such option).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// A file one byte over 1 MB (of 1,048,576 bytes): over `--max-size 1`, within `--max-size 2`.
/// Each test names its own, since tests run at the same time.
fn just_over_one_megabyte(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-size-{name}.json"));
    std::fs::write(&path, just_over_one_megabyte_text()).unwrap();
    path
}

fn just_over_one_megabyte_text() -> String {
    let mut text = String::from("{\"format\": \"bidmark/evaluation\", \"title\": \"");
    text.push_str(&"x".repeat(1024 * 1024 + 1 - text.len() - 2));
    text.push_str("\"}");
    assert_eq!(text.len(), 1024 * 1024 + 1);
    text
}

fn stderr_of(args: &[&str], stdin: Option<&[u8]>) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bidmark"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        // The command may stop reading once it knows the input is too large.
        let _ = input.write_all(stdin.unwrap_or_default());
    }
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn every_subcommand_that_reads_a_file_names_max_size_when_the_file_is_too_large() {
    let file = just_over_one_megabyte("every-subcommand");
    let file = file.to_str().unwrap();
    for sub in ["score", "check", "result", "verify", "report", "summaries"] {
        let err = stderr_of(&["--max-size", "1", sub, file], None);
        assert!(
            err.contains("Bidmark opens files of up to 1 MB"),
            "{sub}: {err}"
        );
        assert!(
            err.contains("Use --max-size 2 (in MB) to open larger files."),
            "{sub}: {err}"
        );
        // The option given, the same file is read (and then refused for what it holds).
        let err = stderr_of(&["--max-size", "2", sub, file], None);
        assert!(!err.contains("--max-size"), "{sub}: {err}");
    }
}

#[test]
fn standard_input_over_the_limit_names_max_size_too() {
    let text = just_over_one_megabyte_text();
    let err = stderr_of(&["--max-size", "1", "score", "-"], Some(text.as_bytes()));
    assert!(err.contains("standard input is larger than 1 MB"), "{err}");
    assert!(
        err.contains("Use --max-size 2 (in MB) to open larger files."),
        "{err}"
    );
}

#[test]
fn the_default_limit_is_32_megabytes_and_the_hint_says_how_to_pass_it() {
    // A sparse file: 40 MB on paper, nothing written, refused before it is read.
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-size-40mb.json");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(40 * 1024 * 1024).unwrap();
    let err = stderr_of(&["score", path.to_str().unwrap()], None);
    assert!(err.contains("The file is 40 MB"), "{err}");
    assert!(err.contains("up to 32 MB"), "{err}");
    assert!(err.contains("Use --max-size 40 (in MB)"), "{err}");
}

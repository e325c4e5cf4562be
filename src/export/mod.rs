//! Results and scores for spreadsheets: CSV ([`csv`]) and Excel workbooks ([`xlsx`]).
//!
//! Both formats are built from the same tables (`table`), so a column means the same in
//! each; every export is a pure function of the evaluation and its results that returns
//! text or bytes, with no I/O, so the command line and the browser share it.
//!
//! Everything a user typed (supplier names, notes, criterion names, the audit log) can
//! reach a spreadsheet, so every text cell goes through [`neutralise`] first.

pub mod csv;
mod table;
pub mod xlsx;
mod zip;

use std::borrow::Cow;

/// Defuses spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single quote,
/// so that Excel, LibreOffice and Google Sheets show it as text instead of running it.
///
/// A plain decimal number (`-1.50`, the grammar of the file: `-?[0-9]+(\.[0-9]+)?`)
/// is left as it is, so that a negative score stays a number; `+1`, `-2+3` or `-1e3`
/// are not plain decimals and are neutralised.
///
/// Beyond OWASP's list, the same characters after leading spaces or line feeds count
/// too (an import that trims spaces would otherwise uncover them), and so do their
/// full-width forms (`＝`, `＋`, `－`, `＠`), which East Asian editions of Excel accept
/// as the start of a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    const TRIGGERS: [char; 10] = [
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ];
    let risky =
        cell.starts_with(TRIGGERS) || cell.trim_start_matches([' ', '\n']).starts_with(TRIGGERS);
    if risky && crate::model::parse_decimal(cell).is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_and_their_disguises_become_text() {
        for (cell, want) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-", "'-"),
            ("-1e3", "'-1e3"),
            ("- 1", "'- 1"),
            ("-.5", "'-.5"),
            (" =1+1", "' =1+1"),
            ("\n\n@x", "'\n\n@x"),
            ("\u{FF1D}1+1", "'\u{FF1D}1+1"),
        ] {
            assert_eq!(neutralise(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn numbers_and_ordinary_text_are_left_alone() {
        for cell in [
            "-1.50",
            "-2",
            "0",
            "82.14",
            "",
            "Kestrel & Moss Ltd",
            "'quoted already",
            "a=b",
            "  Ashdown",
            "Tom - lead",
        ] {
            assert!(
                matches!(neutralise(cell), std::borrow::Cow::Borrowed(c) if c == cell),
                "{cell:?}"
            );
        }
    }
}

//! CSV exports: the ranked results and every individual score.
//!
//! RFC 4180, written here by hand (tests read every export back with the `csv` crate):
//! comma separated, CRLF line ends, a field quoted when it holds a comma, a quote or a
//! line break. The text starts with a UTF-8 byte order mark: Excel opens a CSV without
//! one in the legacy code page of the machine, which garbles `£`, `₩` and any non-Latin
//! supplier name; with it, Excel, LibreOffice, Google Sheets and the `csv` crate all
//! read UTF-8. (A script reading the file should decode it as `utf-8-sig` or strip the
//! mark.)
//!
//! Figures are written as the app shows them (`82.14`, rounded to the evaluation's
//! places); every cell goes through [`neutralise`].

use super::neutralise;
use super::table::{self, Table};
use crate::model::Evaluation;
use crate::scoring::Results;

/// The byte order mark that tells Excel the file is UTF-8.
pub const BOM: char = '\u{FEFF}';

/// The results, one row per bid in rank order (excluded bids last): rank, supplier,
/// bid id, quality, price points, total, quality %, price, status, reasons, what is
/// pending, then each criterion's points (pass/fail criteria: `Pass` or `Fail`).
pub fn results(e: &Evaluation, r: &Results) -> String {
    write(&table::summary(e, r))
}

/// Every individual score with its justification, the consensus and the moderated
/// score of its cell; pass/fail checks are rows scored `Pass` or `Fail`.
pub fn scores(e: &Evaluation, r: &Results) -> String {
    write(&table::scores(e, r))
}

fn write(t: &Table) -> String {
    let mut out = String::new();
    out.push(BOM);
    record(&mut out, t.header.iter().map(|h| neutralise(h)));
    for row in &t.rows {
        record(&mut out, row.iter().map(|c| neutralise(c.text())));
    }
    out
}

/// One record, as the `csv` crate writes it by default (compared in the tests): fields
/// separated by commas; a field quoted, its quotes doubled, when it holds a comma, a
/// quote or a line break; a record of one empty field (or none) written as `""`; CRLF.
/// Written here rather than with the crate: the browser downloads every byte of it.
fn record<'a>(out: &mut String, fields: impl Iterator<Item = std::borrow::Cow<'a, str>>) {
    let start = out.len();
    let mut count = 0;
    for field in fields {
        if count > 0 {
            out.push(',');
        }
        count += 1;
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    if count <= 1 && out.len() == start {
        out.push_str("\"\"");
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(slug: &str) -> (Evaluation, Results) {
        let e = crate::load_str(crate::samples::find(slug).unwrap().json).unwrap();
        let r = crate::score(&e);
        (e, r)
    }

    fn read(csv: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let body = csv.strip_prefix(BOM).expect("starts with a BOM");
        let mut rd = ::csv::Reader::from_reader(body.as_bytes());
        let header = rd.headers().unwrap().iter().map(String::from).collect();
        let rows = rd
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        (header, rows)
    }

    #[test]
    fn results_start_with_a_bom_and_end_lines_with_crlf() {
        let (e, r) = sample("dos-outcomes");
        let csv = results(&e, &r);
        assert!(csv.starts_with("\u{FEFF}Rank,Supplier,Bid id,Quality (out of 70),"));
        assert!(csv.ends_with("\r\n"));
        assert_eq!(csv.matches("\r\n").count(), 6);
    }

    #[test]
    fn results_hold_the_figures_the_app_shows() {
        let (e, r) = sample("dos-outcomes");
        let (header, rows) = read(&results(&e, &r));
        assert_eq!(header.len(), 11 + 9);
        assert_eq!(
            rows[0][..9],
            [
                "1",
                "Kestrel & Moss Ltd",
                "kestrel-moss",
                "61.67",
                "20.47",
                "82.14",
                "88.10",
                "489750.00",
                "Final"
            ]
        );
        let excluded = &rows[4];
        assert_eq!(excluded[0], "");
        assert_eq!(excluded[5], "");
        assert_eq!(excluded[8], "Excluded");
        assert_eq!(excluded[9], r.bids[4].reasons[0].to_string());
        assert!(excluded[9].starts_with("Moderated score 1.67 on \""));
    }

    #[test]
    fn notes_with_commas_quotes_and_line_breaks_survive() {
        let (mut e, _) = sample("dos-outcomes");
        let note = "Good, \"very\" good\r\nsecond line";
        std::rc::Rc::make_mut(&mut e.scores[0]).note = Some(note.to_string());
        let r = crate::score(&e);
        let (_, rows) = read(&scores(&e, &r));
        assert_eq!(rows.len(), 120);
        assert!(rows.iter().any(|row| row[7] == note));
    }

    #[test]
    fn every_cell_is_neutralised_headers_included() {
        let (mut e, _) = sample("dos-outcomes");
        e.bids[0].supplier = "=1+1".into();
        e.criteria[0].name = "@crit".into();
        e.evaluators[0].name = "+evil".into();
        let r = crate::score(&e);
        let csv = results(&e, &r);
        assert!(csv.contains(",'=1+1,"));
        let csv = scores(&e, &r);
        assert!(csv.contains(",'=1+1,"));
        assert!(csv.contains(",'+evil,"));
        // A group's name is no column of its own; a leaf's is.
        e.criteria[2].name = "-price".into();
        let csv = results(&e, &r);
        assert!(csv.contains(",\"'-price (points, out of 30)\"\r\n1,"));
    }

    #[test]
    fn records_are_written_as_the_csv_crate_writes_them() {
        let records: [&[&str]; 7] = [
            &["a", "b", "c"],
            &[
                "comma, inside",
                "quote \" inside",
                "line\nbreak",
                "cr\rhere",
            ],
            &["", "", ""],
            &[""],
            &[],
            &["\"", "'", "tab\there", " spaces "],
            &["서림시", "£1,000", "\"quoted\""],
        ];
        for fields in records {
            let mut w = ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::CRLF)
                .from_writer(Vec::new());
            w.write_record(fields).unwrap();
            let want = String::from_utf8(w.into_inner().unwrap()).unwrap();
            let mut got = String::new();
            record(
                &mut got,
                fields.iter().map(|f| std::borrow::Cow::Borrowed(*f)),
            );
            assert_eq!(got, want, "{fields:?}");
        }
    }
}

//! The Excel workbook: the results, the moderated scores, every individual score and
//! the audit log, one sheet each.
//!
//! Figures are real numbers (rounded as the app shows them, with a matching number
//! format), so a buyer can sort and sum them; text is written as strings, never as
//! formulas, and still goes through [`neutralise`] so that a copy into CSV or another
//! tool stays safe. Each sheet has a bold header row that stays in view, a filter and
//! column widths that fit the content.

use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::neutralise;
use super::table::{self, Cell, Shown, Table};
use crate::model::Evaluation;
use crate::scoring::Results;

/// The sheets, in order.
pub const SHEETS: [&str; 4] = [
    "Summary",
    "Moderated scores",
    "Individual scores",
    "Audit log",
];

/// Most characters Excel keeps in a cell; longer text is cut, and says so.
const MAX_CELL_CHARS: usize = 32_767;
/// Column widths, in characters: headers wrap beyond `HEADER_WIDTH`.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;
const HEADER_WIDTH: usize = 24;

/// The workbook as the bytes of an .xlsx file.
pub fn workbook(e: &Evaluation, r: &Results) -> Result<Vec<u8>, String> {
    build(e, r).map_err(|err| format!("Could not build the Excel workbook: {err}"))
}

fn build(e: &Evaluation, r: &Results) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let mut props = DocProperties::new()
        .set_title(e.title.as_str())
        .set_comment("Exported by Bidmark");
    if let Some(reference) = &e.reference {
        props = props.set_subject(reference.as_str());
    }
    book.set_properties(&props);
    let tables = [
        table::summary(e, r),
        table::moderated(e, r),
        table::scores(e, r),
        table::audit(e),
    ];
    for (name, t) in SHEETS.iter().zip(&tables) {
        let sheet = book.add_worksheet();
        sheet.set_name(*name)?;
        write_table(sheet, t)?;
    }
    book.save_to_buffer()
}

fn write_table(sheet: &mut rust_xlsxwriter::Worksheet, t: &Table) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border_bottom(FormatBorder::Thin);
    for (col, h) in t.header.iter().enumerate() {
        sheet.write_string_with_format(0, col_num(col), cell_text(h), &header)?;
    }
    let mut widths: Vec<usize> = t
        .header
        .iter()
        .map(|h| h.width().min(HEADER_WIDTH))
        .collect();
    for (i, row) in t.rows.iter().enumerate() {
        let at = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (col, cell) in row.iter().enumerate() {
            let c = col_num(col);
            let shown_width = match cell {
                Cell::Empty => 0,
                Cell::Text(s) => {
                    sheet.write_string(at, c, cell_text(s))?;
                    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
                }
                Cell::Figure(s, shown) => match s.parse::<f64>() {
                    Ok(n) => {
                        sheet.write_number_with_format(at, c, n, &number_format(*shown))?;
                        match shown {
                            Shown::Money(_) => crate::text::group_thousands(s).len(),
                            _ => s.len(),
                        }
                    }
                    // Never happens with the figures the tables make; text is still safe.
                    Err(_) => {
                        sheet.write_string(at, c, cell_text(s))?;
                        s.width()
                    }
                },
            };
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(shown_width);
            }
        }
    }
    for (col, w) in widths.iter().enumerate() {
        let w = (*w).clamp(MIN_WIDTH, MAX_WIDTH) + 2;
        sheet.set_column_width(col_num(col), w as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !t.header.is_empty() {
        let last_row = u32::try_from(t.rows.len()).unwrap_or(u32::MAX);
        sheet.autofilter(0, 0, last_row, col_num(t.header.len() - 1))?;
    }
    Ok(())
}

/// Column numbers beyond Excel's 16,384 columns are refused by the writer, with its
/// own error; this only keeps the conversion total.
fn col_num(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

fn number_format(shown: Shown) -> Format {
    let decimals = |n: u32| {
        if n == 0 {
            String::new()
        } else {
            format!(".{}", "0".repeat(n as usize))
        }
    };
    match shown {
        Shown::Places(p) => Format::new().set_num_format(format!("0{}", decimals(p))),
        Shown::Whole => Format::new().set_num_format("0"),
        Shown::Money(p) => Format::new().set_num_format(format!("#,##0{}", decimals(p))),
        Shown::Plain => Format::new(),
    }
}

/// Text for a cell: neutralised, and cut to what Excel holds.
fn cell_text(s: &str) -> String {
    let safe = neutralise(s);
    if safe.chars().count() <= MAX_CELL_CHARS {
        return safe.into_owned();
    }
    const CUT: &str = " [cut: longer than Excel allows]";
    let keep = MAX_CELL_CHARS - CUT.chars().count();
    let mut out: String = safe.chars().take(keep).collect();
    out.push_str(CUT);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats_follow_the_places() {
        assert_eq!(
            number_format(Shown::Places(2)),
            Format::new().set_num_format("0.00")
        );
        assert_eq!(
            number_format(Shown::Places(0)),
            Format::new().set_num_format("0")
        );
        assert_eq!(
            number_format(Shown::Money(2)),
            Format::new().set_num_format("#,##0.00")
        );
        assert_eq!(
            number_format(Shown::Money(0)),
            Format::new().set_num_format("#,##0")
        );
    }

    #[test]
    fn long_text_is_cut_to_what_excel_holds() {
        let long = "é".repeat(40_000);
        let cut = cell_text(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with("longer than Excel allows]"));
        assert_eq!(cell_text("=1+1"), "'=1+1");
        assert_eq!(cell_text("-1.50"), "-1.50");
    }

    #[test]
    fn every_sample_makes_a_workbook() {
        for s in crate::samples::SAMPLES {
            let e = crate::load_str(s.json).unwrap();
            let r = crate::score(&e);
            let bytes = workbook(&e, &r).unwrap();
            // An .xlsx is a zip archive.
            assert_eq!(&bytes[..4], b"PK\x03\x04", "{}", s.slug);
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_workbook_reads_back() {
        use calamine::{Data, Reader, Xlsx};
        let e = crate::load_str(crate::samples::find("dos-outcomes").unwrap().json).unwrap();
        let r = crate::score(&e);
        let bytes = workbook(&e, &r).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), SHEETS.map(String::from).to_vec());
        let summary = book.worksheet_range("Summary").unwrap();
        assert_eq!(summary.get((0, 0)), Some(&Data::String("Rank".into())));
        assert_eq!(summary.get((1, 0)), Some(&Data::Float(1.0)));
        assert_eq!(summary.get((1, 5)), Some(&Data::Float(82.14)));
        assert_eq!(summary.get((1, 7)), Some(&Data::Float(489750.0)));
        let moderated = book.worksheet_range("Moderated scores").unwrap();
        // 5 bids × 8 scored criteria, and the header.
        assert_eq!(moderated.height(), 41);
        assert_eq!(
            moderated.get((0, 5)),
            Some(&Data::String("Priya Raman".into()))
        );
    }
}

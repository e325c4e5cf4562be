//! The Excel workbook: the results, the moderated scores, every individual score and
//! the audit log, one sheet each.
//!
//! Figures are real numbers (rounded as the app shows them, with a matching number
//! format), so a buyer can sort and sum them; text is written as strings, never as
//! formulas, and still goes through [`neutralise`] so that a copy into CSV or another
//! tool stays safe. Each sheet has a bold header row that stays in view, a filter and
//! column widths that fit the content.

use std::fmt::Write as _;

use super::neutralise;
use super::table::{self, Cell, Shown, Table};
use super::zip::Zip;
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
/// Excel's limits: rows and columns of a sheet.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLS: usize = 16_384;
/// Column widths, in characters: headers wrap beyond `HEADER_WIDTH`.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;
const HEADER_WIDTH: usize = 24;

/// The workbook as the bytes of an .xlsx file.
pub fn workbook(e: &Evaluation, r: &Results) -> Result<Vec<u8>, String> {
    build(e, r).map_err(|err| format!("Could not build the Excel workbook: {err}"))
}

// The workbook is written here as Office Open XML (ECMA-376) by hand: the parts it
// needs and nothing more, in a zip of stored entries (`super::zip`). A general writer
// (rust_xlsxwriter with its deflate) made about a fifth of the app's WebAssembly,
// which every visitor downloads whether or not they ever export.

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT_SHEET: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

/// Cell styles (indices into `cellXfs`): 0 is the default, 1 the header, and
/// `FIRST_NUMBER_STYLE + i` the i-th number format of the workbook.
const HEADER_STYLE: usize = 1;
const FIRST_NUMBER_STYLE: usize = 2;

fn build(e: &Evaluation, r: &Results) -> Result<Vec<u8>, String> {
    let tables = [
        table::summary(e, r),
        table::moderated(e, r),
        table::scores(e, r),
        table::audit(e),
    ];
    let mut formats: Vec<String> = Vec::new();
    let mut sheets = Vec::with_capacity(SHEETS.len());
    let mut filters = String::new();
    for (i, (name, t)) in SHEETS.iter().zip(&tables).enumerate() {
        let (xml, filter) =
            sheet_xml(t, i == 0, &mut formats).map_err(|why| format!("the {name} sheet {why}"))?;
        if let Some(range) = filter {
            let _ = write!(
                filters,
                "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{i}\" hidden=\"1\">'{name}'!{range}</definedName>"
            );
        }
        sheets.push(xml);
    }

    let mut zip = Zip::new();
    let mut types = String::from(XML_HEAD);
    types.push_str(
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
    );
    for i in 1..=sheets.len() {
        let _ = write!(
            types,
            "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"{CT_SHEET}\"/>"
        );
    }
    types.push_str("</Types>");
    zip.add("[Content_Types].xml", types.as_bytes())?;

    let root_rels = format!(
        "{XML_HEAD}<Relationships xmlns=\"{PKG_REL_NS}\">\
         <Relationship Id=\"rId1\" Type=\"{REL_NS}/officeDocument\" Target=\"xl/workbook.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{REL_NS}/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    );
    zip.add("_rels/.rels", root_rels.as_bytes())?;
    zip.add("docProps/app.xml", app_xml().as_bytes())?;
    zip.add("docProps/core.xml", core_xml(e).as_bytes())?;

    let mut book = format!(
        "{XML_HEAD}<workbook xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\">\
         <bookViews><workbookView xWindow=\"240\" yWindow=\"15\" windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews><sheets>"
    );
    let mut book_rels = format!("{XML_HEAD}<Relationships xmlns=\"{PKG_REL_NS}\">");
    for (i, name) in SHEETS.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            book,
            "<sheet name=\"{name}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>"
        );
        let _ = write!(
            book_rels,
            "<Relationship Id=\"rId{n}\" Type=\"{REL_NS}/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        );
    }
    book.push_str("</sheets>");
    if !filters.is_empty() {
        let _ = write!(book, "<definedNames>{filters}</definedNames>");
    }
    book.push_str("<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>");
    let _ = write!(
        book_rels,
        "<Relationship Id=\"rId{}\" Type=\"{REL_NS}/styles\" Target=\"styles.xml\"/></Relationships>",
        SHEETS.len() + 1
    );
    zip.add("xl/workbook.xml", book.as_bytes())?;
    zip.add("xl/_rels/workbook.xml.rels", book_rels.as_bytes())?;
    zip.add("xl/styles.xml", styles_xml(&formats).as_bytes())?;
    for (i, xml) in sheets.iter().enumerate() {
        zip.add(&format!("xl/worksheets/sheet{}.xml", i + 1), xml.as_bytes())?;
    }
    zip.finish()
}

/// One sheet's XML, and the range of its filter (`$A$1:$H$41`) if it has one. The
/// number formats it uses are added to `formats`.
fn sheet_xml(
    t: &Table,
    selected: bool,
    formats: &mut Vec<String>,
) -> Result<(String, Option<String>), &'static str> {
    let columns = t
        .rows
        .iter()
        .map(Vec::len)
        .chain([t.header.len()])
        .max()
        .unwrap_or(0);
    if columns > MAX_COLS {
        return Err("has more columns than Excel allows (16,384)");
    }
    if t.rows.len() >= MAX_ROWS {
        return Err("has more rows than Excel allows (1,048,576)");
    }
    let mut widths: Vec<usize> = t
        .header
        .iter()
        .map(|h| width(h).min(HEADER_WIDTH))
        .collect();
    widths.resize(columns, 0);

    let mut data = String::from("<sheetData>");
    if !t.header.is_empty() {
        data.push_str("<row r=\"1\">");
        for (col, h) in t.header.iter().enumerate() {
            text_cell(&mut data, 0, col, HEADER_STYLE, &cell_text(h));
        }
        data.push_str("</row>");
    }
    for (i, row) in t.rows.iter().enumerate() {
        if row.iter().all(|c| matches!(c, Cell::Empty)) {
            continue;
        }
        let _ = write!(data, "<row r=\"{}\">", i + 2);
        for (col, cell) in row.iter().enumerate() {
            let shown_width = match cell {
                Cell::Empty => 0,
                Cell::Text(s) => {
                    text_cell(&mut data, i + 1, col, 0, &cell_text(s));
                    s.lines().map(width).max().unwrap_or(0)
                }
                Cell::Figure(s, shown) if is_decimal(s) => {
                    let style = match number_format(*shown) {
                        None => 0,
                        Some(code) => {
                            let at = formats.iter().position(|f| *f == code).unwrap_or_else(|| {
                                formats.push(code);
                                formats.len() - 1
                            });
                            FIRST_NUMBER_STYLE + at
                        }
                    };
                    cell_start(&mut data, i + 1, col, style);
                    // A plain decimal is already a number as the file format writes it.
                    let _ = write!(data, "><v>{s}</v></c>");
                    match shown {
                        Shown::Money(_) => crate::text::group_thousands(s).len(),
                        _ => s.len(),
                    }
                }
                // Never happens with the figures the tables make; text is still safe.
                Cell::Figure(s, _) => {
                    text_cell(&mut data, i + 1, col, 0, &cell_text(s));
                    width(s)
                }
            };
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(shown_width);
            }
        }
        data.push_str("</row>");
    }
    data.push_str("</sheetData>");

    let last = format!("{}{}", column_name(columns.max(1) - 1), t.rows.len() + 1);
    let mut xml = format!(
        "{XML_HEAD}<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><dimension ref=\"A1:{last}\"/>\
         <sheetViews><sheetView{} workbookViewId=\"0\">\
         <pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>\
         <selection pane=\"bottomLeft\"/></sheetView></sheetViews>\
         <sheetFormatPr defaultRowHeight=\"15\"/>",
        if selected { " tabSelected=\"1\"" } else { "" }
    );
    if !widths.is_empty() {
        xml.push_str("<cols>");
        for (col, w) in widths.iter().enumerate() {
            let w = (*w).clamp(MIN_WIDTH, MAX_WIDTH) + 2;
            let _ = write!(
                xml,
                "<col min=\"{n}\" max=\"{n}\" width=\"{}\" customWidth=\"1\"/>",
                column_width(w),
                n = col + 1
            );
        }
        xml.push_str("</cols>");
    }
    xml.push_str(&data);
    let filter = (!t.header.is_empty()).then(|| {
        let end = column_name(t.header.len() - 1);
        let rows = t.rows.len() + 1;
        let _ = write!(xml, "<autoFilter ref=\"A1:{end}{rows}\"/>");
        format!("$A$1:${end}${rows}")
    });
    xml.push_str(
        "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>",
    );
    Ok((xml, filter))
}

/// `<c r="B7" s="1"` (no style attribute for the default style).
fn cell_start(out: &mut String, row: usize, col: usize, style: usize) {
    let _ = write!(out, "<c r=\"{}{}\"", column_name(col), row + 1);
    if style != 0 {
        let _ = write!(out, " s=\"{style}\"");
    }
}

/// A text cell, as an inline string (no shared-strings part to keep in step).
fn text_cell(out: &mut String, row: usize, col: usize, style: usize, text: &str) {
    cell_start(out, row, col, style);
    out.push_str(" t=\"inlineStr\"><is><t");
    if text.starts_with([' ', '\t', '\n']) || text.ends_with([' ', '\t', '\n']) {
        out.push_str(" xml:space=\"preserve\"");
    }
    out.push('>');
    escape_text(out, text);
    out.push_str("</t></is></c>");
}

/// Escapes text for an element: XML's `&`, `<` and `>`, and as Excel does, the control
/// characters that XML cannot hold (or would turn into a line feed, like a carriage
/// return) as `_xHHHH_`; a literal `_xHHHH_` in the text gets its underscore escaped
/// (`_x005F_`) so that it reads back as written.
fn escape_text(out: &mut String, text: &str) {
    for (i, ch) in text.char_indices() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' => out.push(ch),
            '\0'..='\x1F' => {
                let _ = write!(out, "_x{:04X}_", ch as u32);
            }
            '_' if looks_escaped(&text[i..]) => out.push_str("_x005F_"),
            _ => out.push(ch),
        }
    }
}

/// Whether `s` starts with `_xHHHH_`.
fn looks_escaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[6] == b'_' && b[2..6].iter().all(u8::is_ascii_hexdigit)
}

/// Attribute values: the text escapes and the quote.
fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(ch),
        }
    }
    out
}

/// A plain decimal (`-?[0-9]+(\.[0-9]+)?`), as the tables write every figure.
fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "1"));
    let all = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all(int) && all(frac)
}

/// How many columns `s` takes in a fixed-width font, closely enough to size a column:
/// East Asian wide characters (Hangul, CJK, full-width forms, most emoji) take two,
/// combining marks, zero-width characters and variation selectors none, the rest one.
/// (unicode-width's exact tables cost the browser more download than column widths
/// are worth.)
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0..=0x1F
            | 0x7F..=0x9F
            | 0x300..=0x36F
            | 0x200B..=0x200F
            | 0x20D0..=0x20FF
            | 0xFE00..=0xFE0F
            | 0xFE20..=0xFE2F => 0,
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// `A` for column 0, `Z`, `AA`, ... `XFD` for the last of Excel's columns.
fn column_name(col: usize) -> String {
    let mut n = col + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// A column width of `chars` characters as Excel stores it: in pixels of a 7-pixel
/// digit plus 5 pixels of padding, back in characters to 1/256 (`10.7109375`).
fn column_width(chars: usize) -> String {
    let fixed = (chars * 7 + 5) * 256 / 7;
    let (whole, frac) = (fixed / 256, fixed % 256);
    if frac == 0 {
        return whole.to_string();
    }
    // k/256 has at most 8 decimals: k × 390625 / 10^8.
    let digits = format!("{:08}", frac * 390_625);
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// The number format of a figure, or `None` for the general format.
fn number_format(shown: Shown) -> Option<String> {
    let decimals = |n: u32| {
        if n == 0 {
            String::new()
        } else {
            format!(".{}", "0".repeat(n as usize))
        }
    };
    match shown {
        Shown::Places(p) => Some(format!("0{}", decimals(p))),
        Shown::Whole => Some("0".to_string()),
        Shown::Money(p) => Some(format!("#,##0{}", decimals(p))),
        Shown::Plain => None,
    }
}

/// Excel's built-in number formats among those the tables use; others get ids from 164.
fn builtin_format(code: &str) -> Option<usize> {
    ["0", "0.00", "#,##0", "#,##0.00"]
        .iter()
        .position(|b| *b == code)
        .map(|i| i + 1)
}

fn styles_xml(formats: &[String]) -> String {
    let mut custom = String::new();
    let mut xfs = String::new();
    let mut next_id = 164;
    let mut count = 0;
    for code in formats {
        let id = builtin_format(code).unwrap_or_else(|| {
            let _ = write!(
                custom,
                "<numFmt numFmtId=\"{next_id}\" formatCode=\"{}\"/>",
                escape_attr(code)
            );
            count += 1;
            next_id += 1;
            next_id - 1
        });
        let _ = write!(
            xfs,
            "<xf numFmtId=\"{id}\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        );
    }
    let mut xml = format!("{XML_HEAD}<styleSheet xmlns=\"{MAIN_NS}\">");
    if count > 0 {
        let _ = write!(xml, "<numFmts count=\"{count}\">{custom}</numFmts>");
    }
    let _ = write!(
        xml,
        "<fonts count=\"2\"><font><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font>\
         <font><b/><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font></fonts>\
         <fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
         <borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>\
         <border><left/><right/><top/><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border></borders>\
         <cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
         <cellXfs count=\"{}\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
         <xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyBorder=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>\
         {xfs}</cellXfs>\
         <cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
         <dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\" defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>",
        FIRST_NUMBER_STYLE + formats.len()
    );
    xml
}

fn app_xml() -> String {
    format!(
        "{XML_HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>Bidmark</Application></Properties>"
    )
}

/// The document's properties: its title, subject (the reference), comment and date.
fn core_xml(e: &Evaluation) -> String {
    let mut xml = format!(
        "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>"
    );
    escape_text(&mut xml, &e.title);
    xml.push_str("</dc:title>");
    if let Some(reference) = &e.reference {
        xml.push_str("<dc:subject>");
        escape_text(&mut xml, reference);
        xml.push_str("</dc:subject>");
    }
    xml.push_str("<dc:description>Exported by Bidmark</dc:description>");
    if let Some(now) = now_utc() {
        let _ = write!(
            xml,
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{now}</dcterms:created>\
             <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{now}</dcterms:modified>"
        );
    }
    xml.push_str("</cp:coreProperties>");
    xml
}

/// Now, as `2026-11-25T14:03:09Z`. In the browser from the JavaScript clock
/// (std::time panics on wasm32).
#[cfg(target_arch = "wasm32")]
fn now_utc() -> Option<String> {
    let iso = js_sys::Date::new_0().to_iso_string().as_string()?;
    Some(format!("{}Z", iso.get(..19)?))
}

#[cfg(not(target_arch = "wasm32"))]
fn now_utc() -> Option<String> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    ))
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
        assert_eq!(number_format(Shown::Places(2)).as_deref(), Some("0.00"));
        assert_eq!(number_format(Shown::Places(0)).as_deref(), Some("0"));
        assert_eq!(number_format(Shown::Money(2)).as_deref(), Some("#,##0.00"));
        assert_eq!(number_format(Shown::Money(0)).as_deref(), Some("#,##0"));
        assert_eq!(number_format(Shown::Whole).as_deref(), Some("0"));
        assert_eq!(number_format(Shown::Plain), None);
    }

    #[test]
    fn columns_and_widths_are_written_as_excel_does() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16_383), "XFD");
        // rust_xlsxwriter and Excel: 10 characters are stored as 10.7109375.
        assert_eq!(column_width(10), "10.7109375");
        assert_eq!(column_width(8), "8.7109375");
        assert_eq!(width("Kestrel & Moss Ltd"), 18);
        assert_eq!(width("누리소프트"), 10);
        assert_eq!(width("e\u{301}"), 1);
        assert!(is_decimal("-1.50") && is_decimal("82") && is_decimal("0.5"));
        assert!(!is_decimal("1e3") && !is_decimal("-") && !is_decimal(".5") && !is_decimal("1."));
    }

    #[test]
    fn text_escapes_read_back_as_written() {
        let mut out = String::new();
        escape_text(&mut out, "a<b & \r_x0041_\u{1}\n");
        assert_eq!(out, "a&lt;b &amp; _x000D__x005F_x0041__x0001_\n");
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

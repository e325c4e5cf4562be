//! Just enough HTML writing for documents: every piece of text is escaped, so bid
//! answers, names and notes can never become markup.

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A table: caption, header cells, rows of cells (already HTML). Columns listed in
/// `numeric` are right-aligned.
pub fn table(caption: &str, head: &[&str], rows: &[Vec<String>], numeric: &[usize]) -> String {
    let cls = |i: usize| {
        if numeric.contains(&i) {
            " class=\"num\""
        } else {
            ""
        }
    };
    let mut s = format!("<table><caption>{}</caption><thead><tr>", esc(caption));
    for (i, h) in head.iter().enumerate() {
        s.push_str(&format!("<th scope=\"col\"{}>{}</th>", cls(i), esc(h)));
    }
    s.push_str("</tr></thead><tbody>");
    for row in rows {
        s.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            s.push_str(&format!("<td{}>{}</td>", cls(i), cell));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

/// A standalone document with print-friendly styles, for files saved or printed alone.
pub fn document(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        esc(title),
        STYLE,
        body
    )
}

/// Styles of a standalone document: plain, readable, and whole tables on paper.
const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,'Noto Sans KR',sans-serif;color:#0b0c0c;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45;font-size:16px}\
h1{font-size:2em;margin:.2em 0 .6em}h2{font-size:1.4em;margin:1.8em 0 .6em;break-after:avoid}h3{font-size:1.15em;margin:1.4em 0 .4em;break-after:avoid}\
table{border-collapse:collapse;width:100%;margin:0 0 1.4em;font-size:.92em}caption{text-align:left;font-weight:700;margin-bottom:.4em}\
th,td{border-bottom:1px solid #b1b4b6;padding:.35em .6em .35em 0;text-align:left;vertical-align:top}thead th{border-bottom:2px solid #0b0c0c}\
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tr{break-inside:avoid}\
.caption{color:#505a5f;font-size:1.1em}.tag{font-weight:700;padding:0 .3em;outline:1px solid #0b0c0c}\
.summary-list{margin:0 0 1.4em}.summary-list div{display:grid;grid-template-columns:14em 1fr;border-bottom:1px solid #d8dcdd;padding:.3em 0}.summary-list dt{font-weight:600}.summary-list dd{margin:0}\
.recommendation{border-left:8px solid #00703c;padding:.6em 1em;background:#f3f2f1}.warning{border-left:8px solid #b58800;padding:.6em 1em;background:#fff7bf}\
.digest{font-family:ui-monospace,Consolas,monospace;word-break:break-all;font-size:.85em}.indent-1{padding-left:1.2em}.indent-2{padding-left:2.4em}.indent-3{padding-left:3.6em}\
.page{break-before:page}.page:first-of-type{break-before:auto}\
@media print{body{margin:0;max-width:none;font-size:10.5pt}@page{margin:16mm 14mm;@bottom-right{content:'Page ' counter(page) ' of ' counter(pages);font-size:9pt}}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_never_becomes_markup() {
        assert_eq!(
            esc("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        let t = table("A <b>", &["<th>"], &[vec![esc("<td>")]], &[]);
        assert!(!t.contains("<b>") && !t.contains("<td><td>"));
    }
}

//! A disclosure as a saved web page: doctype, charset, title, paragraphs as
//! `<p>`, tables as `<table border="1">` with `colspan` and `rowspan`, the
//! way the CMS pages offices publish look.
//!
//! White space is written so that a browser shows it as the text export
//! has it: a run of spaces, or a space at either end, uses `&nbsp;` (as
//! Excel's and Word's web pages do); text holding a tab is wrapped in a
//! `white-space: pre` span, since a tab cannot be written otherwise.

use yusuan::read::{Extracted, Item, SourceRow};

/// The page as UTF-8.
pub fn build(doc: &Extracted) -> Vec<u8> {
    page(doc, "utf-8").into_bytes()
}

/// The page as GBK bytes labelled `gb2312`, as older CMS pages are.
pub fn build_gbk(doc: &Extracted) -> Vec<u8> {
    let page = page(doc, "gb2312");
    let (bytes, _, _) = encoding_rs::GBK.encode(&page);
    bytes.into_owned()
}

fn page(doc: &Extracted, charset: &str) -> String {
    let title = doc
        .items
        .iter()
        .find_map(|item| match item {
            Item::Paragraph { text, .. } if !text.trim().is_empty() => Some(text.trim()),
            _ => None,
        })
        .unwrap_or("预算公开");
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n");
    out.push_str(&format!("<meta charset=\"{charset}\">\n"));
    out.push_str(&format!("<title>{}</title>\n", escape(title)));
    out.push_str(
        "<style>\ntable { border-collapse: collapse; }\ntd { padding: 2px 6px; }\n</style>\n",
    );
    out.push_str("</head>\n<body>\n");
    for item in &doc.items {
        match item {
            Item::Paragraph { text, .. } => {
                out.push_str(&format!("<p>{}</p>\n", inline(text)));
            }
            Item::Table { rows } => table(&mut out, rows),
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn table(out: &mut String, rows: &[SourceRow]) {
    out.push_str("<table border=\"1\" cellspacing=\"0\">\n");
    let starts: Vec<Vec<usize>> = rows.iter().map(column_starts).collect();
    for (r, row) in rows.iter().enumerate() {
        out.push_str("<tr>");
        for (c, cell) in row.cells.iter().enumerate() {
            if cell.continues_above && continues_a_cell(rows, &starts, r, c) {
                // Expressed by the rowspan of the cell it continues.
                continue;
            }
            let mut rowspan = 1;
            while continues(rows, &starts, r + rowspan, starts[r][c], cell.span) {
                rowspan += 1;
            }
            out.push_str("<td");
            if cell.span > 1 {
                out.push_str(&format!(" colspan=\"{}\"", cell.span));
            }
            if rowspan > 1 {
                out.push_str(&format!(" rowspan=\"{rowspan}\""));
            }
            out.push('>');
            out.push_str(&inline(&cell.text));
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

/// The grid column each cell of `row` starts at.
fn column_starts(row: &SourceRow) -> Vec<usize> {
    let mut column = 0;
    row.cells
        .iter()
        .map(|cell| {
            let start = column;
            column += cell.span;
            start
        })
        .collect()
}

/// Whether row `r` has a cell continued from above at grid column `start`
/// with width `span`.
fn continues(
    rows: &[SourceRow],
    starts: &[Vec<usize>],
    r: usize,
    start: usize,
    span: usize,
) -> bool {
    let Some(row) = rows.get(r) else {
        return false;
    };
    row.cells
        .iter()
        .zip(&starts[r])
        .any(|(cell, &s)| s == start && cell.continues_above && cell.span == span)
}

/// Whether cell `c` of row `r` (a continuation) lines up with a cell of the
/// row above, so that a rowspan can express it.
fn continues_a_cell(rows: &[SourceRow], starts: &[Vec<usize>], r: usize, c: usize) -> bool {
    let Some(above) = r.checked_sub(1) else {
        return false;
    };
    let (start, span) = (starts[r][c], rows[r].cells[c].span);
    rows[above]
        .cells
        .iter()
        .zip(&starts[above])
        .any(|(cell, &s)| s == start && cell.span == span)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `text` as page content a browser shows unchanged.
fn inline(text: &str) -> String {
    if text.contains(['\t', '\n', '\r', '\x0c']) {
        return format!("<span style=\"white-space: pre\">{}</span>", escape(text));
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let after_visible = i > 0 && chars[i - 1] != ' ';
            let before_more = i + 1 < chars.len();
            out.push_str(if after_visible && before_more {
                " "
            } else {
                "&nbsp;"
            });
        } else {
            out.push_str(&escape(&c.to_string()));
        }
    }
    out
}

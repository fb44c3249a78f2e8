//! Writes an [`Extracted`] document as a real .docx: the parts Word needs
//! to open it, paragraphs as runs, tables with a grid, merged header cells
//! as `w:gridSpan` and vertical merges as `w:vMerge` restart/continue.
//!
//! Like Word, it splits text over several runs (where the script changes
//! between Chinese and Latin or digits, and in the middle of long texts),
//! writes tabs as `w:tab` and puts proofing marks between runs, so that
//! the reader is tried on what real files hold.

use std::io::{Cursor, Write};
use yusuan::read::{Extracted, Item, SourceCell, SourceRow};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#;

/// Text width of an A4 page with Word's default margins, in twips.
const PAGE_WIDTH: usize = 8306;

pub fn build(doc: &Extracted) -> Vec<u8> {
    package(&document_xml(doc))
}

/// A .docx holding `document` as its word/document.xml: for tests that
/// need a damaged or unusual body in an otherwise valid package.
pub fn package(document: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
    ] {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(content.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

/// The body of `doc` as word/document.xml.
pub fn document_xml(doc: &Extracted) -> String {
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>"#
    );
    for (index, item) in doc.items.iter().enumerate() {
        match item {
            Item::Paragraph { text, .. } => paragraph(&mut xml, text, index),
            Item::Table { rows } => {
                table(&mut xml, rows);
                // Word cannot put two tables next to each other: they would
                // become one. It separates them with an empty paragraph.
                if matches!(doc.items.get(index + 1), Some(Item::Table { .. }) | None) {
                    xml.push_str("<w:p/>");
                }
            }
        }
    }
    xml.push_str(
        r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/></w:sectPr></w:body></w:document>"#,
    );
    xml
}

fn paragraph(xml: &mut String, text: &str, index: usize) {
    xml.push_str(
        r#"<w:p><w:pPr><w:jc w:val="center"/><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:pPr>"#,
    );
    // Headings carry a bookmark, as Word's table of contents leaves them.
    if index.is_multiple_of(5) {
        xml.push_str(&format!(
            r#"<w:bookmarkStart w:id="{index}" w:name="_Toc{index}"/>"#
        ));
    }
    runs(xml, text);
    if index.is_multiple_of(5) {
        xml.push_str(&format!(r#"<w:bookmarkEnd w:id="{index}"/>"#));
    }
    xml.push_str("</w:p>");
}

fn table(xml: &mut String, rows: &[SourceRow]) {
    let columns = rows
        .iter()
        .map(|row| row.cells.iter().map(|c| c.span.max(1)).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let column_width = PAGE_WIDTH / columns;
    xml.push_str(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>"#,
    );
    for _ in 0..columns {
        xml.push_str(&format!(r#"<w:gridCol w:w="{column_width}"/>"#));
    }
    xml.push_str("</w:tblGrid>");
    let restarts = merge_restarts(rows);
    for (r, row) in rows.iter().enumerate() {
        xml.push_str(r#"<w:tr><w:trPr><w:jc w:val="center"/></w:trPr>"#);
        for (c, cell) in row.cells.iter().enumerate() {
            let span = cell.span.max(1);
            xml.push_str(&format!(
                r#"<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/>"#,
                column_width * span
            ));
            if span > 1 {
                xml.push_str(&format!(r#"<w:gridSpan w:val="{span}"/>"#));
            }
            if cell.continues_above {
                xml.push_str("<w:vMerge/>");
            } else if restarts.contains(&(r, c)) {
                xml.push_str(r#"<w:vMerge w:val="restart"/>"#);
            }
            xml.push_str(
                r#"<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr>"#,
            );
            if !cell.continues_above {
                runs(xml, &cell.text);
            }
            xml.push_str("</w:p></w:tc>");
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
}

/// (row, cell) of every cell a vertical merge starts at: the cell above a
/// continuation, in the same grid column, unless it continues one itself.
fn merge_restarts(rows: &[SourceRow]) -> Vec<(usize, usize)> {
    let starts = |cells: &[SourceCell]| -> Vec<usize> {
        cells
            .iter()
            .scan(0, |column, cell| {
                let start = *column;
                *column += cell.span.max(1);
                Some(start)
            })
            .collect()
    };
    let mut restarts = Vec::new();
    for r in 1..rows.len() {
        let above = starts(&rows[r - 1].cells);
        for (cell, start) in rows[r].cells.iter().zip(starts(&rows[r].cells)) {
            if !cell.continues_above {
                continue;
            }
            let index = above.iter().position(|&s| s == start);
            match index {
                Some(i) if !rows[r - 1].cells[i].continues_above => restarts.push((r - 1, i)),
                Some(_) => {}
                None => panic!("a vertical merge in row {r} has no cell above at column {start}"),
            }
        }
    }
    restarts
}

/// `text` as Word writes it: runs split where the script changes and in
/// the middle of long texts, tabs and line breaks as their own elements.
fn runs(xml: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    for (n, piece) in pieces(text).iter().enumerate() {
        if n > 0 && n.is_multiple_of(2) {
            xml.push_str(r#"<w:proofErr w:type="gramStart"/>"#);
        }
        xml.push_str(r#"<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:hint="eastAsia"/><w:sz w:val="20"/></w:rPr>"#);
        for (i, line) in piece.split('\n').enumerate() {
            if i > 0 {
                xml.push_str("<w:br/>");
            }
            for (j, part) in line.split('\t').enumerate() {
                if j > 0 {
                    xml.push_str("<w:tab/>");
                }
                if !part.is_empty() {
                    let preserve = part.starts_with(char::is_whitespace)
                        || part.ends_with(char::is_whitespace);
                    xml.push_str(if preserve {
                        r#"<w:t xml:space="preserve">"#
                    } else {
                        "<w:t>"
                    });
                    escape_into(xml, part);
                    xml.push_str("</w:t>");
                }
            }
        }
        xml.push_str("</w:r>");
    }
}

/// Where Word would start a new run: at the first change between ASCII and
/// other characters, and in the middle of a long single-script text.
fn pieces(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let switch = chars
        .windows(2)
        .find(|pair| pair[0].1.is_ascii() != pair[1].1.is_ascii())
        .map(|pair| pair[1].0);
    let middle = (chars.len() >= 6).then(|| chars[chars.len() / 2].0);
    match switch.or(middle) {
        Some(at) if at > 0 && at < text.len() => vec![&text[..at], &text[at..]],
        _ => vec![text],
    }
}

fn escape_into(xml: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => xml.push_str("&amp;"),
            '<' => xml.push_str("&lt;"),
            '>' => xml.push_str("&gt;"),
            '"' => xml.push_str("&quot;"),
            c => xml.push(c),
        }
    }
}

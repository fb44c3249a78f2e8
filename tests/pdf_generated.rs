//! The PDF reader (`yusuan::read::open`) on generated disclosure pages
//! (tests/common/pdf): each case → the paragraphs and tables the reader
//! must give back (issue 14).
//!
//! Tests that need the reader are ignored until it is merged (branch `pdf`);
//! the ones that only demand "no panic" run now.

mod common;
mod pdf_writer;

use pdf_writer::cases::{self, Case};
use pdf_writer::table::{parse_row, Rules};
use pdf_writer::Rotation;
use yusuan::read::{Extracted, Item, Opened};

/// The reader's document, or the test fails with why it was not read.
fn read(bytes: &[u8]) -> Extracted {
    match yusuan::read::open(bytes) {
        Ok(Opened::Structured(extracted)) => extracted,
        Ok(Opened::Text(_)) => panic!("a PDF was read as a text export"),
        Err(message) => panic!("not read: {message}"),
    }
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Each table's rows in sketch notation, whitespace inside cells removed.
fn tables(extracted: &Extracted) -> Vec<Vec<String>> {
    extracted
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Table { rows } => Some(
                rows.iter()
                    .map(|row| {
                        row.cells
                            .iter()
                            .map(|cell| squeeze(&cell.sketch()))
                            .collect::<Vec<_>>()
                            .join("|")
                    })
                    .collect(),
            ),
            Item::Paragraph { .. } => None,
        })
        .collect()
}

fn paragraphs(extracted: &Extracted) -> Vec<String> {
    extracted
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Paragraph { text, .. } => Some(squeeze(text)),
            Item::Table { .. } => None,
        })
        .collect()
}

fn expected_tables(case: &Case) -> Vec<Vec<String>> {
    case.tables
        .iter()
        .map(|rows| rows.iter().map(|row| squeeze(row)).collect())
        .collect()
}

/// Every expected line of text occurs exactly once in the paragraphs (a
/// reader may join lines into one paragraph, never drop or double them).
fn assert_texts_once(case: &Case, extracted: &Extracted) {
    let all = paragraphs(extracted).concat();
    for text in &case.texts {
        let text = squeeze(text);
        assert_eq!(
            all.matches(&text).count(),
            1,
            "{text} should occur once in the paragraphs: {:#?}",
            extracted.shape()
        );
    }
}

fn assert_reads_as_expected(case: &Case) {
    let extracted = read(&case.bytes);
    assert_eq!(
        tables(&extracted),
        expected_tables(case),
        "{:#?}",
        extracted.shape()
    );
    assert_texts_once(case, &extracted);
}

#[test]
fn table_ruled_with_filled_rectangles_keeps_its_merged_header() {
    assert_reads_as_expected(&cases::ruled(Rules::Filled));
}

#[test]
fn table_ruled_with_stroked_lines_reads_the_same() {
    let stroked = read(&cases::ruled(Rules::Stroked).bytes);
    let filled = read(&cases::ruled(Rules::Filled).bytes);
    assert_reads_as_expected(&cases::ruled(Rules::Stroked));
    assert_eq!(stroked.shape(), filled.shape());
}

#[test]
fn rotated_page_reads_upright() {
    let rotated = cases::landscape(Rotation::Quarter);
    let upright = cases::landscape(Rotation::Upright);
    assert_reads_as_expected(&rotated);
    assert_eq!(read(&rotated.bytes).shape(), read(&upright.bytes).shape());
}

#[test]
fn predefined_cjk_cmap_decodes_to_the_right_chinese() {
    let case = cases::cjk_text();
    let extracted = read(&case.bytes);
    assert_texts_once(&case, &extracted);
    assert!(tables(&extracted).is_empty(), "{:#?}", extracted.shape());
}

#[test]
fn unruled_table_comes_back_as_a_table() {
    let case = cases::unruled();
    let extracted = read(&case.bytes);
    // Without rules there are no merges to find: compare the cells' texts.
    // Such a reading is less certain, and says so once, naming the table.
    let warned: Vec<String> = extracted
        .warnings
        .iter()
        .map(|w| w.place.to_string())
        .collect();
    assert_eq!(warned, ["第 1 页第 1 个表格"], "{:?}", extracted.warnings);
    let want: Vec<Vec<String>> = cases::UNRULED_ROWS
        .iter()
        .map(|row| {
            parse_row(row)
                .into_iter()
                .map(|c| squeeze(&c.text))
                .collect()
        })
        .collect();
    let got: Vec<Vec<Vec<String>>> = extracted
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Table { rows } => Some(
                rows.iter()
                    .map(|row| row.cells.iter().map(|c| squeeze(&c.text)).collect())
                    .collect(),
            ),
            Item::Paragraph { .. } => None,
        })
        .collect();
    assert_eq!(got, [want], "{:#?}", extracted.shape());
    assert_texts_once(&case, &extracted);
}

#[test]
fn table_over_three_pages_is_one_table_with_its_total() {
    // One table: the header once, every body row, the lone 合计 row of the
    // third page attached at the end.
    assert_reads_as_expected(&cases::three_pages());
}

#[test]
fn scanned_page_is_refused_with_a_word_about_ocr() {
    match yusuan::read::open(&cases::scan().bytes) {
        Err(error) => {
            let message = error.to_string();
            assert!(message.contains("OCR"), "{message}")
        }
        Ok(Opened::Structured(extracted)) => {
            panic!("a scan was read: {:#?}", extracted.shape())
        }
        Ok(Opened::Text(_)) => panic!("a scan was read as a text export"),
    }
}

#[test]
fn fake_bold_glyphs_appear_once() {
    let case = cases::bold();
    assert_reads_as_expected(&case);
    let all = paragraphs(&read(&case.bytes)).concat();
    assert!(!all.contains("22"), "doubled digits in {all}");
}

#[test]
fn page_numbers_and_charts_are_not_content() {
    let case = cases::furniture();
    let extracted = read(&case.bytes);
    assert_reads_as_expected(&case);
    for paragraph in paragraphs(&extracted) {
        assert!(
            !paragraph.chars().all(|c| c.is_ascii_digit()),
            "page number kept as a paragraph: {paragraph:?}"
        );
    }
}

#[test]
fn password_protected_pdf_is_refused_with_a_reason() {
    let bytes = std::fs::read(common::fixture("pdf/encrypted.pdf")).unwrap();
    match yusuan::read::open(&bytes) {
        Err(error) => {
            let message = error.to_string();
            assert!(
                message.contains("密码") || message.contains("加密"),
                "{message}"
            )
        }
        Ok(_) => panic!("a PDF locked with a user password was read"),
    }
}

#[test]
fn pdf_with_only_an_owner_password_reads_like_the_plain_one() {
    let bytes = std::fs::read(common::fixture("pdf/encrypted-owner-only.pdf")).unwrap();
    let plain = cases::ruled(Rules::Filled);
    assert_eq!(tables(&read(&bytes)), expected_tables(&plain));
}

/// Cut points through a real file: the reader and the import must answer
/// (read something or refuse), never panic.
#[test]
fn truncated_real_pdfs_are_answered_without_a_panic() {
    for name in [
        "SH-Putuo_司法局_2026_部门预算.pdf",
        "SH-Putuo_财政局_2024_部门决算.pdf",
        "JS_江苏省政协办公厅_江苏省政协办公厅2019年预算公开表.pdf",
    ] {
        let bytes = std::fs::read(common::fixture(&format!("pdf/real/{name}"))).unwrap();
        for cut in [bytes.len() / 2, bytes.len() / 4, bytes.len() - 100, 1024] {
            let part = &bytes[..cut];
            if let Err(error) = yusuan::read::open(part) {
                assert!(!error.to_string().trim().is_empty(), "{name} cut at {cut}");
            }
            if let Err(error) = yusuan::import::prepare_bytes(std::path::Path::new(name), part) {
                assert!(!error.to_string().trim().is_empty(), "{name} cut at {cut}");
            }
        }
    }
}

/// Every byte string a PDF reader sees first: an empty file, the bare
/// header, a header with garbage.
#[test]
fn pdf_headers_without_a_document_are_refused() {
    for bytes in [
        &b"%PDF-"[..],
        b"%PDF-1.7\n",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n",
        b"%PDF-1.7\ntrailer << /Root 1 0 R >>\n%%EOF",
    ] {
        match yusuan::read::open(bytes) {
            Err(error) => assert!(!error.to_string().trim().is_empty()),
            Ok(Opened::Structured(extracted)) => assert!(
                extracted.items.is_empty(),
                "content out of nothing: {:#?}",
                extracted.shape()
            ),
            Ok(Opened::Text(_)) => panic!("a PDF header read as a text export"),
        }
    }
}

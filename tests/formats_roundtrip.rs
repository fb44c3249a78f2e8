//! Word, Excel and HTML renderings of the same disclosure import to exactly
//! the rows its text export imports to: the real sample, and a generated
//! multi-year, multi-unit corpus, compared table by table and row by row.
//!
//! Only provenance differs and is left out of the comparison: the file's
//! path, hash, size and encoding, when it was imported, and positions
//! (`source_line` is a line of a text export but an item number in a Word,
//! Excel or HTML file).

mod common;
mod formats;

use common::rows::{assert_same_rows, without_positions};
use common::{import, Scratch};
use yusuan_fixture::{realistic_unit, render_text, unit_roster, AmountUnit, RenderOptions};

#[derive(Debug, Clone, Copy)]
enum Kind {
    Docx,
    Xlsx,
    Html,
}

impl Kind {
    fn extension(self) -> &'static str {
        match self {
            Kind::Docx => "docx",
            Kind::Xlsx => "xlsx",
            Kind::Html => "html",
        }
    }

    fn build(self, text: &str) -> Vec<u8> {
        let doc = formats::layout(text);
        match self {
            Kind::Docx => formats::docx::build(&doc),
            Kind::Xlsx => formats::xlsx::build(&doc),
            Kind::Html => formats::html::build(&doc),
        }
    }
}

/// Import `documents` (name, text) as text into one database and as `kind`
/// into another, and compare them.
fn round_trip(kind: Kind, documents: &[(String, String)]) {
    let text_db = Scratch::new();
    let other_db = Scratch::new();
    for (name, text) in documents {
        text_db.write(&format!("in/{name}.txt"), text);
        other_db.write(&format!("in/{name}.{}", kind.extension()), kind.build(text));
    }
    import(&text_db, &text_db.path("in"));
    import(&other_db, &other_db.path("in"));
    assert_same_rows(&text_db, &other_db, &format!("{kind:?}"));
}

fn sample() -> Vec<(String, String)> {
    vec![("shanhaiguan-zfb-2023".to_string(), common::sample_text())]
}

/// Three units over three years, in 万元 and in 元 with separators.
fn generated_corpus() -> Vec<(String, String)> {
    let mut documents = Vec::new();
    for year in 2021..=2023 {
        for (n, (code, name)) in unit_roster(3, 5, year).into_iter().enumerate() {
            let spec = realistic_unit(&code, &name, year, 5);
            let options = RenderOptions {
                amount_unit: if n % 2 == 0 {
                    AmountUnit::Wanyuan
                } else {
                    AmountUnit::Yuan
                },
                thousands_separators: n % 2 == 1,
                ..RenderOptions::default()
            };
            documents.push((format!("{code}-{year}"), render_text(&[spec], &options)));
        }
    }
    documents
}

/// The reader gives back the structure the builder wrote: every paragraph,
/// every cell, every merge.
fn reads_back_as_laid_out(kind: Kind) {
    let text = &sample()[0].1;
    let expected = formats::layout(text);
    let bytes = kind.build(text);
    let opened = yusuan::read::open(&bytes).expect("the rendered sample opens");
    let yusuan::read::Opened::Structured(got) = opened else {
        panic!("{kind:?} was read as a text export");
    };
    let (want, have) = (formats::shape(&expected), formats::shape(&got));
    assert_eq!(have.len(), want.len(), "{kind:?}: number of items");
    for (n, (w, h)) in want.iter().zip(&have).enumerate() {
        assert_eq!(h, w, "{kind:?}: item {n}");
    }
}

#[test]
fn docx_sample_reads_back_as_laid_out() {
    reads_back_as_laid_out(Kind::Docx);
}

#[test]
fn docx_sample_imports_the_same_rows() {
    round_trip(Kind::Docx, &sample());
}

#[test]
fn docx_corpus_imports_the_same_rows() {
    round_trip(Kind::Docx, &generated_corpus());
}

#[test]
fn xlsx_sample_reads_back_as_laid_out() {
    reads_back_as_laid_out(Kind::Xlsx);
}

#[test]
fn xlsx_sample_imports_the_same_rows() {
    round_trip(Kind::Xlsx, &sample());
}

#[test]
fn xlsx_corpus_imports_the_same_rows() {
    round_trip(Kind::Xlsx, &generated_corpus());
}

#[test]
fn html_sample_reads_back_as_laid_out() {
    reads_back_as_laid_out(Kind::Html);
}

#[test]
fn html_sample_imports_the_same_rows() {
    round_trip(Kind::Html, &sample());
}

#[test]
fn html_corpus_imports_the_same_rows() {
    round_trip(Kind::Html, &generated_corpus());
}

#[test]
fn positions_are_left_out_of_evidence_only() {
    assert_eq!(
        without_positions("情况说明（第 812 行）「第 2 项」；「表」（第 3 个表格第 1 行）只有"),
        "情况说明（#）「第 2 项」；「表」（#）只有"
    );
    assert_eq!(
        without_positions("情况说明（工作表「表1」第 9 行）「x」"),
        "情况说明（#）「x」"
    );
    assert_eq!(
        without_positions("情况说明（第 812 行）「第 2 项」；（工作表「三公」第 89 行）「表」"),
        "情况说明（#）「第 2 项」；（#）「表」"
    );
}

/// Downloads arrive renamed: the reader goes by the bytes. A workbook
/// saved as .txt and a web page saved as .xls import like their true kind.
#[test]
fn the_format_is_told_from_the_bytes_not_the_name() {
    let text = &sample()[0].1;
    let scratch = Scratch::new();
    scratch.write("in/workbook.txt", Kind::Xlsx.build(text));
    import(&scratch, &scratch.path("in"));
    let other = Scratch::new();
    other.write("in/page.xls", Kind::Html.build(text));
    import(&other, &other.path("in"));
    for (db, format) in [(&scratch, "Excel"), (&other, "HTML (UTF-8)")] {
        let (encoding, amounts): (String, i64) = db
            .conn()
            .query_row(
                "SELECT (SELECT encoding FROM documents), (SELECT count(*) FROM amounts)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(encoding, format);
        assert!(amounts > 100, "{format}: {amounts} amounts");
    }
}

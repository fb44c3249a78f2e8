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

use common::Scratch;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use std::collections::BTreeMap;
use yusuan::fixture::{realistic_unit, render_text, unit_roster, AmountUnit, RenderOptions};

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

/// Columns that say where a row came from rather than what was published.
fn is_provenance(table: &str, column: &str) -> bool {
    column == "source_line" || (table == "documents" && column != "id") || column == "imported_at"
}

/// Every stored row of every table, as text, in storage order.
fn dump(conn: &Connection) -> BTreeMap<String, Vec<String>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> 'refinery_schema_history' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = BTreeMap::new();
    for name in names {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{name}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .filter(|c: &String| !is_provenance(&name, c))
            .collect();
        let select = format!(
            "SELECT {} FROM \"{name}\" ORDER BY {}",
            columns
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", "),
            (1..=columns.len())
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut statement = conn.prepare(&select).unwrap();
        let rows = statement
            .query_map([], |row| {
                Ok((0..columns.len())
                    .map(|i| match row.get_ref(i).unwrap() {
                        ValueRef::Null => "NULL".to_string(),
                        ValueRef::Integer(n) => n.to_string(),
                        ValueRef::Real(x) => x.to_string(),
                        ValueRef::Text(t) => without_positions(&String::from_utf8_lossy(t)),
                        ValueRef::Blob(b) => format!("{b:?}"),
                    })
                    .collect::<Vec<_>>()
                    .join(" | "))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.insert(name, rows);
    }
    out
}

/// Audit evidence cites where a figure is: a line of a text export
/// ("（第 812 行）"), the reader's place in other formats ("（第 12 个表格第 1
/// 行）", "（第 40 段）", "（工作表「表1」第 9 行）"). Those parentheses are
/// replaced by "（#）".
fn without_positions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = ["（第 ", "（工作表「"]
        .iter()
        .filter_map(|opening| rest.find(opening))
        .min()
    {
        out.push_str(&rest[..at]);
        match rest[at..].find('）') {
            Some(end) => {
                out.push_str("（#）");
                rest = &rest[at + end + '）'.len_utf8()..];
            }
            None => {
                out.push_str(&rest[at..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn import_folder(scratch: &Scratch, folder: &str) {
    let output = scratch
        .yusuan()
        .arg("import")
        .arg(scratch.path(folder))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "import of {folder} failed:\n{}\n{}",
        common::stdout_of(&output),
        common::stderr_of(&output)
    );
}

fn assert_same_rows(text_db: &Scratch, other_db: &Scratch, kind: Kind) {
    let expected = dump(&text_db.conn());
    let got = dump(&other_db.conn());
    assert!(
        expected.get("amounts").is_some_and(|rows| rows.len() > 100),
        "the text import stored too little to compare"
    );
    for (table, rows) in &expected {
        let other = &got[table];
        assert_eq!(
            other.len(),
            rows.len(),
            "{kind:?}: table {table} has {} rows, the text export {}",
            other.len(),
            rows.len()
        );
        for (n, (want, have)) in rows.iter().zip(other).enumerate() {
            assert_eq!(have, want, "{kind:?}: table {table}, row {n}");
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
    import_folder(&text_db, "in");
    import_folder(&other_db, "in");
    assert_same_rows(&text_db, &other_db, kind);
}

fn sample() -> Vec<(String, String)> {
    vec![(
        "shanhaiguan-zfb-2023".to_string(),
        std::fs::read_to_string(common::sample()).unwrap(),
    )]
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
}

/// Downloads arrive renamed: the reader goes by the bytes. A workbook
/// saved as .txt and a web page saved as .xls import like their true kind.
#[test]
fn the_format_is_told_from_the_bytes_not_the_name() {
    let text = &sample()[0].1;
    let scratch = Scratch::new();
    scratch.write("in/workbook.txt", Kind::Xlsx.build(text));
    import_folder(&scratch, "in");
    let other = Scratch::new();
    other.write("in/page.xls", Kind::Html.build(text));
    import_folder(&other, "in");
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

//! Excel workbooks through the binary: a damaged, a password-protected and
//! a table-less workbook are each refused with one clear message that names
//! the file, a failing exit status and the database untouched; and the
//! Excel 97-2003 rendering of the sample (tests/fixtures/formats/sample.xls,
//! made by make_xls.py from the .xlsx builder's plan) reads back as laid
//! out and imports to the same rows as its text export.

mod common;
mod formats;

use common::rows::assert_same_rows;
use common::{assert_refused, import, sample, sample_text, seeded, Scratch};
use std::path::Path;

fn sample_xlsx() -> Vec<u8> {
    formats::xlsx::build(&formats::layout(&sample_text()))
}

#[test]
fn a_workbook_cut_in_half_is_refused_as_damaged() {
    let scratch = seeded();
    let whole = sample_xlsx();
    let cut = scratch.write("预算公开.xlsx", &whole[..whole.len() / 2]);
    assert_refused(&scratch, &cut, &["损坏", "damaged"]);
}

#[test]
fn a_password_protected_workbook_is_refused() {
    let scratch = seeded();
    let protected = common::fixture("formats/protected.xlsx");
    assert_refused(&scratch, &protected, &["密码", "password-protected"]);
}

#[test]
fn a_workbook_without_tables_is_refused() {
    let scratch = seeded();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "单位预算收支总表").unwrap();
    sheet.write_string(2, 0, "注：本单位无预算。").unwrap();
    let file = scratch.write("说明.xlsx", book.save_to_buffer().unwrap());
    assert_refused(&scratch, &file, &["没有表格", "no tables"]);
}

/// Writes what `tests/fixtures/formats/make_xls.py` and
/// `make_protected.py` start from: the sample's workbook plan as JSON and
/// the sample as .xlsx, into the folder `$XLSX_FIXTURE_OUT`.
#[test]
#[ignore = "run by hand to remake the .xls and protected fixtures"]
fn write_fixture_sources() {
    let out = std::env::var("XLSX_FIXTURE_OUT").expect("XLSX_FIXTURE_OUT is set");
    let out = Path::new(&out);
    let doc = formats::layout(&sample_text());
    let plan = serde_json::to_string(&formats::xlsx::plan(&doc)).unwrap();
    std::fs::write(out.join("sample-plan.json"), plan).unwrap();
    std::fs::write(out.join("sample.xlsx"), formats::xlsx::build(&doc)).unwrap();
}

#[test]
fn the_xls_sample_imports_the_same_rows_as_the_text_export() {
    let text_db = Scratch::new();
    let xls_db = Scratch::new();
    import(&text_db, &sample());
    // Copied under the text export's name: the document's name is not
    // compared, but keep everything else equal.
    let xls = xls_db.write(
        "shanhaiguan-zfb-2023.xls",
        std::fs::read(common::fixture("formats/sample.xls")).unwrap(),
    );
    import(&xls_db, &xls);
    assert_same_rows(&text_db, &xls_db, "xls");
    let format: String = xls_db
        .conn()
        .query_row("SELECT encoding FROM documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(format, "Excel 97-2003");
}

#[test]
fn the_xls_sample_reads_back_as_laid_out() {
    let expected = formats::layout(&sample_text());
    let bytes = std::fs::read(common::fixture("formats/sample.xls")).unwrap();
    let yusuan::read::Opened::Structured(got) = yusuan::read::open(&bytes).unwrap() else {
        panic!("sample.xls was read as a text export");
    };
    assert_eq!(got.format, "Excel 97-2003");
    let (want, have) = (formats::shape(&expected), formats::shape(&got));
    assert_eq!(have.len(), want.len(), "number of items");
    for (n, (w, h)) in want.iter().zip(&have).enumerate() {
        assert_eq!(h, w, "item {n}");
    }
}

/// Cut short or with bytes flipped, a workbook is an error or a document,
/// never a panic or an allocation that takes the machine down (calamine
/// trusts the record sizes of an .xls; the reader checks them first).
#[test]
fn damaged_workbooks_never_panic() {
    for (name, bytes) in [
        (
            "xls",
            std::fs::read(common::fixture("formats/sample.xls")).unwrap(),
        ),
        ("xlsx", sample_xlsx()),
    ] {
        for i in 0..200usize {
            let mut damaged = bytes.clone();
            let at = (i * 7919 * 13) % damaged.len();
            if i % 2 == 0 {
                damaged.truncate(at.max(600));
            } else {
                for k in 0..8 {
                    let p = (at + k * 131) % damaged.len();
                    damaged[p] ^= 0x5A;
                }
            }
            let outcome = std::panic::catch_unwind(|| yusuan::read::open(&damaged).map(|_| ()));
            assert!(outcome.is_ok(), "{name} variant {i} panicked");
        }
    }
}

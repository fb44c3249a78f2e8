//! Saved web pages through the binary: the GBK page imports what the UTF-8
//! page imports, and a damaged page is refused with one message that names
//! the file and says what is wrong, leaving the database as it was.

mod common;
mod formats;

use common::{assert_refused, import, noise, sample_text, seeded, Scratch, CODE, NAME};
use yusuan::read::Item;

/// The sample as the UTF-8 web page the fixture builder writes.
fn sample_page() -> String {
    let bytes = formats::html::build(&formats::layout(&sample_text()));
    String::from_utf8(bytes).expect("the UTF-8 page is UTF-8")
}

/// What two imports of the same disclosure must agree on.
fn imported(scratch: &Scratch) -> (i64, i64, Vec<String>, String) {
    let conn = scratch.conn();
    let (count, sum) = conn
        .query_row("SELECT count(*), sum(fen) FROM amounts", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let units = conn
        .prepare("SELECT unit_code || ' ' || unit_name || ' ' || year FROM disclosures ORDER BY 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let encoding = conn
        .query_row("SELECT group_concat(encoding) FROM documents", [], |r| {
            r.get(0)
        })
        .unwrap();
    (count, sum, units, encoding)
}

#[test]
fn the_gbk_page_imports_the_same_amounts_as_the_utf8_page() {
    let doc = formats::layout(&sample_text());
    let gbk = formats::html::build_gbk(&doc);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the GBK page must not also be valid UTF-8, or it proves nothing"
    );
    let utf8_db = Scratch::new();
    let gbk_db = Scratch::new();
    import(&utf8_db, &utf8_db.write("page.html", sample_page()));
    import(&gbk_db, &gbk_db.write("page.htm", gbk));

    let (count, sum, units, encoding) = imported(&utf8_db);
    assert!(count > 100, "only {count} amounts stored");
    assert_eq!(units, [format!("{CODE} {NAME} 2023")]);
    assert_eq!(encoding, "HTML (UTF-8)");
    let (gbk_count, gbk_sum, gbk_units, gbk_encoding) = imported(&gbk_db);
    assert_eq!((gbk_count, gbk_sum), (count, sum));
    assert_eq!(gbk_units, units);
    assert_eq!(gbk_encoding, "HTML (GB18030)");
}

#[test]
fn a_page_without_tables_is_refused() {
    // The sample's own text, its tables left out.
    let mut doc = formats::layout(&sample_text());
    doc.items
        .retain(|item| matches!(item, Item::Paragraph { .. }));
    assert!(doc.items.len() > 10);
    let scratch = seeded();
    let file = scratch.write("说明.html", formats::html::build(&doc));
    assert_refused(
        &scratch,
        &file,
        &["网页中没有表格", "no tables in the web page"],
    );
}

/// "第 T 个表格第 R 行" for the row of the 单位预算支出总表 that holds
/// `name`, as the reader numbers tables and rows.
fn place_of_expenditure_row(name: &str) -> String {
    let doc = formats::layout(&sample_text());
    let mut tables = 0;
    let mut after_title = false;
    for item in &doc.items {
        match item {
            Item::Paragraph { text, .. } => after_title = text == "单位预算支出总表",
            Item::Table { rows } => {
                tables += 1;
                if after_title {
                    let row = rows
                        .iter()
                        .position(|row| row.cells.iter().any(|c| c.text == name))
                        .expect("the row is in the table");
                    return format!("第 {tables} 个表格第 {} 行", row + 1);
                }
            }
        }
    }
    panic!("no 单位预算支出总表 in the sample");
}

#[test]
fn a_page_cut_off_inside_a_table_is_refused_as_truncated() {
    let scratch = seeded();
    let page = sample_page();
    let title = page.find("<p>单位预算支出总表</p>").expect("title");
    let row = title + page[title..].find("<td>行政运行</td>").expect("row");
    let place = place_of_expenditure_row("行政运行");

    // Cut after a cell: the browser (and html5ever) closes the open row
    // and table, and the row is four cells short of nine.
    let after_cell = row + "<td>行政运行</td><td>411.51</td>".len();
    assert!(page[..after_cell].ends_with("<td>2010301</td><td>行政运行</td><td>411.51</td>"));
    let cut = scratch.write("cut.html", &page[..after_cell]);
    assert_refused(
        &scratch,
        &cut,
        &[
            &place,
            "单位预算支出总表",
            "序号 4",
            "row has 4 cells",
            "truncated",
        ],
    );

    // Cut inside a tag.
    let mid_tag = row + "<td>行政运行</td><t".len();
    let cut = scratch.write("cut-mid-tag.html", &page[..mid_tag]);
    assert_refused(
        &scratch,
        &cut,
        &[&place, "单位预算支出总表", "row has 3 cells", "truncated"],
    );
}

#[test]
fn binary_garbage_after_the_html_tag_is_refused() {
    let scratch = seeded();
    let noise = noise();
    let head = b"<!DOCTYPE html>\n<html>\n";
    let garbage = scratch.write("garbage.html", [&head[..], &noise].concat());
    let message = assert_refused(&scratch, &garbage, &["二进制", "binary data"]);
    // The first NUL is the fourth noise byte.
    let at = head.len() + 3;
    assert!(message.contains(&format!("byte {at}")), "{message}");

    // The same noise without NULs is no page either, and no panic.
    let no_nul: Vec<u8> = noise.iter().map(|&b| b.max(1)).collect();
    let garbage = scratch.write("garbage-no-nul.html", [&head[..], &no_nul].concat());
    assert_refused(&scratch, &garbage, &[]);
}

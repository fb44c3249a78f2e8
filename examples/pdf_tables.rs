//! What the PDF reader made of a file, for looking at it beside the page
//! images: every table in the golden format of tests/fixtures/pdf/expected/
//! (`## page P table T: <title>`, then one line per row, cells joined by `|`
//! in the notation of `SourceCell::sketch`), and, unless `--tables` is
//! given, every paragraph as `¶ <place>: <text>`.
//!
//! ```text
//! cargo run --example pdf_tables -- [--tables] FILE.pdf
//! ```

use std::process::ExitCode;
use yusuan::read::{open, Item, Opened, Place, SourceCell};

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let tables_only = args.iter().any(|a| a == "--tables");
    args.retain(|a| a != "--tables");
    let [path] = args.as_slice() else {
        eprintln!("usage: pdf_tables [--tables] FILE.pdf");
        return ExitCode::FAILURE;
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let extracted = match open(&bytes) {
        Ok(Opened::Structured(extracted)) => extracted,
        Ok(Opened::Text(_)) => {
            eprintln!("{path}: not a PDF");
            return ExitCode::FAILURE;
        }
        Err(message) => {
            eprintln!("{path}: {message}");
            return ExitCode::FAILURE;
        }
    };
    let mut title = String::new();
    for item in &extracted.items {
        match item {
            Item::Paragraph { place, text } => {
                if !tables_only {
                    println!("¶ {place}: {text}");
                }
                if !is_table_caption(text) {
                    title = text.clone();
                }
            }
            Item::Table { rows } => {
                let (page, table) = rows
                    .first()
                    .map(|r| page_and_table(&r.place))
                    .unwrap_or_default();
                println!("## page {page} table {table}: {title}");
                for row in rows {
                    let cells: Vec<String> = row.cells.iter().map(SourceCell::sketch).collect();
                    println!("{}", cells.join("|"));
                }
                title.clear();
            }
        }
    }
    for warning in &extracted.warnings {
        eprintln!("! {}: {}", warning.place, warning.message);
    }
    ExitCode::SUCCESS
}

/// Lines between a table's title and the table: 编制单位, 单位：元.
fn is_table_caption(text: &str) -> bool {
    let text = text.trim_start();
    ["编制", "单位", "部门：", "金额单位"]
        .iter()
        .any(|p| text.starts_with(p))
}

/// P and T of a row's place (第 12 页第 1 个表格第 5 行).
fn page_and_table(place: &Place) -> (usize, usize) {
    match place {
        Place::PageTableRow { page, table, .. } | Place::PageTable { page, table } => {
            (*page, *table)
        }
        _ => (0, 0),
    }
}

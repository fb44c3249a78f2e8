//! The PDF reader on the real disclosures: tests/fixtures/pdf/real/*.pdf →
//! the hand-checked tables of tests/fixtures/pdf/expected/*.txt (format in
//! that folder's README.md).
//!
//! Each expected table must come out of the reader exactly (whitespace
//! inside cells aside), in the expected order, preceded by its title.

mod common;

use std::path::PathBuf;
use yusuan::read::{Extracted, Item, Opened};

/// One `## page P table T: title` section of an expected file.
#[derive(Debug)]
struct Expected {
    page: usize,
    ordinal: usize,
    title: String,
    rows: Vec<String>,
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn expected_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(common::fixture("pdf/expected"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// The sections of an expected file, or what is wrong with its format.
fn parse(text: &str) -> Result<Vec<Expected>, String> {
    let mut tables: Vec<Expected> = Vec::new();
    let mut in_comments = true;
    for (number, line) in text.lines().enumerate() {
        let at = |why: &str| format!("line {}: {why}: {line}", number + 1);
        if in_comments && line.starts_with("# ") {
            continue;
        }
        in_comments = false;
        if let Some(head) = line.strip_prefix("## page ") {
            let (place, title) = head.split_once(": ").ok_or_else(|| at("no title"))?;
            let (page, ordinal) = place
                .split_once(" table ")
                .ok_or_else(|| at("not `page P table T`"))?;
            tables.push(Expected {
                page: page.parse().map_err(|_| at("page"))?,
                ordinal: ordinal.parse().map_err(|_| at("table"))?,
                title: squeeze(title),
                rows: Vec::new(),
            });
        } else if line.is_empty() {
            continue;
        } else if line.starts_with('#') {
            return Err(at("a comment after the first table"));
        } else {
            let table = tables
                .last_mut()
                .ok_or_else(|| at("a row before any table"))?;
            table.rows.push(squeeze(line));
        }
    }
    Ok(tables)
}

/// Grid columns a sketched row covers.
fn width(row: &str) -> Result<usize, String> {
    row.split('|')
        .map(|cell| {
            if let Some(n) = cell.strip_prefix('^') {
                n.parse::<usize>().map_err(|_| format!("bad `^n` in {row}"))
            } else if let Some(rest) = cell.strip_suffix('>') {
                let (_, n) = rest.rsplit_once('<').ok_or(format!("bad `<n>` in {row}"))?;
                n.parse::<usize>()
                    .map_err(|_| format!("bad `<n>` in {row}"))
            } else {
                Ok(1)
            }
        })
        .sum()
}

fn pdf_for(expected: &std::path::Path) -> PathBuf {
    let stem = expected.file_stem().unwrap().to_str().unwrap();
    common::fixture(&format!("pdf/real/{stem}.pdf"))
}

#[test]
fn expected_files_are_well_formed() {
    let files = expected_files();
    assert!(files.len() >= 7, "{} expected files", files.len());
    for file in files {
        let name = file.display();
        assert!(pdf_for(&file).exists(), "{name}: no PDF of that name");
        let tables = parse(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(tables.len() >= 2, "{name}: fewer than two tables");
        let mut places: Vec<(usize, usize)> = tables.iter().map(|t| (t.page, t.ordinal)).collect();
        assert!(
            places.windows(2).all(|w| w[0] < w[1]),
            "{name}: out of page order"
        );
        places.dedup();
        assert_eq!(places.len(), tables.len(), "{name}: a table twice");
        for table in &tables {
            assert!(
                !table.title.is_empty() && table.rows.len() >= 2,
                "{name}: {table:?}"
            );
            let widths: Vec<usize> = table
                .rows
                .iter()
                .map(|row| width(row).unwrap_or_else(|e| panic!("{name}: {e}")))
                .collect();
            assert!(
                widths.iter().all(|w| *w == widths[0]),
                "{name} page {} table {}: rows span {widths:?} grid columns",
                table.page,
                table.ordinal
            );
        }
    }
}

/// Tables of a reading, each with the paragraphs since the table before it.
fn tables_with_preamble(extracted: &Extracted) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut preamble = String::new();
    for item in &extracted.items {
        match item {
            Item::Paragraph { text, .. } => preamble.push_str(&squeeze(text)),
            Item::Table { rows } => {
                let rows = rows
                    .iter()
                    .map(|row| {
                        row.cells
                            .iter()
                            .map(|cell| squeeze(&cell.sketch()))
                            .collect::<Vec<_>>()
                            .join("|")
                    })
                    .collect();
                out.push((std::mem::take(&mut preamble), rows));
            }
        }
    }
    out
}

/// What differs between an expected table and the reader's closest one.
fn difference(expected: &Expected, got: &[(String, Vec<String>)]) -> String {
    let best = got.iter().max_by_key(|(_, rows)| {
        rows.iter()
            .zip(&expected.rows)
            .filter(|(a, b)| a == b)
            .count()
    });
    let Some((_, rows)) = best else {
        return "the reader found no tables".into();
    };
    let mut lines = vec![format!(
        "closest reading has {} rows, expected {}",
        rows.len(),
        expected.rows.len()
    )];
    for (index, pair) in expected
        .rows
        .iter()
        .map(Some)
        .chain(std::iter::repeat(None))
        .zip(rows.iter().map(Some).chain(std::iter::repeat(None)))
        .take(expected.rows.len().max(rows.len()))
        .enumerate()
    {
        if pair.0 != pair.1 {
            lines.push(format!(
                "  row {}: expected {:?}, got {:?}",
                index + 1,
                pair.0,
                pair.1
            ));
        }
    }
    lines.truncate(12);
    lines.join("\n")
}

#[test]
fn real_pdfs_give_the_hand_checked_tables() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in expected_files() {
        let pdf = pdf_for(&file);
        let name = pdf.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&pdf).unwrap();
        let extracted = match yusuan::read::open(&bytes) {
            Ok(Opened::Structured(extracted)) => extracted,
            Ok(Opened::Text(_)) => {
                failures.push(format!("{name}: read as a text export"));
                continue;
            }
            Err(message) => {
                failures.push(format!("{name}: not read: {message}"));
                continue;
            }
        };
        let got = tables_with_preamble(&extracted);
        let mut from = 0;
        for expected in parse(&std::fs::read_to_string(&file).unwrap()).unwrap() {
            checked += 1;
            let label = format!(
                "{name} page {} table {} ({})",
                expected.page, expected.ordinal, expected.title
            );
            match got[from..]
                .iter()
                .position(|(_, rows)| *rows == expected.rows)
            {
                Some(offset) => {
                    let (preamble, _) = &got[from + offset];
                    if !preamble.contains(&expected.title) {
                        failures.push(format!(
                            "{label}: table right, but its title is not in the text before it: {preamble:?}"
                        ));
                    }
                    from += offset + 1;
                }
                None => failures.push(format!("{label}:\n{}", difference(&expected, &got))),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} expected tables not read right:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

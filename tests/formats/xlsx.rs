//! The disclosure as an Excel workbook, laid out the way offices publish
//! one: a sheet per standard table (named after its title), the title in a
//! row above the table and notes below it, ruled tables with merged header
//! cells, amounts stored as numbers under a number format that shows them
//! as published ("0.00", "#,##0.00"), one blank row between blocks.
//!
//! [`plan`] decides every cell, merge and format; [`build`] writes the plan
//! with rust_xlsxwriter, and `tests/fixtures/formats/make_xls.py` writes
//! the same plan (dumped as JSON) as an Excel 97-2003 file.

use rust_xlsxwriter::{Format, FormatBorder, Workbook};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use yusuan::read::{Extracted, Item, SourceCell, SourceRow};

#[derive(Debug, Clone, Serialize)]
pub struct SheetPlan {
    pub name: String,
    pub cells: Vec<PlanCell>,
    /// (first row, first column, last row, last column), inclusive.
    pub merges: Vec<(u32, u16, u32, u16)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanCell {
    pub row: u32,
    pub col: u16,
    /// Exactly one of `text` and `number`, or neither for a ruled blank.
    pub text: Option<String>,
    pub number: Option<f64>,
    /// The number format ("0.00", "#,##0"); `None` is General.
    pub format: Option<String>,
    /// Inside a table: drawn with borders.
    pub ruled: bool,
}

/// The workbook for `doc`, as an .xlsx file.
pub fn build(doc: &Extracted) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let ruled = Format::new().set_border(FormatBorder::Thin);
    let mut formats: HashMap<(Option<String>, bool), Format> = HashMap::new();
    for sheet in plan(doc) {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&sheet.name).expect("valid sheet name");
        for &(r1, c1, r2, c2) in &sheet.merges {
            worksheet
                .merge_range(r1, c1, r2, c2, "", &ruled)
                .expect("merge");
        }
        for cell in &sheet.cells {
            let format = formats
                .entry((cell.format.clone(), cell.ruled))
                .or_insert_with(|| {
                    let mut format = Format::new();
                    if cell.ruled {
                        format = format.set_border(FormatBorder::Thin);
                    }
                    if let Some(code) = &cell.format {
                        format = format.set_num_format(code);
                    }
                    format
                });
            let (row, col) = (cell.row, cell.col);
            match (&cell.text, cell.number) {
                (_, Some(number)) => worksheet.write_number_with_format(row, col, number, format),
                (Some(text), None) => worksheet.write_string_with_format(row, col, text, format),
                (None, None) => worksheet.write_blank(row, col, format),
            }
            .expect("cell written");
        }
    }
    workbook.save_to_buffer().expect("workbook saved")
}

/// Every sheet's cells and merges.
pub fn plan(doc: &Extracted) -> Vec<SheetPlan> {
    let mut sheets: Vec<SheetPlan> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut row = 0u32;
    let starts = sheet_starts(&doc.items);
    for (index, item) in doc.items.iter().enumerate() {
        if sheets.is_empty() || starts.contains(&index) {
            let title = match item {
                Item::Paragraph { text, .. } if index > 0 => text.as_str(),
                _ if sheets.is_empty() => "封面",
                _ => "表",
            };
            let name = sheet_name(title, &names);
            names.push(name.clone());
            sheets.push(SheetPlan {
                name,
                cells: Vec::new(),
                merges: Vec::new(),
            });
            row = 0;
        } else {
            // One blank row between blocks.
            row += 1;
        }
        let sheet = sheets.last_mut().expect("a sheet");
        match item {
            Item::Paragraph { text, .. } => {
                sheet.cells.push(PlanCell {
                    row,
                    col: 0,
                    text: Some(text.clone()),
                    number: None,
                    format: None,
                    ruled: false,
                });
                row += 1;
            }
            Item::Table { rows } => {
                table(sheet, row, rows);
                row += rows.len() as u32;
            }
        }
    }
    sheets
}

/// Items that open a new sheet: the title paragraph of each standard
/// table (its first row holds 预算年度), or the table itself when no
/// paragraph precedes it.
fn sheet_starts(items: &[Item]) -> Vec<usize> {
    let mut starts = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let Item::Table { rows } = item else { continue };
        let standard = rows
            .first()
            .is_some_and(|r| r.cells.iter().any(|c| c.text.contains("预算年度")));
        if !standard {
            continue;
        }
        let start = match index.checked_sub(1).map(|i| &items[i]) {
            Some(Item::Paragraph { .. }) => index - 1,
            _ => index,
        };
        if start > 0 {
            starts.push(start);
        }
    }
    starts
}

/// A sheet name Excel accepts, unique in the workbook (case-insensitive).
fn sheet_name(title: &str, taken: &[String]) -> String {
    let cleaned: String = title.chars().filter(|c| !"[]:*?/\\".contains(*c)).collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let base = if cleaned.is_empty() { "表" } else { cleaned };
    let is_taken = |name: &str| {
        taken
            .iter()
            .any(|t| t.to_lowercase() == name.to_lowercase())
    };
    for n in 1.. {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("({n})")
        };
        let keep = 31 - suffix.chars().count();
        let name: String = base.chars().take(keep).collect::<String>() + &suffix;
        if !is_taken(&name) {
            return name;
        }
    }
    unreachable!()
}

/// Write a table's rows from sheet row `top`: every cell ruled, each
/// spanning cell (and the continuations below it) one merged region.
fn table(sheet: &mut SheetPlan, top: u32, rows: &[SourceRow]) {
    // Each row's cells by the grid column they start at.
    let starts: Vec<BTreeMap<u16, &SourceCell>> = rows
        .iter()
        .map(|row| {
            let mut column = 0u16;
            row.cells
                .iter()
                .map(|cell| {
                    let at = column;
                    column += cell.span as u16;
                    (at, cell)
                })
                .collect()
        })
        .collect();
    for (index, cells) in starts.iter().enumerate() {
        let row = top + index as u32;
        for (&col, cell) in cells {
            if cell.continues_above {
                continue;
            }
            let below = starts[index + 1..]
                .iter()
                .take_while(|next| {
                    next.get(&col)
                        .is_some_and(|c| c.continues_above && c.span == cell.span)
                })
                .count() as u32;
            let last_col = col + cell.span as u16 - 1;
            if below > 0 || cell.span > 1 {
                sheet.merges.push((row, col, row + below, last_col));
            }
            let (text, number, format) = match as_number(&cell.text) {
                Some((number, format)) => (None, Some(number), format),
                None if cell.text.is_empty() => (None, None, None),
                None => (Some(cell.text.clone()), None, None),
            };
            sheet.cells.push(PlanCell {
                row,
                col,
                text,
                number,
                format,
                ruled: true,
            });
        }
    }
}

/// A plain decimal ("1079.09", "2010301", "1,079.09") as the number to
/// store and the format that shows it as written; `None` for text.
pub fn as_number(text: &str) -> Option<(f64, Option<String>)> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let grouped = integer.contains(',');
    let digits: String = integer.chars().filter(|&c| c != ',').collect();
    let well_grouped = !grouped || {
        let groups: Vec<&str> = integer.split(',').collect();
        (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3)
    };
    let fraction_ok =
        fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && well_grouped
        && fraction_ok
        && digits.len() + fraction.map_or(0, str::len) <= 15;
    if !plain {
        return None;
    }
    let value: f64 = format!(
        "{}{digits}.{}",
        &text[..text.len() - unsigned.len()],
        fraction.unwrap_or("0")
    )
    .parse()
    .ok()?;
    if value == 0.0 && text.starts_with('-') {
        return None;
    }
    let decimals = fraction.map_or(0, str::len);
    let zeros = "0".repeat(decimals);
    let format = match (grouped, decimals) {
        (false, 0) => None,
        (false, _) => Some(format!("0.{zeros}")),
        (true, 0) => Some("#,##0".to_string()),
        (true, _) => Some(format!("#,##0.{zeros}")),
    };
    Some((value, format))
}

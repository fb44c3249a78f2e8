//! Excel workbooks (.xlsx, .xlsm, .xls) → paragraphs and tables.
//!
//! Offices publish a budget workbook as one table per sheet (or several,
//! one under another), each with its title in a row above it (or only in
//! the sheet tab) and notes (注：…) in a row below. The reader walks the
//! visible sheets in workbook order and, on each sheet, splits the rows into
//! blocks at fully blank rows. Inside a block, a row with at most one
//! non-empty cell is a paragraph (title, note, narrative line) unless it
//! lies between two table rows or is ruled like the table next to it;
//! the other rows form the block's table.
//!
//! A cell is read as Excel shows it: a number through its number format
//! (681.9 under "0.00" is "681.90"), text exactly as stored. Merged regions
//! become one cell spanning the region's width, and the rows below inside
//! the region get a continuation cell, as the other readers give them.
//!
//! Hidden sheets are skipped: what was published is what a reader of the
//! workbook sees, and offices hide their working sheets (lookup lists,
//! drafts), not the tables they publish.

use super::source::{Extracted, Item, SourceCell, SourceRow};
use calamine::{
    Data, Dimensions, Range, Reader, SheetType, SheetVisible, StyleRange, Xls, XlsError, Xlsx,
    XlsxError,
};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Cursor;
use std::str::FromStr;

const PASSWORD: &str = "文件受密码保护，请先在 Office 中去除密码再导入 (the document is password-protected; remove the password in Office first)";

/// Read a workbook. Zip bytes are an .xlsx/.xlsm, anything else an .xls.
pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    let (format, sheets) = if bytes.starts_with(b"PK") {
        ("Excel", xlsx_sheets(bytes)?)
    } else {
        ("Excel 97-2003", xls_sheets(bytes)?)
    };
    let mut items = Vec::new();
    for sheet in &sheets {
        sheet.items(&mut items);
    }
    if !items.iter().any(|item| matches!(item, Item::Table { .. })) {
        return Err("Excel 工作簿中没有表格 (no tables in the Excel workbook)".into());
    }
    Ok(Extracted {
        format: format.into(),
        items,
    })
}

fn damaged(error: impl std::fmt::Display) -> String {
    format!("Excel 工作簿已损坏，无法打开 (damaged Excel workbook): {error}")
}

fn damaged_sheet(name: &str, error: impl std::fmt::Display) -> String {
    format!("Excel 工作表「{name}」已损坏，无法读取 (damaged worksheet {name}): {error}")
}

fn xlsx_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsxError::Password => PASSWORD.to_string(),
        e => damaged(e),
    })?;
    let mut sheets = Vec::new();
    for name in visible_sheets(book.sheets_metadata()) {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| damaged_sheet(&name, e))?;
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| damaged_sheet(&name, e))?;
        let styles = book
            .worksheet_style(&name)
            .map_err(|e| damaged_sheet(&name, e))?;
        sheets.push(Sheet::new(name, &range, merges, Some(&styles)));
    }
    Ok(sheets)
}

fn xls_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let mut book = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsError::Password => PASSWORD.to_string(),
        e => damaged(e),
    })?;
    let mut sheets = Vec::new();
    for name in visible_sheets(book.sheets_metadata()) {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| damaged_sheet(&name, e))?;
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| damaged_sheet(&name, e))?;
        // calamine keeps no number formats or borders for .xls.
        sheets.push(Sheet::new(name, &range, merges, None));
    }
    Ok(sheets)
}

fn visible_sheets(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

/// One worksheet's cells as Excel shows them, in absolute coordinates.
struct Sheet {
    name: String,
    /// (row, column) → displayed text, for every cell that holds a value.
    values: BTreeMap<(u32, u32), String>,
    merges: Vec<Dimensions>,
    /// Merges covering each row (indexes into `merges`).
    merges_by_row: HashMap<u32, Vec<usize>>,
    /// Cells with a visible border, whether or not they hold a value.
    ruled: HashSet<(u32, u32)>,
}

/// A row cut into cells, merges applied.
struct RowCells {
    cells: Vec<SourceCell>,
    /// Cells with visible text (not blank, not a continuation).
    filled: usize,
}

impl Sheet {
    fn new(
        name: String,
        range: &Range<Data>,
        merges: Vec<Dimensions>,
        styles: Option<&StyleRange>,
    ) -> Sheet {
        let format_of = |position: (u32, u32)| {
            styles
                .and_then(|s| s.get(position))
                .and_then(|s| s.number_format.as_ref())
                .map(|f| f.format_code.as_str())
        };
        let mut values = BTreeMap::new();
        for (row, column, data) in range.used_cells() {
            let (Ok(row), Ok(column)) = (u32::try_from(row), u32::try_from(column)) else {
                continue;
            };
            // A Range starts at its first used cell, not at A1.
            let (row, column) = match range.start() {
                Some((r0, c0)) => (r0.saturating_add(row), c0.saturating_add(column)),
                None => continue,
            };
            if let Some(text) = display(data, format_of((row, column))) {
                values.insert((row, column), text);
            }
        }
        let ruled = styles
            .map(|s| {
                s.cells()
                    .filter(|(_, _, style)| {
                        style
                            .borders
                            .as_ref()
                            .is_some_and(|b| b.has_visible_borders())
                    })
                    .map(|(row, column, _)| (row, column))
                    .collect()
            })
            .unwrap_or_default();
        // Only rows that hold something can need a merge; a region reaching
        // far past the used cells (A1:XFD1048576) is clamped to them.
        let last_row = values.keys().map(|(r, _)| *r).max().unwrap_or(0);
        let mut merges_by_row: HashMap<u32, Vec<usize>> = HashMap::new();
        for (index, merge) in merges.iter().enumerate() {
            for row in merge.start.0..=merge.end.0.min(last_row) {
                merges_by_row.entry(row).or_default().push(index);
            }
        }
        Sheet {
            name,
            values,
            merges,
            merges_by_row,
            ruled,
        }
    }

    fn merge_at(&self, row: u32, column: u32) -> Option<&Dimensions> {
        self.merges_by_row.get(&row)?.iter().find_map(|&i| {
            let m = self.merges.get(i)?;
            (m.start.1 <= column && column <= m.end.1).then_some(m)
        })
    }

    /// The text a merged region shows: its top-left cell's.
    fn merge_text(&self, merge: &Dimensions) -> Option<&String> {
        self.values.get(&merge.start)
    }

    /// Whether a row shows anything: a value, or a merged region with text.
    fn is_blank(&self, row: u32) -> bool {
        let has_value = self
            .values
            .range((row, 0)..=(row, u32::MAX))
            .next()
            .is_some();
        let has_merged_text = self.merges_by_row.get(&row).is_some_and(|list| {
            list.iter()
                .filter_map(|&i| self.merges.get(i))
                .any(|m| self.merge_text(m).is_some())
        });
        !has_value && !has_merged_text
    }

    /// Leftmost and rightmost columns a row's content reaches.
    fn extent(&self, row: u32) -> Option<(u32, u32)> {
        let columns = self
            .values
            .range((row, 0)..=(row, u32::MAX))
            .map(|((_, c), _)| (*c, *c));
        let merged = self
            .merges_by_row
            .get(&row)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.merges.get(i))
            .map(|m| (m.start.1, m.end.1));
        columns
            .chain(merged)
            .reduce(|(l1, r1), (l2, r2)| (l1.min(l2), r1.max(r2)))
    }

    /// The row's cells over columns `left..=right`.
    fn cells(&self, row: u32, left: u32, right: u32) -> RowCells {
        let mut cells = Vec::new();
        let mut filled = 0;
        let mut column = left;
        while column <= right {
            let Some(merge) = self.merge_at(row, column) else {
                let text = self.values.get(&(row, column)).cloned().unwrap_or_default();
                filled += usize::from(!text.trim().is_empty());
                cells.push(SourceCell::text(text));
                column = column.saturating_add(1);
                continue;
            };
            let end = merge.end.1.min(right);
            let span = (end - column) as usize + 1;
            if merge.start.0 == row {
                let text = self.merge_text(merge).cloned().unwrap_or_default();
                filled += usize::from(!text.trim().is_empty());
                cells.push(SourceCell::spanning(text, span));
            } else {
                cells.push(SourceCell::continued(span));
            }
            match end.checked_add(1) {
                Some(next) => column = next,
                None => break,
            }
        }
        RowCells { cells, filled }
    }

    /// Whether every cell of `row` over `left..=right` has a border: the
    /// rows of a ruled table, even those with one cell or none filled.
    fn is_ruled(&self, row: u32, left: u32, right: u32) -> bool {
        !self.ruled.is_empty()
            && right.saturating_sub(left) < 16_384
            && (left..=right).all(|c| self.ruled.contains(&(row, c)))
    }

    fn place(&self, row: u32) -> String {
        format!("工作表「{}」第 {} 行", self.name, u64::from(row) + 1)
    }

    /// Append the sheet's paragraphs and tables to `items`.
    fn items(&self, items: &mut Vec<Item>) {
        let (Some(first), Some(last)) = (
            self.values.keys().next().map(|(r, _)| *r),
            self.values.keys().next_back().map(|(r, _)| *r),
        ) else {
            return;
        };
        let mut seen_paragraph = false;
        let mut seen_table = false;
        let mut row = first;
        while row <= last {
            if self.is_blank(row) {
                row += 1;
                continue;
            }
            let start = row;
            while row <= last && !self.is_blank(row) {
                row += 1;
            }
            let (block, next) = self.block(start, row - 1);
            for item in block {
                match &item {
                    Item::Paragraph { .. } => seen_paragraph = true,
                    Item::Table { .. } if !seen_table => {
                        seen_table = true;
                        // Offices often name a table only in its sheet tab.
                        if !seen_paragraph {
                            items.push(Item::Paragraph {
                                place: format!("工作表「{}」", self.name),
                                text: self.name.clone(),
                            });
                        }
                    }
                    Item::Table { .. } => {}
                }
                items.push(item);
            }
            row = next;
        }
    }

    /// The items of the non-blank rows `start..=end`, and the row to go on
    /// from (past ruled blank rows the table took in).
    fn block(&self, start: u32, end: u32) -> (Vec<Item>, u32) {
        let filled = |row: u32| {
            self.extent(row)
                .map_or(0, |(left, right)| self.cells(row, left, right).filled)
        };
        let wide: Vec<u32> = (start..=end).filter(|&r| filled(r) >= 2).collect();
        let (Some(&first_wide), Some(&last_wide)) = (wide.first(), wide.last()) else {
            let paragraphs = (start..=end).map(|r| self.paragraph(r)).collect();
            return (paragraphs, end + 1);
        };
        let (mut left, mut right) = self.extent_of(first_wide, last_wide);
        // Rows with one cell filled (or none) belong to a ruled table too:
        // an empty table's row of empty cells, a 合计 row with no amounts.
        let (mut top, mut bottom) = (first_wide, last_wide);
        while top > start && self.is_ruled(top - 1, left, right) {
            top -= 1;
        }
        while bottom < u32::MAX
            && (bottom < end || self.is_blank(bottom + 1))
            && self.is_ruled(bottom + 1, left, right)
        {
            bottom += 1;
        }
        if (top, bottom) != (first_wide, last_wide) {
            (left, right) = self.extent_of(top, bottom);
        }
        let mut items: Vec<Item> = (start..top).map(|r| self.paragraph(r)).collect();
        items.push(Item::Table {
            rows: (top..=bottom)
                .map(|r| SourceRow {
                    place: self.place(r),
                    cells: self.cells(r, left, right).cells,
                })
                .collect(),
        });
        items.extend((bottom + 1..=end).map(|r| self.paragraph(r)));
        (items, end.max(bottom) + 1)
    }

    /// The columns rows `top..=bottom` reach together.
    fn extent_of(&self, top: u32, bottom: u32) -> (u32, u32) {
        (top..=bottom)
            .filter_map(|r| self.extent(r))
            .reduce(|(l1, r1), (l2, r2)| (l1.min(l2), r1.max(r2)))
            .unwrap_or((0, 0))
    }

    /// A row read as a paragraph: its one filled cell, or the first cell
    /// holding anything (a paragraph of a single space is still one).
    fn paragraph(&self, row: u32) -> Item {
        let cells = self
            .extent(row)
            .map(|(left, right)| self.cells(row, left, right).cells)
            .unwrap_or_default();
        let text = cells
            .iter()
            .find(|c| !c.text.trim().is_empty())
            .or_else(|| cells.iter().find(|c| !c.text.is_empty()))
            .map(|c| c.text.clone())
            .unwrap_or_default();
        Item::Paragraph {
            place: self.place(row),
            text,
        }
    }
}

/// A cell's text as Excel shows it; `None` for an empty cell.
fn display(data: &Data, format: Option<&str>) -> Option<String> {
    Some(match data {
        Data::Empty => return None,
        Data::String(text) => text.clone(),
        Data::Int(n) => number(*n as f64, Some(n.to_string()), format),
        Data::Float(x) => number(*x, None, format),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(t) if t.is_datetime() => {
            let (y, mo, d, h, mi, s, _) = t.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(t) => shortest(t.as_f64()),
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
    })
}

/// The shortest decimal that reads back as `x`, never in exponent form:
/// 1079.09 stays "1079.09", 2010301.0 is "2010301".
fn shortest(x: f64) -> String {
    if x == 0.0 {
        // No "-0".
        return "0".into();
    }
    format!("{x}")
}

/// A number as its number format shows it. Decoration that only lines
/// cells up (padding `_x`, fill `*x`, colours) is left out; a format this
/// reader cannot follow (exponents, fractions) leaves the shortest decimal.
fn number(x: f64, exact: Option<String>, format: Option<&str>) -> String {
    let plain = || exact.clone().unwrap_or_else(|| shortest(x));
    match format {
        Some(code) if !code.eq_ignore_ascii_case("General") && code != "@" => {
            formatted(x, code).unwrap_or_else(plain)
        }
        _ => plain(),
    }
}

/// A number format's sections split at `;` outside quotes and brackets.
fn sections(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut bracket, mut escaped) = (0, false, false, false);
    for (i, ch) in code.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match ch {
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted && !bracket => {
                out.push(&code[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&code[start..]);
    out
}

fn formatted(x: f64, code: &str) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    let sections = sections(code);
    let (section, value, sign) = match (sections.as_slice(), x) {
        ([_, negative, ..], x) if x < 0.0 => (*negative, -x, ""),
        ([_, _, zero, ..], x) if x == 0.0 => (*zero, x, ""),
        ([positive, ..], x) if x < 0.0 => (*positive, -x, "-"),
        ([positive, ..], x) => (*positive, x, ""),
        ([], _) => return None,
    };
    let pattern = Pattern::parse(section)?;
    if pattern.integer_placeholders == 0 && pattern.fraction_placeholders == 0 {
        // A section of text only, such as accounting's "-" for zero.
        return Some(
            format!("{}{}", pattern.prefix, pattern.suffix)
                .trim()
                .to_string(),
        );
    }
    let scaled = if pattern.percent {
        value * 100.0
    } else {
        value
    };
    let decimal = Decimal::from_str(&shortest(scaled)).ok()?;
    let rounded = decimal.round_dp_with_strategy(
        pattern.fraction_placeholders,
        RoundingStrategy::MidpointAwayFromZero,
    );
    let text = format!(
        "{rounded:.prec$}",
        prec = pattern.fraction_placeholders as usize
    );
    let (integer, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let integer = integer.trim_start_matches('0');
    let integer = if integer.len() < pattern.integer_zeros {
        format!("{integer:0>width$}", width = pattern.integer_zeros)
    } else {
        integer.to_string()
    };
    let integer = if pattern.grouping {
        group_thousands(&integer)
    } else {
        integer
    };
    // Optional fraction digits ('#', '?') show only when not zero.
    let keep = fraction
        .trim_end_matches('0')
        .len()
        .max(pattern.fraction_zeros as usize);
    let fraction = &fraction[..keep.min(fraction.len())];
    let sign = if rounded.is_zero() { "" } else { sign };
    let mut out = format!("{sign}{}", pattern.prefix);
    out.push_str(&integer);
    if !fraction.is_empty() || pattern.point_shown {
        out.push('.');
        out.push_str(fraction);
    }
    if pattern.percent {
        out.push('%');
    }
    out.push_str(&pattern.suffix);
    Some(out.trim().to_string())
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// What one section of a number format asks for.
#[derive(Debug, Default, PartialEq)]
struct Pattern {
    /// Text before the first digit placeholder and after the last one.
    prefix: String,
    suffix: String,
    integer_placeholders: usize,
    /// '0' placeholders before the point: digits always shown.
    integer_zeros: usize,
    fraction_placeholders: u32,
    /// '0' placeholders after the point.
    fraction_zeros: u32,
    grouping: bool,
    percent: bool,
    /// The point shows even with no fraction digits ("0.").
    point_shown: bool,
}

impl Pattern {
    /// `None` for what is not a plain number pattern (dates, exponents,
    /// fractions): those are left to the shortest decimal.
    fn parse(section: &str) -> Option<Pattern> {
        let mut p = Pattern::default();
        let mut chars = section.chars().peekable();
        let mut in_fraction = false;
        let mut seen_digit = false;
        let mut literal = String::new();
        while let Some(ch) = chars.next() {
            match ch {
                '"' => {
                    for c in chars.by_ref() {
                        if c == '"' {
                            break;
                        }
                        literal.push(c);
                    }
                }
                '\\' => literal.extend(chars.next()),
                // Padding and fill only line cells up.
                '_' | '*' => {
                    chars.next();
                }
                '[' => {
                    // Colours and conditions; a currency tag [$¥-804] shows
                    // its symbol.
                    let tag: String = chars.by_ref().take_while(|&c| c != ']').collect();
                    if let Some(currency) = tag.strip_prefix('$') {
                        literal.push_str(currency.split('-').next().unwrap_or(""));
                    }
                }
                '0' | '#' | '?' => {
                    if !seen_digit {
                        p.prefix = std::mem::take(&mut literal);
                        seen_digit = true;
                    }
                    literal.clear();
                    if in_fraction {
                        p.fraction_placeholders += 1;
                        p.fraction_zeros +=
                            u32::from(ch == '0' && p.fraction_zeros + 1 == p.fraction_placeholders);
                    } else {
                        p.integer_placeholders += 1;
                        p.integer_zeros += usize::from(ch == '0');
                    }
                }
                '.' if !in_fraction => {
                    if !seen_digit {
                        p.prefix = std::mem::take(&mut literal);
                        seen_digit = true;
                    }
                    in_fraction = true;
                    p.point_shown = true;
                }
                ',' if seen_digit && !in_fraction => {
                    if chars.peek().is_some_and(|c| matches!(c, '0' | '#' | '?')) {
                        p.grouping = true;
                    } else {
                        // Trailing commas scale by 1000: rare in budgets.
                        return None;
                    }
                }
                '%' => p.percent = true,
                '@' | 'E' | 'e' | '/' => return None,
                c if c.is_ascii_alphabetic() => return None,
                c => literal.push(c),
            }
        }
        if seen_digit {
            p.suffix = literal;
        } else {
            p.prefix = literal;
        }
        // "0." with no fraction digits shows the point; "0.00" counts it
        // with its digits.
        p.point_shown = p.point_shown && p.fraction_placeholders == 0;
        Some(p)
    }
}

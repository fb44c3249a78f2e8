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
    Data, Dimensions, Reader, SheetType, SheetVisible, StyleRange, Xls, XlsError, Xlsx, XlsxError,
};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Cursor;
use std::str::FromStr;

/// Excel's grid: 1,048,576 rows and 16,384 columns (A1:XFD1048576). A cell
/// outside it was not written by Excel.
const EXCEL_ROWS: u32 = 1 << 20;
const EXCEL_COLUMNS: u32 = 1 << 14;
/// Cells one sheet's rows may lay out (and merge rows it may hold): far
/// beyond any disclosure, well below what would exhaust memory. Without it
/// a stray value in column XFD makes every row of a table 16,384 cells
/// wide, and a few thousand merges over a tall sheet are billions of
/// continuation cells.
const MAX_GRID: u64 = 2_000_000;

const PASSWORD: &str = "文件受密码保护，请先在 Office 中去除密码再导入 (the document is password-protected; remove the password in Office first)";

/// Read a workbook. Zip bytes are an .xlsx/.xlsm, anything else an .xls.
pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    let (format, sheets) = if bytes.starts_with(b"PK") {
        ("Excel", guarded(|| xlsx_sheets(bytes))?)
    } else {
        ("Excel 97-2003", guarded(|| xls_sheets(bytes))?)
    };
    let mut items = Vec::new();
    for sheet in &sheets {
        sheet.items(&mut items)?;
    }
    if !items.iter().any(|item| matches!(item, Item::Table { .. })) {
        return Err("Excel 工作簿中没有表格 (no tables in the Excel workbook)".into());
    }
    Ok(Extracted {
        format: format.into(),
        items,
        warnings: Vec::new(),
    })
}

/// calamine trusts what it parses: a merged range written end first
/// ("C3:A1") or a column name of a dozen letters overflows its arithmetic,
/// which panics in a debug build, and other slips may hide elsewhere. A
/// panic there means a malformed workbook, not a reason to stop the import;
/// whatever calamine left half-built is dropped with the closure.
fn guarded<T>(read: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(damaged(
            "内容不合规范，解析失败 (malformed content the workbook parser cannot follow)",
        ))
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
        // Cell by cell rather than through a Range, which would allocate
        // the whole bounding box: one stray cell at XFD1048576 in a damaged
        // file would ask for billions of cells.
        let mut cells = Vec::new();
        let mut reader = book
            .worksheet_cells_reader(&name)
            .map_err(|e| damaged_sheet(&name, e))?;
        while let Some(cell) = reader.next_cell().map_err(|e| damaged_sheet(&name, e))? {
            let data: Data = cell.get_value().clone().into();
            if data != Data::Empty {
                cells.push((cell.get_position(), data));
            }
        }
        drop(reader);
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| damaged_sheet(&name, e))?;
        let styles = book
            .worksheet_style(&name)
            .map_err(|e| damaged_sheet(&name, e))?;
        sheets.push(Sheet::new(name, cells, merges, Styles::Xlsx(styles))?);
    }
    Ok(sheets)
}

fn xls_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    // calamine trusts the records' sizes: refuse what would make it
    // overflow or allocate without bound before it sees the file.
    biff::check(bytes).map_err(damaged)?;
    let mut book = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsError::Password => PASSWORD.to_string(),
        e => damaged(e),
    })?;
    // calamine keeps no number formats or borders for .xls: read them from
    // the records themselves (none when that fails; the values still read).
    let styles = biff::styles(bytes).unwrap_or_default();
    let mut sheets = Vec::new();
    for name in visible_sheets(book.sheets_metadata()) {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| damaged_sheet(&name, e))?;
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| damaged_sheet(&name, e))?;
        let sheet_styles = match styles.sheets.get(&name) {
            Some(cells) => Styles::Xls(&styles, cells),
            None => Styles::None,
        };
        let cells = range.used_cells().filter_map(|(row, column, data)| {
            // A Range starts at its first used cell, not at A1.
            let (r0, c0) = range.start()?;
            let row = r0.checked_add(u32::try_from(row).ok()?)?;
            let column = c0.checked_add(u32::try_from(column).ok()?)?;
            Some(((row, column), data.clone()))
        });
        sheets.push(Sheet::new(name, cells, merges, sheet_styles)?);
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

/// Where a sheet's number formats and borders come from.
enum Styles<'a> {
    Xlsx(StyleRange),
    /// The workbook's tables and the sheet's cells → XF index.
    Xls(&'a biff::Styles, &'a HashMap<(u32, u32), u16>),
    None,
}

impl Styles<'_> {
    fn format(&self, position: (u32, u32)) -> Option<&str> {
        match self {
            Styles::Xlsx(range) => range
                .get(position)
                .and_then(|s| s.number_format.as_ref())
                .map(|f| f.format_code.as_str()),
            Styles::Xls(book, cells) => book.format(*cells.get(&position)?),
            Styles::None => None,
        }
    }

    /// Which cells have a visible border.
    fn into_ruling(self) -> Ruling {
        match self {
            Styles::Xlsx(range) => Ruling::Styles(range),
            Styles::Xls(book, cells) => Ruling::Cells(
                cells
                    .iter()
                    .filter(|(_, &xf)| book.is_ruled(xf))
                    .map(|(&position, _)| position)
                    .collect(),
            ),
            Styles::None => Ruling::Cells(HashSet::new()),
        }
    }
}

/// Which cells have a visible border.
enum Ruling {
    /// Looked up cell by cell: listing the ruled cells would walk the whole
    /// box between the first and the last styled cell, 17 billion cells
    /// when one sits in A1 and one in XFD1048576.
    Styles(StyleRange),
    Cells(HashSet<(u32, u32)>),
}

impl Ruling {
    fn is_empty(&self) -> bool {
        match self {
            Ruling::Styles(range) => range.is_empty(),
            Ruling::Cells(cells) => cells.is_empty(),
        }
    }

    fn contains(&self, position: (u32, u32)) -> bool {
        match self {
            Ruling::Styles(range) => range
                .get(position)
                .and_then(|style| style.borders.as_ref())
                .is_some_and(|b| b.has_visible_borders()),
            Ruling::Cells(cells) => cells.contains(&position),
        }
    }
}

/// One worksheet's cells as Excel shows them, in absolute coordinates.
struct Sheet {
    name: String,
    /// (row, column) → displayed text, for every cell that holds a value.
    values: BTreeMap<(u32, u32), String>,
    merges: Vec<Dimensions>,
    /// Merges covering each row (indexes into `merges`), left to right and
    /// not overlapping, so that the one at a column is found by bisection.
    merges_by_row: HashMap<u32, Vec<usize>>,
    /// Cells with a visible border, whether or not they hold a value.
    ruling: Ruling,
}

/// A row cut into cells, merges applied.
struct RowCells {
    cells: Vec<SourceCell>,
    /// Cells with visible text (not blank, not a continuation).
    filled: usize,
}

impl Sheet {
    /// `cells`: ((row, column), value) in absolute sheet coordinates.
    fn new(
        name: String,
        cells: impl IntoIterator<Item = ((u32, u32), Data)>,
        merges: Vec<Dimensions>,
        styles: Styles<'_>,
    ) -> Result<Sheet, String> {
        let mut values: BTreeMap<(u32, u32), String> = BTreeMap::new();
        for (position, data) in cells {
            let (row, column) = position;
            if row >= EXCEL_ROWS || column >= EXCEL_COLUMNS {
                return Err(damaged_sheet(
                    &name,
                    format_args!(
                        "单元格位置超出 Excel 的范围：第 {} 行第 {} 列 (a cell at row {}, column {}, outside Excel's grid)",
                        u64::from(row) + 1,
                        u64::from(column) + 1,
                        u64::from(row) + 1,
                        u64::from(column) + 1
                    ),
                ));
            }
            if let Some(text) = display(&data, styles.format(position)) {
                values.insert(position, text);
            }
        }
        let ruling = styles.into_ruling();
        // Only rows that hold something can need a merge; a region reaching
        // far past the used cells (A1:XFD1048576) is clamped to them. A
        // region whose end lies before its start covers nothing.
        let first_row = values.keys().next().map_or(0, |(r, _)| *r);
        let last_row = values.keys().next_back().map_or(0, |(r, _)| *r);
        let mut merges_by_row: HashMap<u32, Vec<usize>> = HashMap::new();
        let mut merge_rows: u64 = 0;
        for (index, merge) in merges.iter().enumerate() {
            if merge.start.1 > merge.end.1 {
                continue;
            }
            let (top, bottom) = (merge.start.0.max(first_row), merge.end.0.min(last_row));
            merge_rows += bottom
                .checked_sub(top)
                .map_or(0, |rows| u64::from(rows) + 1);
            if merge_rows > MAX_GRID {
                return Err(damaged_sheet(
                    &name,
                    format_args!(
                        "合并单元格过多，超过 {MAX_GRID} 行次 (merged regions cover more than {MAX_GRID} rows in all)"
                    ),
                ));
            }
            for row in top..=bottom {
                merges_by_row.entry(row).or_default().push(index);
            }
        }
        // Excel never lets merged regions overlap; in a file that has them,
        // the region starting further left (or listed first) keeps the cells.
        for list in merges_by_row.values_mut() {
            list.sort_by_key(|&i| (merges.get(i).map_or(0, |m| m.start.1), i));
            let mut reach: Option<u32> = None;
            list.retain(|&i| {
                let Some(m) = merges.get(i) else {
                    return false;
                };
                if reach.is_some_and(|end| m.start.1 <= end) {
                    return false;
                }
                reach = Some(m.end.1);
                true
            });
        }
        Ok(Sheet {
            name,
            values,
            merges,
            merges_by_row,
            ruling,
        })
    }

    fn merge_at(&self, row: u32, column: u32) -> Option<&Dimensions> {
        let list = self.merges_by_row.get(&row)?;
        let after =
            list.partition_point(|&i| self.merges.get(i).is_some_and(|m| m.start.1 <= column));
        let m = self.merges.get(*list.get(after.checked_sub(1)?)?)?;
        (column <= m.end.1).then_some(m)
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
        !self.ruling.is_empty()
            && right.saturating_sub(left) < EXCEL_COLUMNS
            && (left..=right).all(|c| self.ruling.contains((row, c)))
    }

    fn place(&self, row: u32) -> String {
        format!("工作表「{}」第 {} 行", self.name, u64::from(row) + 1)
    }

    /// Refuse laying out `cells` cells for the rows from `row` on.
    fn within_budget(&self, row: u32, cells: u64) -> Result<(), String> {
        if cells <= MAX_GRID {
            return Ok(());
        }
        Err(damaged_sheet(
            &self.name,
            format_args!(
                "第 {} 行起的表格有 {cells} 个单元格，超过 {MAX_GRID} 个，可能有远离表格的单元格 (the rows from row {} span {cells} cells, more than {MAX_GRID}; a cell far from the table?)",
                u64::from(row) + 1,
                u64::from(row) + 1
            ),
        ))
    }

    /// Append the sheet's paragraphs and tables to `items`.
    fn items(&self, items: &mut Vec<Item>) -> Result<(), String> {
        let (Some(first), Some(last)) = (
            self.values.keys().next().map(|(r, _)| *r),
            self.values.keys().next_back().map(|(r, _)| *r),
        ) else {
            return Ok(());
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
            let (block, next) = self.block(start, row - 1)?;
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
        Ok(())
    }

    /// The items of the non-blank rows `start..=end`, and the row to go on
    /// from (past ruled blank rows the table took in).
    fn block(&self, start: u32, end: u32) -> Result<(Vec<Item>, u32), String> {
        let widths: u64 = (start..=end)
            .filter_map(|row| self.extent(row))
            .map(|(left, right)| u64::from(right - left) + 1)
            .sum();
        self.within_budget(start, widths)?;
        let filled = |row: u32| {
            self.extent(row)
                .map_or(0, |(left, right)| self.cells(row, left, right).filled)
        };
        let wide: Vec<u32> = (start..=end).filter(|&r| filled(r) >= 2).collect();
        let (Some(&first_wide), Some(&last_wide)) = (wide.first(), wide.last()) else {
            let paragraphs = (start..=end).map(|r| self.paragraph(r)).collect();
            return Ok((paragraphs, end + 1));
        };
        let (mut left, mut right) = self.extent_of(first_wide, last_wide);
        // Rows with one cell filled (or none) belong to a ruled table too:
        // an empty table's row of empty cells, a 合计 row with no amounts.
        // Checked row by row: a damaged style that rules every cell must
        // not walk a million rows 16,384 cells wide.
        let grid = |top: u32, bottom: u32, left: u32, right: u32| {
            (u64::from(bottom - top) + 1) * (u64::from(right.saturating_sub(left)) + 1)
        };
        let (mut top, mut bottom) = (first_wide, last_wide);
        self.within_budget(top, grid(top, bottom, left, right))?;
        while top > start && self.is_ruled(top - 1, left, right) {
            top -= 1;
            self.within_budget(top, grid(top, bottom, left, right))?;
        }
        while bottom < u32::MAX
            && (bottom < end || self.is_blank(bottom + 1))
            && self.is_ruled(bottom + 1, left, right)
        {
            bottom += 1;
            self.within_budget(top, grid(top, bottom, left, right))?;
        }
        if (top, bottom) != (first_wide, last_wide) {
            (left, right) = self.extent_of(top, bottom);
            self.within_budget(top, grid(top, bottom, left, right))?;
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
        Ok((items, end.max(bottom) + 1))
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

/// Excel's limit on a number format code, in characters.
const MAX_FORMAT_CODE: usize = 255;

fn formatted(x: f64, code: &str) -> Option<String> {
    // A longer code was not written by Excel, and its zeros and literal
    // text would be copied into every cell it formats: a megabyte of "0"
    // over 50,000 cells is 50 GB.
    if !x.is_finite() || code.chars().count() > MAX_FORMAT_CODE {
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
    if pattern.fraction_placeholders > 20 {
        return None;
    }
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
        crate::amount::group_thousands(&integer)
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

/// Number formats and borders of an Excel 97-2003 (BIFF8) workbook, read
/// from its records: calamine reads the values but keeps neither.
mod biff {
    use std::collections::HashMap;
    use std::io::{Cursor, Read};

    #[derive(Debug, Default)]
    pub struct Styles {
        /// Format code by format index (FORMAT records).
        codes: HashMap<u16, String>,
        /// Per XF index: its format index and whether it draws a border.
        xfs: Vec<(u16, bool)>,
        /// Sheet name → (row, column) → XF index, for cells with a record.
        pub sheets: HashMap<String, HashMap<(u32, u32), u16>>,
    }

    impl Styles {
        pub fn format(&self, xf: u16) -> Option<&str> {
            let &(index, _) = self.xfs.get(usize::from(xf))?;
            self.codes
                .get(&index)
                .map(String::as_str)
                .or_else(|| builtin(index))
        }

        pub fn is_ruled(&self, xf: u16) -> bool {
            self.xfs
                .get(usize::from(xf))
                .is_some_and(|&(_, ruled)| ruled)
        }
    }

    /// The formats Excel does not write out (ECMA-376 18.8.30, the same in
    /// BIFF8).
    fn builtin(index: u16) -> Option<&'static str> {
        Some(match index {
            1 => "0",
            2 => "0.00",
            3 => "#,##0",
            4 => "#,##0.00",
            9 => "0%",
            10 => "0.00%",
            37 => "#,##0 ;(#,##0)",
            38 => "#,##0 ;[Red](#,##0)",
            39 => "#,##0.00;(#,##0.00)",
            40 => "#,##0.00;[Red](#,##0.00)",
            _ => return None,
        })
    }

    fn u16_at(data: &[u8], at: usize) -> Option<u16> {
        Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
    }

    fn u32_at(data: &[u8], at: usize) -> Option<u32> {
        Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
    }

    /// (type, data) of each record from `offset` up to the substream's EOF.
    fn records(stream: &[u8], offset: usize) -> impl Iterator<Item = (u16, &[u8])> + '_ {
        let mut at = offset;
        std::iter::from_fn(move || {
            let kind = u16_at(stream, at)?;
            let len = usize::from(u16_at(stream, at + 2)?);
            let data = stream.get(at + 4..at + 4 + len)?;
            at += 4 + len;
            Some((kind, data))
        })
        .take_while(|(kind, _)| *kind != 0x000A)
    }

    /// A BIFF8 string of `count` characters at `data[at..]` whose flags
    /// byte says whether characters take one byte or two.
    fn string(data: &[u8], count: usize, at: usize) -> Option<String> {
        let flags = *data.get(at)?;
        let chars = data.get(at + 1..)?;
        if flags & 1 == 0 {
            Some(chars.get(..count)?.iter().map(|&b| char::from(b)).collect())
        } else {
            let units: Vec<u16> = chars
                .get(..count * 2)?
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
    }

    /// Cells one sheet may span (rows × columns of its used area): far
    /// beyond any budget table, well below what would exhaust memory.
    const MAX_CELLS: u64 = 2_000_000;

    /// Refuse a workbook stream whose cell records are inconsistent or
    /// span an area no sheet of a disclosure has.
    pub fn check(bytes: &[u8]) -> Result<(), String> {
        let Some(stream) = workbook_stream(bytes) else {
            // Not a BIFF8 workbook we can walk; calamine says what it is.
            return Ok(());
        };
        let mut offsets = Vec::new();
        for (kind, data) in records(&stream, 0) {
            match kind {
                0x002F => return Ok(()),
                0x0085 => offsets.extend(u32_at(data, 0)),
                _ => {}
            }
        }
        for offset in offsets {
            check_sheet(&stream, offset as usize)?;
        }
        Ok(())
    }

    fn check_sheet(stream: &[u8], offset: usize) -> Result<(), String> {
        let Some(body) = sheet_body(stream, offset) else {
            return Err("工作表记录位置无效 (a sheet points outside the file)".into());
        };
        let mut used: Option<(u32, u32, u32, u32)> = None;
        let mut take = |row: u32, first: u32, last: u32| {
            let (r0, c0, r1, c1) = used.unwrap_or((row, first, row, last));
            used = Some((r0.min(row), c0.min(first), r1.max(row), c1.max(last)));
        };
        let bad = |what: &str| format!("单元格记录无效 (invalid {what} record)");
        for (kind, data) in records(stream, body) {
            match kind {
                0x0200 => {
                    // DIMENSIONS: first row, last row + 1, first column,
                    // last column + 1; calamine reserves room for that area
                    // (a first column past 255 it takes as 0).
                    let (Some(r0), Some(r1), Some(c0), Some(c1)) = (
                        u32_at(data, 0),
                        u32_at(data, 4),
                        u16_at(data, 8),
                        u16_at(data, 10),
                    ) else {
                        continue;
                    };
                    let c0 = if c0 > 0xFF || c1 < c0 { 0 } else { c0 };
                    if r1 >= 1 && c1 >= 1 {
                        if r1 <= r0 || c1 <= c0 {
                            return Err(bad("DIMENSIONS"));
                        }
                        let area = u64::from(r1 - r0) * u64::from(c1 - c0);
                        if area > MAX_CELLS {
                            return Err(format!(
                                "工作表的单元格范围过大 (a sheet spans {area} cells)"
                            ));
                        }
                    }
                }
                0x0203 | 0x027E | 0x0006 | 0x00FD | 0x0204 | 0x0205 | 0x0201 => {
                    let (Some(row), Some(column)) = (u16_at(data, 0), u16_at(data, 2)) else {
                        return Err(bad("cell"));
                    };
                    take(row.into(), column.into(), column.into());
                }
                0x00BD | 0x00BE => {
                    let step = if kind == 0x00BD { 6 } else { 2 };
                    let (Some(row), Some(first), Some(last)) = (
                        u16_at(data, 0),
                        u16_at(data, 2),
                        data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                    ) else {
                        return Err(bad("MULRK"));
                    };
                    let count = usize::from(last.wrapping_sub(first)) + 1;
                    if last < first || data.len() != 6 + step * count {
                        return Err(bad("MULRK"));
                    }
                    take(row.into(), first.into(), last.into());
                }
                _ => {}
            }
        }
        if let Some((r0, c0, r1, c1)) = used {
            let cells = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
            if cells > MAX_CELLS {
                return Err(format!(
                    "工作表的单元格范围过大 (a sheet spans {cells} cells)"
                ));
            }
        }
        Ok(())
    }

    /// Where the first sheet's substream starts (its BOUNDSHEET offset).
    #[cfg(test)]
    pub fn first_sheet_offset(stream: &[u8]) -> Option<usize> {
        records(stream, 0)
            .find(|(kind, _)| *kind == 0x0085)
            .and_then(|(_, data)| u32_at(data, 0))
            .map(|offset| offset as usize)
    }

    /// The position of the first record of `kind` in the sheet substream
    /// at `offset`.
    #[cfg(test)]
    pub fn find_record(stream: &[u8], offset: usize, kind: u16) -> Option<usize> {
        let mut at = sheet_body(stream, offset)?;
        loop {
            let this = u16_at(stream, at)?;
            if this == kind {
                return Some(at);
            }
            at += 4 + usize::from(u16_at(stream, at + 2)?);
        }
    }

    /// The workbook stream calamine reads: "Workbook", or "Book" (Excel
    /// 5/95) when there is none, so that neither escapes the checks.
    fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
        let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
        let name = ["/Workbook", "/Book"]
            .into_iter()
            .find(|name| file.is_stream(name))?;
        let mut stream = Vec::new();
        file.open_stream(name).ok()?.read_to_end(&mut stream).ok()?;
        Some(stream)
    }

    /// Where a sheet substream's records start, past its own BOF.
    fn sheet_body(stream: &[u8], offset: usize) -> Option<usize> {
        let len = usize::from(u16_at(stream.get(offset..)?, 2)?);
        Some(offset + 4 + len)
    }

    pub fn styles(bytes: &[u8]) -> Option<Styles> {
        let stream = workbook_stream(bytes)?;
        let mut styles = Styles::default();
        let mut sheets = Vec::new();
        for (kind, data) in records(&stream, 0) {
            match kind {
                // FILEPASS: the rest is encrypted.
                0x002F => return None,
                0x041E => {
                    let (Some(index), Some(count)) = (u16_at(data, 0), u16_at(data, 2)) else {
                        continue;
                    };
                    if let Some(code) = string(data, usize::from(count), 4) {
                        styles.codes.insert(index, code);
                    }
                }
                0x00E0 => {
                    let format = u16_at(data, 2).unwrap_or(0);
                    let borders = u16_at(data, 10).unwrap_or(0);
                    styles.xfs.push((format, borders != 0));
                }
                0x0085 => {
                    let (Some(offset), Some(&count)) = (u32_at(data, 0), data.get(6)) else {
                        continue;
                    };
                    if let Some(name) = string(data, usize::from(count), 7) {
                        sheets.push((name, offset as usize));
                    }
                }
                _ => {}
            }
        }
        for (name, offset) in sheets {
            styles.sheets.insert(name, sheet_cells(&stream, offset));
        }
        Some(styles)
    }

    /// (row, column) → XF index of every cell record in a sheet substream.
    fn sheet_cells(stream: &[u8], offset: usize) -> HashMap<(u32, u32), u16> {
        let mut cells = HashMap::new();
        let mut put = |row: Option<u16>, column: Option<u16>, xf: Option<u16>| {
            if let (Some(row), Some(column), Some(xf)) = (row, column, xf) {
                cells.insert((u32::from(row), u32::from(column)), xf);
            }
        };
        let Some(body) = sheet_body(stream, offset) else {
            return cells;
        };
        for (kind, data) in records(stream, body) {
            match kind {
                // NUMBER, RK, FORMULA, LABELSST, LABEL, BOOLERR, BLANK.
                0x0203 | 0x027E | 0x0006 | 0x00FD | 0x0204 | 0x0205 | 0x0201 => {
                    put(u16_at(data, 0), u16_at(data, 2), u16_at(data, 4));
                }
                // MULRK: (XF, RK) pairs of 6 bytes; MULBLANK: XF indexes.
                0x00BD | 0x00BE => {
                    let step = if kind == 0x00BD { 6 } else { 2 };
                    let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) else {
                        continue;
                    };
                    let count = data.len().saturating_sub(6) / step;
                    for i in 0..count {
                        let column = first.checked_add(i as u16);
                        put(Some(row), column, u16_at(data, 4 + i * step));
                    }
                }
                _ => {}
            }
        }
        cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{Format, FormatBorder, Workbook};

    fn xlsx(fill: impl FnOnce(&mut Workbook)) -> Vec<u8> {
        let mut book = Workbook::new();
        fill(&mut book);
        book.save_to_buffer().unwrap()
    }

    /// Items as text: "P text @place", table rows "a|b<2>|^1 @place".
    fn shape(doc: &Extracted) -> Vec<String> {
        let mut out = Vec::new();
        for item in &doc.items {
            match item {
                Item::Paragraph { place, text } => out.push(format!("P {text} @{place}")),
                Item::Table { rows } => {
                    out.push("T".into());
                    for row in rows {
                        let cells: Vec<String> = row.cells.iter().map(SourceCell::sketch).collect();
                        out.push(format!("{} @{}", cells.join("|"), row.place));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn merged_regions_span_and_continue_away_from_a1() {
        // The table starts at C5 (row 5 as Excel shows it); the Range
        // calamine gives starts there too, the merges are absolute.
        let bytes = xlsx(|book| {
            let s = book.add_worksheet().set_name("收支").unwrap();
            let f = Format::new();
            s.write_string(2, 2, "单位预算收支总表").unwrap();
            s.merge_range(4, 2, 5, 2, "序号", &f).unwrap();
            s.merge_range(4, 3, 4, 4, "收入", &f).unwrap();
            s.write_string(5, 3, "项目").unwrap();
            s.write_string(5, 4, "预算数").unwrap();
            s.write_number(6, 2, 1).unwrap();
            s.write_string(6, 3, "一般公共预算拨款收入").unwrap();
            s.write_number(6, 4, 1079.09).unwrap();
        });
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.format, "Excel");
        assert_eq!(
            shape(&doc),
            [
                "P 单位预算收支总表 @工作表「收支」第 3 行",
                "T",
                "序号|收入<2> @工作表「收支」第 5 行",
                "^1|项目|预算数 @工作表「收支」第 6 行",
                "1|一般公共预算拨款收入|1079.09 @工作表「收支」第 7 行",
            ]
        );
    }

    #[test]
    fn several_tables_on_a_sheet_keep_their_titles_and_notes() {
        // Title directly above the first table, a note directly below it, a
        // blank row, then a second title and table; a row with one filled
        // cell between two table rows stays in its table.
        let bytes = xlsx(|book| {
            let s = book.add_worksheet().set_name("Sheet1").unwrap();
            let rows: [&[&str]; 9] = [
                &["表一"],
                &["项目", "金额"],
                &["合计", ""],
                &["办公费", "5.84"],
                &["注：单位万元。"],
                &[],
                &["表二"],
                &["项目", "金额"],
                &["邮电费", "4.44"],
            ];
            for (r, row) in rows.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    s.write_string(r as u32, c as u16, *text).unwrap();
                }
            }
        });
        assert_eq!(
            shape(&read(&bytes).unwrap()),
            [
                "P 表一 @工作表「Sheet1」第 1 行",
                "T",
                "项目|金额 @工作表「Sheet1」第 2 行",
                "合计| @工作表「Sheet1」第 3 行",
                "办公费|5.84 @工作表「Sheet1」第 4 行",
                "P 注：单位万元。 @工作表「Sheet1」第 5 行",
                "P 表二 @工作表「Sheet1」第 7 行",
                "T",
                "项目|金额 @工作表「Sheet1」第 8 行",
                "邮电费|4.44 @工作表「Sheet1」第 9 行",
            ]
        );
    }

    #[test]
    fn a_table_titled_only_in_its_sheet_tab_takes_the_sheet_name() {
        let bytes = xlsx(|book| {
            let s = book.add_worksheet().set_name("单位预算支出总表").unwrap();
            s.write_string(0, 0, "科目").unwrap();
            s.write_string(0, 1, "合计").unwrap();
            s.write_string(1, 0, "201").unwrap();
            s.write_number(1, 1, 681.91).unwrap();
            s.write_string(3, 0, "科目").unwrap();
            s.write_string(3, 1, "合计").unwrap();
            // A hidden working sheet is not part of what was published.
            let hidden = book.add_worksheet().set_name("底稿").unwrap();
            hidden.write_string(0, 0, "草稿").unwrap();
            hidden.write_string(0, 1, "1").unwrap();
            hidden.set_hidden(true);
            let s = book.add_worksheet().set_name("表2").unwrap();
            s.write_string(0, 0, "标题").unwrap();
            s.write_string(2, 0, "甲").unwrap();
            s.write_string(2, 1, "乙").unwrap();
        });
        assert_eq!(
            shape(&read(&bytes).unwrap()),
            [
                "P 单位预算支出总表 @工作表「单位预算支出总表」",
                "T",
                "科目|合计 @工作表「单位预算支出总表」第 1 行",
                "201|681.91 @工作表「单位预算支出总表」第 2 行",
                // Only the sheet's first table takes the name.
                "T",
                "科目|合计 @工作表「单位预算支出总表」第 4 行",
                "P 标题 @工作表「表2」第 1 行",
                "T",
                "甲|乙 @工作表「表2」第 3 行",
            ]
        );
    }

    #[test]
    fn ruled_rows_with_one_cell_or_none_belong_to_the_table() {
        // An empty table: its header, then a ruled row of empty cells, then
        // an unruled note. And a ruled 合计 row with only its label.
        let bytes = xlsx(|book| {
            let s = book.add_worksheet().set_name("表").unwrap();
            let ruled = Format::new().set_border(FormatBorder::Thin);
            s.write_string(0, 0, "政府性基金支出表").unwrap();
            s.write_string_with_format(1, 0, "科目", &ruled).unwrap();
            s.write_string_with_format(1, 1, "合计", &ruled).unwrap();
            s.write_blank(2, 0, &ruled).unwrap();
            s.write_blank(2, 1, &ruled).unwrap();
            s.write_string(4, 0, "注：空表列示。").unwrap();
            s.write_string_with_format(6, 0, "科目", &ruled).unwrap();
            s.write_string_with_format(6, 1, "合计", &ruled).unwrap();
            s.write_string_with_format(7, 0, "合计", &ruled).unwrap();
            s.write_blank(7, 1, &ruled).unwrap();
        });
        assert_eq!(
            shape(&read(&bytes).unwrap()),
            [
                "P 政府性基金支出表 @工作表「表」第 1 行",
                "T",
                "科目|合计 @工作表「表」第 2 行",
                "| @工作表「表」第 3 行",
                "P 注：空表列示。 @工作表「表」第 5 行",
                "T",
                "科目|合计 @工作表「表」第 7 行",
                "合计| @工作表「表」第 8 行",
            ]
        );
    }

    #[test]
    fn numbers_read_as_their_format_shows_them() {
        let bytes = xlsx(|book| {
            let s = book.add_worksheet();
            let two = Format::new().set_num_format("0.00");
            let grouped = Format::new().set_num_format("#,##0.00");
            s.write_string(0, 0, "项目").unwrap();
            s.write_number_with_format(0, 1, 681.9, &two).unwrap();
            s.write_number_with_format(0, 2, 1079.09, &grouped).unwrap();
            s.write_number(0, 3, 2010301.0).unwrap();
            s.write_number(0, 4, 1079.09).unwrap();
            s.write_boolean(0, 5, true).unwrap();
            s.write_string(0, 6, " 文本 ").unwrap();
        });
        let doc = read(&bytes).unwrap();
        let Some(Item::Table { rows }) = doc.items.get(1) else {
            panic!("{doc:?}");
        };
        let texts: Vec<&str> = rows[0].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            ["项目", "681.90", "1,079.09", "2010301", "1079.09", "TRUE", " 文本 "]
        );
    }

    #[test]
    fn integers_floats_and_formats_display_as_excel_shows_them() {
        let show = |data: Data, format: Option<&str>| display(&data, format).unwrap();
        assert_eq!(show(Data::Int(123), None), "123");
        assert_eq!(show(Data::Int(5), Some("0.00")), "5.00");
        assert_eq!(show(Data::Float(1079.09), None), "1079.09");
        assert_eq!(show(Data::Float(2010301.0), None), "2010301");
        assert_eq!(show(Data::Float(1e21), None), "1000000000000000000000");
        assert_eq!(show(Data::Float(-0.0), None), "0");
        assert_eq!(show(Data::Float(681.9), Some("0.00")), "681.90");
        assert_eq!(show(Data::Float(0.125), Some("0.00")), "0.13");
        assert_eq!(show(Data::Float(-2.5), Some("0")), "-3");
        assert_eq!(show(Data::Float(-0.001), Some("0.00")), "0.00");
        assert_eq!(
            show(Data::Float(1234567.5), Some("#,##0.00")),
            "1,234,567.50"
        );
        assert_eq!(show(Data::Float(0.256), Some("0.0%")), "25.6%");
        assert_eq!(show(Data::Float(3.5), Some("0.0#")), "3.5");
        assert_eq!(
            show(Data::Float(-1234.5), Some("#,##0.00;(#,##0.00)")),
            "(1,234.50)"
        );
        let accounting = r#"_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ "#;
        assert_eq!(show(Data::Float(0.0), Some(accounting)), "-");
        assert_eq!(show(Data::Float(-12.0), Some(accounting)), "-12.00");
        assert_eq!(show(Data::Float(1.5), Some("General")), "1.5");
        // A format this reader does not follow leaves the shortest decimal.
        assert_eq!(show(Data::Float(1500.0), Some("0.00E+00")), "1500");
        assert_eq!(show(Data::Bool(false), None), "FALSE");
        assert_eq!(
            show(Data::Error(calamine::CellErrorType::Div0), None),
            "#DIV/0!"
        );
        let day =
            calamine::ExcelDateTime::new(45000.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(show(Data::DateTime(day), None), "2023-03-15");
        assert_eq!(display(&Data::Empty, None), None);
    }

    #[test]
    fn a_number_format_longer_than_excel_allows_is_not_followed() {
        let show = |format: &str| display(&Data::Float(5.0), Some(format)).unwrap();
        assert_eq!(show(&"0".repeat(MAX_FORMAT_CODE)).len(), MAX_FORMAT_CODE);
        assert_eq!(show(&"0".repeat(100_000)), "5");
        assert_eq!(show(&format!("0\"{}\"", "元".repeat(100_000))), "5");
    }

    #[test]
    fn a_stray_cell_far_away_costs_nothing() {
        // A Range over A1:XFD1048576 would hold 17 billion cells.
        let bytes = xlsx(|book| {
            let s = book.add_worksheet();
            s.write_string(0, 0, "项目").unwrap();
            s.write_string(0, 1, "金额").unwrap();
            s.write_string(1_048_575, 16_383, "尾").unwrap();
        });
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.items.len(), 3, "{doc:?}");
    }

    /// Runs `f` on another thread and fails if it takes longer than the
    /// limit (the thread is left behind; the test process ends with it).
    fn within<T: Send + 'static>(limit: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || done.send(f()));
        result
            .recv_timeout(std::time::Duration::from_secs(limit))
            .unwrap_or_else(|_| panic!("did not finish within {limit} s"))
    }

    #[test]
    fn a_stray_ruled_cell_far_away_costs_nothing() {
        // Listing the ruled cells would walk the box from A1 to XFD1048576.
        let bytes = xlsx(|book| {
            let s = book.add_worksheet();
            let ruled = Format::new().set_border(FormatBorder::Thin);
            s.write_string_with_format(0, 0, "项目", &ruled).unwrap();
            s.write_string_with_format(0, 1, "金额", &ruled).unwrap();
            s.write_blank(1_048_575, 16_383, &ruled).unwrap();
        });
        let doc = within(20, move || read(&bytes)).unwrap();
        assert_eq!(doc.items.len(), 2, "{doc:?}");
    }

    #[test]
    fn a_stray_value_that_widens_a_table_past_the_budget_is_refused() {
        // 200 rows of two cells and one cell in column XFD: a table 16,384
        // cells wide would be 3.3 million cells of nothing.
        let bytes = xlsx(|book| {
            let s = book.add_worksheet().set_name("表1").unwrap();
            for row in 0..200 {
                s.write_string(row, 0, "项目").unwrap();
                s.write_number(row, 1, 1.0).unwrap();
            }
            s.write_string(0, 16_383, "尾").unwrap();
        });
        let message = within(60, move || read(&bytes)).unwrap_err();
        assert!(
            message.contains("表1") && message.contains("第 1 行") && message.contains("3276800"),
            "{message}"
        );
    }

    /// A one-sheet workbook of inline strings at `cells` ("B3", text) and
    /// `merges` copies of the merged region `merge`.
    fn sheet_with_merges(cells: &[(&str, &str)], merge: &str, merges: usize) -> Vec<u8> {
        let mut sheet = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>"#,
        );
        for (at, text) in cells {
            sheet.push_str(&format!(
                r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#
            ));
        }
        sheet.push_str(&format!(
            r#"</row></sheetData><mergeCells count="{merges}">"#
        ));
        for _ in 0..merges {
            sheet.push_str(&format!(r#"<mergeCell ref="{merge}"/>"#));
        }
        sheet.push_str("</mergeCells></worksheet>");
        workbook_of(&sheet)
    }

    /// A one-sheet .xlsx around `sheet` (sheet1.xml).
    fn workbook_of(sheet: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
            ),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
        for (name, content) in parts {
            zip.start_file(name, options).unwrap();
            std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn merges_over_a_tall_sheet_are_refused_before_they_are_laid_out() {
        // 2,000 copies of A1:A1048576 over a sheet whose values reach row
        // 1,048,576: two billion merge rows from a file of a few kilobytes.
        let bytes = sheet_with_merges(&[("A1", "x"), ("B1048576", "y")], "A1:A1048576", 2_000);
        assert!(bytes.len() < 20_000, "{} bytes", bytes.len());
        let message = within(20, move || read(&bytes)).unwrap_err();
        assert!(
            message.contains("表1") && message.contains("合并单元格过多"),
            "{message}"
        );
        // Over a short sheet the same copies are read as the one region.
        let cells = [
            ("A1", "x"),
            ("B1", "y"),
            ("B2", "w"),
            ("A3", "p"),
            ("B3", "q"),
        ];
        let doc = read(&sheet_with_merges(&cells, "A1:A2", 2_000)).unwrap();
        assert_eq!(
            shape(&doc)[2..],
            [
                "x|y @工作表「表1」第 1 行",
                "^1|w @工作表「表1」第 2 行",
                "p|q @工作表「表1」第 3 行"
            ]
        );
    }

    #[test]
    fn malformed_references_are_an_error_or_ignored_never_a_panic() {
        // calamine's arithmetic overflows on these (a panic in a debug
        // build; in a release build they wrap and the checks above apply).
        let cells = [("A1", "x"), ("B1", "y"), ("A3", "p"), ("B3", "q")];
        for bytes in [
            sheet_with_merges(&cells, "C3:A1", 1),
            sheet_with_merges(&cells, "A1:ZZZZZZZZ1", 1),
            sheet_with_merges(&[("A1", "x"), ("ZZZZZZZZ1", "y")], "A1:A2", 1),
        ] {
            match read(&bytes) {
                Err(message) => assert!(message.contains("damaged"), "{message}"),
                Ok(doc) => assert!(shape(&doc).len() >= 2, "{doc:?}"),
            }
        }
    }

    #[test]
    fn a_cell_beyond_excels_grid_is_refused() {
        // After a row numbered 4,294,967,295, calamine puts the cells that
        // follow without a reference in row u32::MAX; stepping past it
        // would wrap to row 0.
        let sheet = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row><row r="4294967295"></row><c t="inlineStr"><is><t>c</t></is></c><c t="inlineStr"><is><t>d</t></is></c></sheetData></worksheet>"#;
        let bytes = workbook_of(sheet);
        let message = within(20, move || read(&bytes)).unwrap_err();
        assert!(
            message.contains("表1") && message.contains("超出 Excel 的范围"),
            "{message}"
        );
    }

    #[test]
    fn an_excel_95_book_stream_is_checked_like_a_workbook_stream() {
        // The sample .xls with its first sheet's DIMENSIONS record claiming
        // 65,536 rows × 256 columns, stored once as "Workbook" and once as
        // "Book": calamine reads either, so both must be refused.
        let sample = include_bytes!("../../tests/fixtures/formats/sample.xls");
        let mut stream = biff_stream(sample);
        let sheet = biff::first_sheet_offset(&stream).unwrap();
        let at = biff::find_record(&stream, sheet, 0x0200).unwrap();
        stream[at + 4..at + 14].copy_from_slice(&[0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
        stream[at + 14..at + 16].copy_from_slice(&256u16.to_le_bytes());
        for name in ["/Workbook", "/Book"] {
            let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
            std::io::Write::write_all(&mut file.create_stream(name).unwrap(), &stream).unwrap();
            file.flush().unwrap();
            let bytes = file.into_inner().into_inner();
            let message = read(&bytes).unwrap_err();
            assert!(message.contains("单元格范围过大"), "{name}: {message}");
        }
    }

    fn biff_stream(bytes: &[u8]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).unwrap();
        let mut stream = Vec::new();
        std::io::Read::read_to_end(&mut file.open_stream("/Workbook").unwrap(), &mut stream)
            .unwrap();
        stream
    }

    #[test]
    fn damaged_and_tableless_workbooks_are_clear_errors() {
        // A zip that names a workbook but holds garbage.
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("xl/workbook.xml", options).unwrap();
        std::io::Write::write_all(&mut zip, b"<workbook><sheets><sheet").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let message = read(&bytes).unwrap_err();
        assert!(
            message.contains("损坏") && message.contains("damaged"),
            "{message}"
        );

        let message = read(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0]).unwrap_err();
        assert!(message.contains("damaged"), "{message}");

        let bytes = xlsx(|book| {
            book.add_worksheet()
                .write_string(0, 0, "只有一段文字")
                .unwrap();
        });
        let message = read(&bytes).unwrap_err();
        assert!(message.contains("没有表格"), "{message}");
    }
}

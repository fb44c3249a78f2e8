//! One worksheet's cells, merges and borders → paragraphs and tables: the
//! blocks between blank rows, each split into title, table and notes.

use super::number_format::display;
use super::{biff, damaged_sheet};
use crate::read::error::{ExcelError, SheetDamage};
use crate::read::place::Place;
use crate::read::source::{Item, SourceCell, SourceRow};
use calamine::{Data, Dimensions, StyleRange};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Excel's grid: 1,048,576 rows and 16,384 columns (A1:XFD1048576). A cell
/// outside it was not written by Excel.
pub(super) const EXCEL_ROWS: u32 = 1 << 20;
pub(super) const EXCEL_COLUMNS: u32 = 1 << 14;
/// Cells one sheet's rows may lay out (and merge rows it may hold): far
/// beyond any disclosure, well below what would exhaust memory. Without it
/// a stray value in column XFD makes every row of a table 16,384 cells
/// wide, and a few thousand merges over a tall sheet are billions of
/// continuation cells.
pub(super) const MAX_GRID: u64 = 2_000_000;

/// Where a sheet's number formats and borders come from.
pub(super) enum Styles<'a> {
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
pub(super) struct Sheet {
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
    pub(super) fn new(
        name: String,
        cells: impl IntoIterator<Item = ((u32, u32), Data)>,
        merges: Vec<Dimensions>,
        styles: Styles<'_>,
    ) -> Result<Sheet, ExcelError> {
        let mut values: BTreeMap<(u32, u32), String> = BTreeMap::new();
        for (position, data) in cells {
            let (row, column) = position;
            if row >= EXCEL_ROWS || column >= EXCEL_COLUMNS {
                return Err(damaged_sheet(
                    &name,
                    SheetDamage::OutsideGrid {
                        row: u64::from(row) + 1,
                        column: u64::from(column) + 1,
                    },
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
                    SheetDamage::TooManyMerges { limit: MAX_GRID },
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

    fn place(&self, row: u32) -> Place {
        Place::SheetRow {
            name: self.name.clone(),
            row: u64::from(row) + 1,
            cell: None,
        }
    }

    /// Refuse laying out `cells` cells for the rows from `row` on.
    fn within_budget(&self, row: u32, cells: u64) -> Result<(), ExcelError> {
        if cells <= MAX_GRID {
            return Ok(());
        }
        Err(damaged_sheet(
            &self.name,
            SheetDamage::TooWide {
                row: u64::from(row) + 1,
                cells,
                limit: MAX_GRID,
            },
        ))
    }

    /// Append the sheet's paragraphs and tables to `items`.
    pub(super) fn items(&self, items: &mut Vec<Item>) -> Result<(), ExcelError> {
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
                                place: Place::Sheet {
                                    name: self.name.clone(),
                                },
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
    fn block(&self, start: u32, end: u32) -> Result<(Vec<Item>, u32), ExcelError> {
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

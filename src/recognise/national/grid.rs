//! Rows of merged cells → one text per grid column.
//!
//! A reader that knows merges (PDF, Word, Excel, HTML) gives each cell the
//! number of grid columns it covers. National tables have no 栏次 row to
//! count columns by, and their headers merge over up to four levels, so
//! every later step asks "what is printed over grid column g in row r",
//! which this answers once.

use crate::read::Table;
use crate::text::trim;

/// A table laid on its grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub width: usize,
    pub rows: Vec<GridRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    /// Position of the row's first cell (a line or a reader's position).
    pub line: usize,
    /// Per grid column, the text of the cell covering it, trimmed.
    pub texts: Vec<String>,
    /// Per grid column, the index of the cell covering it in the row.
    pub cell_of: Vec<usize>,
}

impl GridRow {
    /// Whether column `column` is the first one its cell covers.
    pub fn starts_cell(&self, column: usize) -> bool {
        column == 0 || self.cell_of.get(column) != self.cell_of.get(column - 1)
    }

    pub fn is_blank(&self) -> bool {
        self.texts.iter().all(|t| t.is_empty())
    }
}

/// Lay `table` on its grid. Rows whose merge widths are unknown (the text
/// export) take one column per cell.
pub fn lay(table: &Table<'_>) -> Grid {
    let spans_of = |row: &crate::read::Row<'_>| -> Vec<usize> {
        if row.spans.len() == row.cells.len() {
            row.spans.iter().map(|s| (*s).max(1)).collect()
        } else {
            vec![1; row.cells.len()]
        }
    };
    let width = table
        .rows
        .iter()
        .map(|row| spans_of(row).iter().sum::<usize>())
        .max()
        .unwrap_or(0);
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let mut texts = Vec::with_capacity(width);
            let mut cell_of = Vec::with_capacity(width);
            for (index, (cell, span)) in row.cells.iter().zip(spans_of(row)).enumerate() {
                for _ in 0..span {
                    texts.push(trim(cell).to_string());
                    cell_of.push(index);
                }
            }
            // A row narrower than the grid (a reader that lost a cell) is
            // padded with blanks on the right rather than shifted.
            let last = row.cells.len();
            while texts.len() < width {
                texts.push(String::new());
                cell_of.push(last);
            }
            GridRow {
                line: row.line,
                texts,
                cell_of,
            }
        })
        .collect();
    Grid { width, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Row;

    #[test]
    fn merged_cells_cover_their_columns() {
        let table = Table {
            line: 1,
            rows: vec![
                Row {
                    line: 1,
                    cells: vec!["项目", "收入预算"],
                    spans: vec![2, 2],
                },
                Row {
                    line: 3,
                    cells: vec!["编码", "名称", "合计", " 事业收入 "],
                    spans: vec![1, 1, 1, 1],
                },
                Row {
                    line: 7,
                    cells: vec!["合计", "12.00"],
                    spans: vec![2],
                },
            ],
        };
        let grid = lay(&table);
        assert_eq!(grid.width, 4);
        assert_eq!(grid.rows[0].texts, ["项目", "项目", "收入预算", "收入预算"]);
        assert!(grid.rows[0].starts_cell(2) && !grid.rows[0].starts_cell(3));
        assert_eq!(grid.rows[1].texts[3], "事业收入");
        // Spans that do not match the cells are not trusted.
        assert_eq!(grid.rows[2].texts, ["合计", "12.00", "", ""]);
    }
}

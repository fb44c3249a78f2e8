//! A grid and the glyphs inside it → rows of cells with their text, spans
//! and vertical continuations (the shape `SourceRow` holds).
//!
//! A glyph belongs to the cell holding its centre, which keeps amounts in
//! their row even where they sit lower than the row's label. Inside a cell,
//! wrapped lines are joined with nothing between them: the text is Chinese
//! or an amount cut at a cell border.

use super::glyphs::{is_cjk, lines, Mark};
use super::grid::Grid;
use crate::read::SourceCell;

/// A table's cells as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// Rows of cells, top to bottom.
    pub rows: Vec<Vec<SourceCell>>,
    /// Per grid column, whether the bottom row's text there runs to the
    /// cell's right edge: wrapped, so a row cut by the page end may go on
    /// at the top of the next page.
    pub wrapped: Vec<bool>,
}

/// Read the table's cells.
pub fn fill(grid: &Grid, marks: Vec<Mark>) -> Filled {
    let mut contents: Vec<Vec<Mark>> = vec![Vec::new(); grid.cells.len()];
    for mark in marks {
        if let Some(index) = grid.cell_at(mark.cx(), mark.cy()) {
            contents[index].push(mark);
        }
    }
    let mut wrapped = vec![false; grid.cols()];
    let mut texts = Vec::with_capacity(contents.len());
    for (cell, marks) in grid.cells.iter().zip(contents) {
        let lines = lines(marks);
        let left = grid.xs.get(cell.col).copied().unwrap_or(f64::MIN);
        let right = grid
            .xs
            .get(cell.col + cell.cols)
            .copied()
            .unwrap_or(f64::MAX);
        // Wrapped text is Chinese set from the left edge to the right one;
        // amounts and codes that merely fill a narrow cell are not.
        let full = lines.last().is_some_and(|line| {
            let em = line.size.max(1.0);
            let ends_cjk = line
                .marks
                .last()
                .is_some_and(|m| m.text.chars().last().is_some_and(is_cjk));
            ends_cjk && line.x0 <= left + 1.5 * em && line.x1 >= right - em
        });
        if full && cell.row + cell.rows == grid.rows() {
            wrapped[cell.col..cell.col + cell.cols].fill(true);
        }
        texts.push(lines.iter().map(|line| line.text(" ")).collect::<String>());
    }
    let mut rows: Vec<Vec<SourceCell>> = vec![Vec::new(); grid.rows()];
    // Cells are in row-then-column order of their top-left corner; a cell
    // spanning rows appears again, as a continuation, in each row below,
    // at its column. Sorting each row by column puts everything in place.
    let mut placed: Vec<Vec<(usize, SourceCell)>> = vec![Vec::new(); grid.rows()];
    for (cell, text) in grid.cells.iter().zip(texts) {
        placed[cell.row].push((cell.col, SourceCell::spanning(text, cell.cols)));
        let below = placed.iter_mut().skip(cell.row + 1).take(cell.rows - 1);
        for row in below {
            row.push((cell.col, SourceCell::continued(cell.cols)));
        }
    }
    for (row, mut cells) in rows.iter_mut().zip(placed) {
        cells.sort_by_key(|(col, _)| *col);
        *row = cells.into_iter().map(|(_, cell)| cell).collect();
    }
    Filled { rows, wrapped }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::pdf::glyphs::clean;
    use crate::read::pdf::glyphs::tests::word;
    use crate::read::pdf::grid::tables;
    use crate::read::pdf::grid::tests::three_by_three;

    #[test]
    fn glyphs_land_in_cells_by_centre_with_spans_and_continuations() {
        // Row 0: a header spanning columns 0-1; column 0 spans rows 1-2.
        let grid = tables(&three_by_three(&[(false, 30.0, 5.0), (true, 20.0, 15.0)]))
            .unwrap()
            .remove(0);
        let mut glyphs = word("收入", 2.0, 1.0, 8.0);
        glyphs.extend(word("支出", 62.0, 1.0, 8.0));
        // A label wrapped over two lines inside the tall cell.
        glyphs.extend(word("基本", 2.0, 11.0, 8.0));
        glyphs.extend(word("支出", 2.0, 21.0, 8.0));
        // An amount set low in its row still belongs to it.
        glyphs.extend(word("1,0", 32.0, 13.5, 6.0));
        glyphs.extend(word("5", 32.0 + 9.0, 13.5, 6.0));
        let (marks, _) = clean(&glyphs);
        let filled = fill(&grid, marks);
        assert_eq!(filled.wrapped, [false, false, false]);
        let sketch: Vec<String> = filled
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(SourceCell::sketch)
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        assert_eq!(sketch, ["收入<2>|支出", "基本支出|1,05|", "^1||"]);
    }
}

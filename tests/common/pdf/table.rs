//! A table drawn on a [`Page`]: rows written in the notation of
//! `SourceCell::sketch` (`text`, `text<n>` spanning n grid columns, `^n`
//! continuing the merged cell above, cells joined by `|`) → cell borders
//! and cell text at grid positions.
//!
//! The same rows are what a reader must give back, so a test states its
//! expectation once.

use super::{text_width, Ink, Page};

/// How cell borders are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// Thin filled rectangles (`re f`), as WPS, Word and Excel write them.
    Filled,
    /// Stroked lines (`m l S`), as ONLYOFFICE and Distiller write them.
    Stroked,
    /// No borders: columns only by the x positions of the text.
    None,
}

/// One cell of a sketched row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// First grid column.
    pub column: usize,
    pub span: usize,
    /// Continues the merged cell above (`^n`).
    pub continues: bool,
}

/// Cells of one row in sketch notation, with their grid columns.
pub fn parse_row(row: &str) -> Vec<Cell> {
    let mut column = 0;
    row.split('|')
        .map(|piece| {
            let (text, span, continues) = if let Some(n) = piece.strip_prefix('^') {
                (String::new(), n.parse().expect("^n"), true)
            } else if let Some((text, n)) = piece
                .strip_suffix('>')
                .and_then(|rest| rest.rsplit_once('<'))
            {
                (text.to_string(), n.parse().expect("text<n>"), false)
            } else {
                (piece.to_string(), 1, false)
            };
            let cell = Cell {
                text,
                column,
                span,
                continues,
            };
            column += span;
            cell
        })
        .collect()
}

/// Where a table goes and how it looks.
#[derive(Debug, Clone)]
pub struct Layout {
    pub left: f32,
    pub top: f32,
    /// Width of each grid column.
    pub widths: Vec<f32>,
    pub row_height: f32,
    pub font_size: f32,
    pub rules: Rules,
    /// How the text of the first `bold_rows` rows is painted.
    pub header_ink: Ink,
    pub bold_rows: usize,
}

impl Layout {
    pub fn new(left: f32, top: f32, widths: &[f32], rules: Rules) -> Layout {
        Layout {
            left,
            top,
            widths: widths.to_vec(),
            row_height: 18.0,
            font_size: 9.0,
            rules,
            header_ink: Ink::Plain,
            bold_rows: 0,
        }
    }

    fn xs(&self) -> Vec<f32> {
        let mut xs = vec![self.left];
        for w in &self.widths {
            xs.push(xs.last().unwrap() + w);
        }
        xs
    }

    /// Display y of the bottom of a table of `rows` rows.
    pub fn bottom(&self, rows: usize) -> f32 {
        self.top + rows as f32 * self.row_height
    }
}

/// Amounts are right-aligned in their cell, everything else centred.
fn is_amount(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-'))
}

/// Draw `rows` on `page`; returns the display y of the table's bottom edge.
pub fn draw(page: &mut Page, layout: &Layout, rows: &[&str]) -> f32 {
    let xs = layout.xs();
    let grid: Vec<Vec<Cell>> = rows.iter().map(|row| parse_row(row)).collect();
    let y = |r: usize| layout.top + r as f32 * layout.row_height;
    for (r, cells) in grid.iter().enumerate() {
        let width: usize = cells.iter().map(|c| c.span).sum();
        assert_eq!(width, layout.widths.len(), "row {r} spans {width} columns");
        for cell in cells {
            let (x0, x1) = (xs[cell.column], xs[cell.column + cell.span]);
            rule(page, layout.rules, x0, y(r), x0, y(r + 1));
            if !cell.continues {
                rule(page, layout.rules, x0, y(r), x1, y(r));
                // A merged cell's text sits in the middle of all its rows.
                let below = grid[r + 1..]
                    .iter()
                    .take_while(|next| next.iter().any(|c| c.continues && c.column == cell.column))
                    .count();
                let middle = (y(r) + y(r + 1 + below)) / 2.0;
                let baseline = middle + layout.font_size * 0.35;
                let ink = if r < layout.bold_rows {
                    layout.header_ink
                } else {
                    Ink::Plain
                };
                place(page, layout, &cell.text, x0, x1, baseline, ink);
            }
        }
    }
    let (left, right) = (xs[0], *xs.last().unwrap());
    let bottom = y(grid.len());
    rule(page, layout.rules, right, layout.top, right, bottom);
    rule(page, layout.rules, left, bottom, right, bottom);
    bottom
}

fn place(page: &mut Page, layout: &Layout, text: &str, x0: f32, x1: f32, baseline: f32, ink: Ink) {
    if text.is_empty() {
        return;
    }
    let size = layout.font_size;
    let width = text_width(text, size);
    let x = if is_amount(text) {
        x1 - 2.0 - width
    } else if width + 4.0 <= x1 - x0 {
        (x0 + x1 - width) / 2.0
    } else {
        x0 + 2.0
    };
    page.inked_text(x, baseline, size, text, ink);
}

fn rule(page: &mut Page, rules: Rules, x0: f32, y0: f32, x1: f32, y1: f32) {
    match rules {
        Rules::Filled => {
            page.filled_rule(x0, y0, x1, y1);
        }
        Rules::Stroked => {
            page.stroked_rule(x0, y0, x1, y1);
        }
        Rules::None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sketch_rows_parse_into_grid_columns() {
        let cells = parse_row("项目<2>|^1|1,234.56|");
        let columns: Vec<_> = cells
            .iter()
            .map(|c| (c.text.as_str(), c.column, c.span, c.continues))
            .collect();
        assert_eq!(
            columns,
            [
                ("项目", 0, 2, false),
                ("", 2, 1, true),
                ("1,234.56", 3, 1, false),
                ("", 4, 1, false)
            ]
        );
    }

    #[test]
    fn amounts_are_told_from_labels() {
        assert!(is_amount("1,234.56"));
        assert!(is_amount("-0.50"));
        assert!(!is_amount("合计"));
        assert!(!is_amount(""));
    }
}

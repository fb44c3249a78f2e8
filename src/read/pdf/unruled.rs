//! Lines without rules around them → tables by whitespace columns, the way
//! `pdftotext -layout` shows them. A fallback with less certainty than a
//! ruled grid: where a cell ends is guessed from the gaps, so the reader
//! reports such tables as a lower-confidence reading.
//!
//! Three or more consecutive lines, each split by wide gaps into at least
//! two pieces, with at least three pieces on some line, are a table. The
//! columns are the stretches the widest lines cover; a piece covering
//! several of them spans those columns.

use super::glyphs::{Line, Mark};
use crate::read::SourceCell;

/// A gap this many ems wide separates cells.
const CELL_GAP: f64 = 1.5;
const MIN_LINES: usize = 3;

/// A run of lines read as a table: which lines, and their rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub first_line: usize,
    pub lines: usize,
    pub rows: Vec<Vec<SourceCell>>,
}

/// Pieces of a line between wide gaps: (x0, x1, text).
fn pieces(line: &Line) -> Vec<(f64, f64, String)> {
    let mut out: Vec<(f64, f64, Vec<Mark>)> = Vec::new();
    for mark in &line.marks {
        let em = mark.size.max(1.0);
        match out.last_mut() {
            Some((_, x1, marks)) if mark.x0 - *x1 <= CELL_GAP * em => {
                *x1 = x1.max(mark.x1);
                marks.push(mark.clone());
            }
            _ => out.push((mark.x0, mark.x1, vec![mark.clone()])),
        }
    }
    out.into_iter()
        .map(|(x0, x1, marks)| {
            let text = super::glyphs::lines(marks)
                .iter()
                .map(|l| l.text(" "))
                .collect::<String>();
            (x0, x1, text)
        })
        .collect()
}

/// Tables found among the lines (top to bottom), in order.
pub fn tables(lines: &[Line]) -> Vec<Found> {
    let split: Vec<Vec<(f64, f64, String)>> = lines.iter().map(pieces).collect();
    let mut found = Vec::new();
    let mut start = 0;
    while start < split.len() {
        let mut end = start;
        while end < split.len() && split[end].len() >= 2 {
            end += 1;
        }
        // Field lines (编制部门：…    单位：元) above or below are not rows.
        let fields = |pieces: &Vec<(f64, f64, String)>| {
            pieces
                .iter()
                .all(|(_, _, t)| t.contains('：') || t.contains(':'))
        };
        let (mut first, mut last) = (start, end);
        while first < last && fields(&split[first]) {
            first += 1;
        }
        while last > first && fields(&split[last - 1]) {
            last -= 1;
        }
        let run = &split[first..last];
        if run.len() >= MIN_LINES && run.iter().any(|p| p.len() >= 3) {
            found.push(Found {
                first_line: first,
                lines: run.len(),
                rows: rows(run),
            });
        }
        start = end.max(start + 1);
    }
    found
}

fn rows(run: &[Vec<(f64, f64, String)>]) -> Vec<Vec<SourceCell>> {
    // Columns: the union of the pieces of the lines with the most pieces.
    let widest = run.iter().map(Vec::len).max().unwrap_or(0);
    let mut columns: Vec<(f64, f64)> = run
        .iter()
        .filter(|p| p.len() == widest)
        .flat_map(|p| p.iter().map(|(x0, x1, _)| (*x0, *x1)))
        .collect();
    columns.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for (x0, x1) in columns {
        match merged.last_mut() {
            Some(last) if x0 <= last.1 => last.1 = last.1.max(x1),
            _ => merged.push((x0, x1)),
        }
    }
    // Each column reaches halfway to its neighbours, so a piece that is
    // wider or set differently still finds its column.
    let bounds: Vec<f64> = merged.windows(2).map(|w| (w[0].1 + w[1].0) / 2.0).collect();
    let column_of = |x: f64| bounds.partition_point(|&b| b < x);
    run.iter()
        .map(|pieces| {
            let mut row = Vec::new();
            let mut next = 0;
            for (x0, x1, text) in pieces {
                let (first, last) = (column_of(*x0), column_of(*x1));
                let first = first.max(next);
                let last = last.max(first);
                while next < first {
                    row.push(SourceCell::text(""));
                    next += 1;
                }
                row.push(SourceCell::spanning(text.clone(), last - first + 1));
                next = last + 1;
            }
            while next < merged.len() {
                row.push(SourceCell::text(""));
                next += 1;
            }
            row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::pdf::glyphs::tests::word;
    use crate::read::pdf::glyphs::{clean, lines};

    #[test]
    fn whitespace_columns_become_cells() {
        let mut glyphs = Vec::new();
        for (y, cells) in [
            (-5.0, vec![("部门：某局", 10.0), ("单位：元", 128.0)]),
            (10.0, vec![("项目", 10.0), ("预算数", 128.0)]),
            (
                25.0,
                vec![("收入合计", 10.0), ("100.00", 80.0), ("120.00", 130.0)],
            ),
            (
                40.0,
                vec![("支出", 10.0), ("90.00", 85.0), ("110.00", 130.0)],
            ),
            (55.0, vec![("一段正文不是表格", 10.0)]),
        ] {
            for (text, x) in cells {
                glyphs.extend(word(text, x, y, 10.0));
            }
        }
        let lines = lines(clean(&glyphs).0);
        let found = tables(&lines);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].first_line, found[0].lines), (1, 3));
        let sketch: Vec<String> = found[0]
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(SourceCell::sketch)
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        assert_eq!(
            sketch,
            [
                "项目||预算数",
                "收入合计|100.00|120.00",
                "支出|90.00|110.00"
            ]
        );
    }
}

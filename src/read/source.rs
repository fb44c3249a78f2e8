//! The shape every structured reader (Word, Excel, HTML) produces: owned
//! paragraphs and tables of cells with their merges, in document order.
//!
//! [`Extracted::blocks`] turns it into the same [`Block`]s the text reader
//! yields, the way the text export shows a table: a merged cell appears once
//! (with the number of grid columns it spans kept beside it), and a cell that
//! continues a vertical merge from the row above appears as an empty cell.
//! Recognition, storage and the audit therefore never know which reader ran.

use super::layout::{Block, Row, Table};
use super::place::Place;

/// A document read by a structured reader.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// "Word", "Excel", "HTML": stored as the document's encoding column.
    pub format: String,
    pub items: Vec<Item>,
    /// Readings the reader is less sure of than usual (a PDF table without
    /// rules, its columns guessed from whitespace), for `import` to print.
    pub warnings: Vec<ReadWarning>,
}

/// A part of the document read with less certainty than the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadWarning {
    /// Where it is.
    pub place: Place,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Paragraph {
        /// Where a person finds it: "第 12 段", "工作表「表1」第 3 行".
        place: Place,
        text: String,
    },
    Table {
        rows: Vec<SourceRow>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    /// Where a person finds the row: "第 3 个表格第 5 行".
    pub place: Place,
    /// Cells left to right. A cell spanning several grid columns is one
    /// entry; cells covered by it are not listed.
    pub cells: Vec<SourceCell>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceCell {
    pub text: String,
    /// Grid columns the cell covers (≥ 1).
    pub span: usize,
    /// The cell continues a vertically merged cell from the row above
    /// (Word's `<w:vMerge/>`, HTML rowspan, an Excel merged region).
    pub continues_above: bool,
}

impl SourceCell {
    /// The cell in the compact notation of [`Extracted::shape`]: its text,
    /// `text<n>` when it spans n columns, `^n` when it continues the cell
    /// above.
    pub fn sketch(&self) -> String {
        match (self.continues_above, self.span) {
            (true, n) => format!("^{n}"),
            (false, 1) => self.text.clone(),
            (false, n) => format!("{}<{n}>", self.text),
        }
    }

    pub fn text(text: impl Into<String>) -> Self {
        SourceCell {
            text: text.into(),
            span: 1,
            continues_above: false,
        }
    }

    pub fn spanning(text: impl Into<String>, span: usize) -> Self {
        SourceCell {
            text: text.into(),
            span: span.max(1),
            continues_above: false,
        }
    }

    pub fn continued(span: usize) -> Self {
        SourceCell {
            text: String::new(),
            span: span.max(1),
            continues_above: true,
        }
    }
}

/// Where each position number of a structured document lies. Positions
/// play the part of line numbers in the text export: a paragraph takes one,
/// a row takes one per cell (so that "row position + cell index" still
/// names a cell, as it does for the text export's one-cell-per-line).
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// (first position, place, cells) in increasing position order.
    spans: Vec<(usize, Place, usize)>,
}

/// How positions of one read document are named: by line in a text export,
/// by [`Places`] in a structured one. Kept with a recognised document so its
/// findings can be placed again after it is joined with another file.
#[derive(Debug, Clone, Default)]
pub enum Locator {
    #[default]
    Lines,
    Places(Places),
}

impl Locator {
    pub fn describe(&self, position: usize) -> Place {
        match self {
            Locator::Lines => Place::Line(position),
            Locator::Places(places) => places.describe(position),
        }
    }
}

impl Places {
    /// A human description of `position`, naming the cell when the position
    /// falls inside a row.
    pub fn describe(&self, position: usize) -> Place {
        let index = self
            .spans
            .partition_point(|(start, _, _)| *start <= position);
        let Some((start, place, cells)) = index.checked_sub(1).map(|i| &self.spans[i]) else {
            return Place::Position(position);
        };
        if *cells > 1 && position < start + cells {
            place.clone().cell(position - start + 1)
        } else {
            place.clone()
        }
    }
}

impl Extracted {
    /// A compact picture of the document without places, for tests and for
    /// comparing two readings: "P text" per paragraph, and per table its
    /// rows joined by " / ", each row's cells (see [`SourceCell::sketch`])
    /// joined by "|".
    pub fn shape(&self) -> Vec<String> {
        self.items
            .iter()
            .map(|item| match item {
                Item::Paragraph { text, .. } => format!("P {text}"),
                Item::Table { rows } => rows
                    .iter()
                    .map(|row| {
                        row.cells
                            .iter()
                            .map(SourceCell::sketch)
                            .collect::<Vec<_>>()
                            .join("|")
                    })
                    .collect::<Vec<_>>()
                    .join(" / "),
            })
            .collect()
    }

    /// The document as text-export blocks, and where each position lies.
    pub fn blocks(&self) -> (Vec<Block<'_>>, Places) {
        let mut places = Places::default();
        let mut take = |place: &Place, count: usize| {
            let position = places
                .spans
                .last()
                .map_or(1, |(start, _, cells)| start + cells.max(&1));
            places.spans.push((position, place.clone(), count));
            position
        };
        let mut blocks = Vec::with_capacity(self.items.len());
        for item in &self.items {
            match item {
                Item::Paragraph { place, text } => blocks.push(Block::Paragraph {
                    line: take(place, 1),
                    text,
                }),
                Item::Table { rows } => {
                    let rows: Vec<Row<'_>> = rows
                        .iter()
                        .filter(|row| !row.cells.is_empty())
                        .map(|row| {
                            let line = take(&row.place, row.cells.len());
                            Row {
                                line,
                                cells: row
                                    .cells
                                    .iter()
                                    .map(|c| {
                                        if c.continues_above {
                                            ""
                                        } else {
                                            c.text.as_str()
                                        }
                                    })
                                    .collect(),
                                spans: row.cells.iter().map(|c| c.span.max(1)).collect(),
                            }
                        })
                        .collect();
                    if rows.is_empty() {
                        continue;
                    }
                    blocks.push(Block::Table(Table {
                        line: rows[0].line,
                        rows,
                    }));
                }
            }
        }
        (blocks, places)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(table: usize, row: usize, cells: Vec<SourceCell>) -> SourceRow {
        SourceRow {
            place: Place::TableRow {
                table,
                row,
                cell: None,
            },
            cells,
        }
    }

    #[test]
    fn merged_cells_appear_once_and_vertical_continuations_are_empty() {
        let doc = Extracted {
            format: "Word".into(),
            items: vec![
                Item::Paragraph {
                    place: Place::Paragraph(1),
                    text: "标题".into(),
                },
                Item::Table {
                    rows: vec![
                        row(
                            1,
                            1,
                            vec![SourceCell::text("序号"), SourceCell::spanning("收入", 2)],
                        ),
                        row(
                            1,
                            2,
                            vec![
                                SourceCell::continued(1),
                                SourceCell::text("项目"),
                                SourceCell::text("金额"),
                            ],
                        ),
                    ],
                },
            ],
            warnings: Vec::new(),
        };
        let (blocks, places) = doc.blocks();
        let Block::Table(table) = &blocks[1] else {
            panic!("expected a table, got {:?}", blocks[1]);
        };
        assert_eq!(table.rows[0].cells, ["序号", "收入"]);
        assert_eq!(table.rows[0].spans, [1, 2]);
        assert_eq!(table.rows[1].cells, ["", "项目", "金额"]);
        assert_eq!(places.describe(1), "第 1 段");
        assert_eq!(
            places.describe(table.rows[1].line),
            "第 1 个表格第 2 行第 1 格"
        );
        assert_eq!(
            places.describe(table.rows[1].line + 2),
            "第 1 个表格第 2 行第 3 格"
        );
    }
}

//! Test fixture builder: renders a text export as the Word, Excel and HTML
//! files offices publish, with merged header cells where the original had
//! them, so that each reader can be checked against the text reader.
//!
//! [`layout`] recovers the merges the text export dropped (the same
//! inference the recogniser applies to text), giving the document in the
//! readers' own shape, [`Extracted`]. Each format module writes that shape
//! as a file; its reader must give the same shape back.
#![allow(dead_code)]

pub mod docx;
pub mod html;
pub mod xlsx;

use yusuan::read::{blocks, Block, Extracted, Item, Place, Row, SourceCell, SourceRow};
use yusuan::recognise::{inferred_spans, squeeze};

/// The text export as a structured document with its merges.
pub fn layout(text: &str) -> Extracted {
    let mut items = Vec::new();
    let mut tables = 0;
    let mut paragraphs = 0;
    for block in blocks(text) {
        match block {
            Block::Paragraph { text, .. } => {
                paragraphs += 1;
                items.push(Item::Paragraph {
                    place: Place::Paragraph(paragraphs),
                    text: text.to_string(),
                });
            }
            Block::Table(table) => {
                tables += 1;
                items.push(Item::Table {
                    rows: table_rows(&table.rows, tables),
                });
            }
        }
    }
    Extracted {
        format: "fixture".into(),
        items,
        warnings: Vec::new(),
    }
}

fn table_rows(rows: &[Row<'_>], table_number: usize) -> Vec<SourceRow> {
    let lanci = rows
        .iter()
        .position(|r| r.cells.first().is_some_and(|c| squeeze(c) == "栏次"));
    let full = match lanci {
        Some(i) => rows[i].cells.len(),
        None => rows.iter().map(|r| r.cells.len()).max().unwrap_or(0),
    };
    // Header rows lie between the metadata row and the 栏次 row.
    let first_header = usize::from(rows.first().is_some_and(is_meta_row));
    let header_end = lanci.unwrap_or(0);
    let mut out: Vec<SourceRow> = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        let widths = widths_of(rows, index, full);
        let is_header = (first_header..header_end).contains(&index);
        let above = if is_header && index > first_header {
            out.last()
        } else {
            None
        };
        let mut column = 0;
        let cells = row
            .cells
            .iter()
            .zip(&widths)
            .map(|(text, &span)| {
                let continues = span == 1
                    && text.trim().is_empty()
                    && above.is_some_and(|above| single_cell_at(above, column));
                column += span;
                if continues {
                    SourceCell::continued(1)
                } else {
                    SourceCell::spanning(*text, span)
                }
            })
            .collect();
        out.push(SourceRow {
            place: Place::TableRow {
                table: table_number,
                row: index + 1,
                cell: None,
            },
            cells,
        });
    }
    out
}

/// Grid widths of each cell of `rows[index]`: one each for a full row; as
/// the text recogniser would infer them for the header row directly above
/// a full row; otherwise the first cell takes the slack (a metadata row).
fn widths_of(rows: &[Row<'_>], index: usize, full: usize) -> Vec<usize> {
    let cells = &rows[index].cells;
    if cells.len() >= full || cells.is_empty() {
        return vec![1; cells.len()];
    }
    let below_is_full = rows
        .get(index + 1)
        .is_some_and(|next| next.cells.len() == full);
    if below_is_full {
        if let Some(widths) = inferred_spans(&cells[..], &rows[index + 1].cells[..]) {
            return widths;
        }
    }
    let mut widths = vec![1; cells.len()];
    widths[0] = full - (cells.len() - 1);
    widths
}

/// Whether the grid column `column` of `row` is covered by a one-column
/// cell with text (or continuing one), i.e. the top of a vertical merge.
fn single_cell_at(row: &SourceRow, column: usize) -> bool {
    let mut start = 0;
    for cell in &row.cells {
        if column < start + cell.span {
            return cell.span == 1 && (cell.continues_above || !cell.text.trim().is_empty());
        }
        start += cell.span;
    }
    false
}

fn is_meta_row(row: &Row<'_>) -> bool {
    row.cells.len() <= 3 && row.cells.iter().any(|c| c.contains("预算年度"))
}

/// The readers' output without places, to compare with [`layout`]'s.
pub fn shape(doc: &Extracted) -> Vec<String> {
    doc.shape()
}

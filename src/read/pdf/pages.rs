//! Pages of paragraphs and table pieces → one document: a table continued
//! over pages is joined into one (its repeated header rows dropped, a lone
//! 合计 row with merged columns fitted to the full grid), and every row and
//! paragraph is given the place where a person finds it on paper.

use super::place::{place, Spot};
use crate::read::{Item, ReadWarning, SourceCell, SourceRow};

/// Column boundaries this close are the same boundary.
const SAME_EDGE: f64 = 3.0;

/// What one page holds, top to bottom.
#[derive(Debug, Clone, Default)]
pub struct PageBlocks {
    /// 1-based page number.
    pub number: usize,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(String),
    Table(Piece),
}

/// A table as printed on one page.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Column boundaries; empty for a table read without rules, which is
    /// never joined to another.
    pub xs: Vec<f64>,
    pub rows: Vec<Vec<SourceCell>>,
}

/// The document's items, and a warning for each table read without rules.
pub fn assemble(pages: Vec<PageBlocks>) -> (Vec<Item>, Vec<ReadWarning>) {
    let mut items: Vec<Item> = Vec::new();
    let mut warnings = Vec::new();
    // The table the last page ended with: its item index and columns.
    let mut open: Option<(usize, Vec<f64>)> = None;
    for page in pages {
        let (mut paragraphs, mut tables) = (0, 0);
        for (index, block) in page.blocks.into_iter().enumerate() {
            match block {
                Block::Paragraph(text) => {
                    paragraphs += 1;
                    items.push(Item::Paragraph {
                        place: place(page.number, Spot::Paragraph(paragraphs)),
                        text,
                    });
                    open = None;
                }
                Block::Table(piece) => {
                    tables += 1;
                    let spot = |row: usize| {
                        place(
                            page.number,
                            Spot::Row {
                                table: tables,
                                row: row + 1,
                            },
                        )
                    };
                    let joined = match &open {
                        Some((at, xs)) if index == 0 => {
                            columns(xs, &piece.xs).map(|map| (*at, map, xs.clone()))
                        }
                        _ => None,
                    };
                    if let Some((at, map, xs)) = joined {
                        let Some(Item::Table { rows }) = items.get_mut(at) else {
                            continue;
                        };
                        let fitted: Vec<Vec<SourceCell>> =
                            piece.rows.iter().map(|r| refit(r, &map)).collect();
                        let repeated = repeated_header(rows, &fitted);
                        for (number, cells) in fitted.into_iter().enumerate().skip(repeated) {
                            rows.push(SourceRow {
                                place: spot(number),
                                cells,
                            });
                        }
                        open = Some((at, xs));
                    } else {
                        let rows = piece
                            .rows
                            .into_iter()
                            .enumerate()
                            .map(|(number, cells)| SourceRow {
                                place: spot(number),
                                cells,
                            })
                            .collect();
                        items.push(Item::Table { rows });
                        if piece.xs.is_empty() {
                            warnings.push(ReadWarning {
                                place: place(page.number, Spot::Table(tables)),
                                message: UNRULED.into(),
                            });
                        }
                        open = (!piece.xs.is_empty()).then(|| (items.len() - 1, piece.xs));
                    }
                }
            }
        }
    }
    (items, warnings)
}

const UNRULED: &str = "表格没有表格线，列是按文字间的空白推断的，请核对 \
     (a table without rules: its columns were inferred from whitespace; check them)";

/// Where each boundary of `next` lies among `previous`'s, when `next`
/// continues `previous`: the same outer edges and every boundary one of
/// the previous table's (a 合计 row may merge columns, never add one).
fn columns(previous: &[f64], next: &[f64]) -> Option<Vec<usize>> {
    let (first, last) = (previous.first()?, previous.last()?);
    if (next.first()? - first).abs() > SAME_EDGE || (next.last()? - last).abs() > SAME_EDGE {
        return None;
    }
    next.iter()
        .map(|x| previous.iter().position(|p| (p - x).abs() <= SAME_EDGE))
        .collect()
}

/// A row of the continuing piece, its spans counted in the full grid.
fn refit(row: &[SourceCell], map: &[usize]) -> Vec<SourceCell> {
    let mut col = 0;
    row.iter()
        .map(|cell| {
            let from = map.get(col).copied().unwrap_or(0);
            col += cell.span;
            let to = map.get(col).copied().unwrap_or(from + cell.span);
            SourceCell {
                span: to.saturating_sub(from).max(1),
                ..cell.clone()
            }
        })
        .collect()
}

/// How many of the piece's first rows repeat the table's own header.
fn repeated_header(table: &[SourceRow], piece: &[Vec<SourceCell>]) -> usize {
    let squeeze = |cells: &[SourceCell]| -> Vec<String> {
        cells
            .iter()
            .map(|c| c.sketch().split_whitespace().collect())
            .collect()
    };
    table
        .iter()
        .zip(piece)
        .take_while(|(row, cells)| squeeze(&row.cells) == squeeze(cells))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<SourceCell> {
        texts.iter().map(|t| SourceCell::text(*t)).collect()
    }

    fn table(xs: &[f64], rows: Vec<Vec<SourceCell>>) -> Block {
        Block::Table(Piece {
            xs: xs.to_vec(),
            rows,
        })
    }

    fn shape(items: &[Item]) -> Vec<String> {
        crate::read::Extracted {
            format: "PDF".into(),
            items: items.to_vec(),
            ..Default::default()
        }
        .shape()
    }

    #[test]
    fn continued_tables_join_without_repeated_headers() {
        let xs = [0.0, 50.0, 100.0, 150.0];
        let pages = vec![
            PageBlocks {
                number: 1,
                blocks: vec![
                    Block::Paragraph("表一".into()),
                    table(
                        &xs,
                        vec![cells(&["科目", "上年", "本年"]), cells(&["a", "1", "2"])],
                    ),
                ],
            },
            PageBlocks {
                number: 2,
                blocks: vec![
                    table(
                        &[0.5, 50.0, 101.0, 149.0],
                        vec![cells(&["科目", "上年", "本年"]), cells(&["b", "3", "4"])],
                    ),
                    Block::Paragraph("表二".into()),
                ],
            },
            PageBlocks {
                number: 3,
                blocks: vec![table(
                    &[0.0, 50.0, 100.0, 150.0],
                    vec![cells(&["x", "y", "z"])],
                )],
            },
        ];
        let (items, warnings) = assemble(pages);
        assert!(warnings.is_empty());
        assert_eq!(
            shape(&items),
            [
                "P 表一",
                "科目|上年|本年 / a|1|2 / b|3|4",
                "P 表二",
                "x|y|z"
            ]
        );
        let Item::Table { rows } = &items[1] else {
            panic!("a table")
        };
        assert_eq!(rows[2].place, "第 2 页第 1 个表格第 2 行");
        let Item::Paragraph { place, .. } = &items[2] else {
            panic!("a paragraph")
        };
        assert_eq!(place, "第 2 页第 1 段");
    }

    #[test]
    fn a_lone_total_row_with_merged_columns_is_fitted_to_the_grid() {
        let pages = vec![
            PageBlocks {
                number: 1,
                blocks: vec![table(
                    &[0.0, 20.0, 40.0, 100.0, 150.0],
                    vec![cells(&["类", "款", "名称", "金额"])],
                )],
            },
            PageBlocks {
                number: 2,
                blocks: vec![table(&[0.0, 100.0, 150.0], vec![cells(&["合计", "9"])])],
            },
        ];
        assert_eq!(shape(&assemble(pages).0), ["类|款|名称|金额 / 合计<3>|9"]);
    }
}

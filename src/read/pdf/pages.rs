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
    /// The first block is a paragraph starting at the left margin.
    pub starts_flush: bool,
    /// The last block is a paragraph whose last line fills the line.
    pub ends_full: bool,
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
    /// Per column, whether the bottom row's text is wrapped at the cell's
    /// edge (see `cells::Filled`).
    pub wrapped: Vec<bool>,
}

/// The document's items, and a warning for each table read without rules.
pub fn assemble(pages: Vec<PageBlocks>) -> (Vec<Item>, Vec<ReadWarning>) {
    let mut items: Vec<Item> = Vec::new();
    let mut warnings = Vec::new();
    // The table the last page ended with.
    let mut open: Option<Open> = None;
    // Paragraphs since the last table: the next table's title lines.
    let mut intro: Vec<String> = Vec::new();
    // The last page ended inside a paragraph, the last item.
    let mut running_on = false;
    for page in pages {
        let carry_on = running_on && page.starts_flush;
        running_on = page.ends_full;
        let (mut paragraphs, mut tables) = (0, 0);
        // A page may repeat the open table's title lines above its next
        // piece; they are not printed again, the piece joins the table.
        let repeated = match &open {
            Some(table) => {
                let lead = page
                    .blocks
                    .iter()
                    .take_while(|b| match b {
                        Block::Paragraph(text) => table.intro.contains(&squeeze(text)),
                        Block::Table(_) => false,
                    })
                    .count();
                match page.blocks.get(lead) {
                    Some(Block::Table(piece)) if columns(&table.xs, &piece.xs).is_some() => lead,
                    _ => 0,
                }
            }
            None => 0,
        };
        for (index, block) in page.blocks.into_iter().enumerate() {
            match block {
                Block::Paragraph(text) => {
                    paragraphs += 1;
                    if index < repeated {
                        continue;
                    }
                    // A paragraph the page break cut: the rest is not a
                    // paragraph of its own.
                    if index == 0 && carry_on {
                        if let Some(Item::Paragraph { text: before, .. }) = items.last_mut() {
                            if super::paragraphs::goes_on(before, &text) {
                                before.push_str(&text);
                                continue;
                            }
                        }
                    }
                    intro.push(squeeze(&text));
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
                        Some(table) if index == repeated => {
                            columns(&table.xs, &piece.xs).map(|map| (table.item, map))
                        }
                        _ => None,
                    };
                    if let Some((at, map)) = joined {
                        let Some(Item::Table { rows }) = items.get_mut(at) else {
                            continue;
                        };
                        let fitted: Vec<Vec<SourceCell>> =
                            piece.rows.iter().map(|r| refit(r, &map)).collect();
                        let repeated = repeated_header(rows, &fitted);
                        for (number, cells) in fitted.into_iter().enumerate().skip(repeated) {
                            let wrapped = match &open {
                                Some(table) if number == repeated => table.wrapped.as_slice(),
                                _ => &[],
                            };
                            if let Some(last) = rows.last_mut().filter(|_| !wrapped.is_empty()) {
                                if finish_cut_row(&mut last.cells, &cells, wrapped) {
                                    continue;
                                }
                            }
                            rows.push(SourceRow {
                                place: spot(number),
                                cells,
                            });
                        }
                        if let Some(table) = open.as_mut() {
                            table.wrapped = remap_flags(&piece.wrapped, &map, table.xs.len());
                        }
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
                            open = None;
                        } else {
                            open = Some(Open {
                                item: items.len() - 1,
                                xs: piece.xs,
                                wrapped: piece.wrapped,
                                intro: std::mem::take(&mut intro),
                            });
                        }
                    }
                    intro.clear();
                }
            }
        }
    }
    (items, warnings)
}

/// A table that later pages may continue.
struct Open {
    /// Its index among the items.
    item: usize,
    /// Its column boundaries.
    xs: Vec<f64>,
    /// The paragraphs just above it (title, 编制单位 line), squeezed.
    intro: Vec<String>,
    /// Per column, whether its last row's text is wrapped at the edge.
    wrapped: Vec<bool>,
}

/// A row cut by the page end goes on in the first row of the next page:
/// that row has text only where the row before was wrapped at the cell's
/// edge, and the same cells. Its text is appended there; says whether it was.
fn finish_cut_row(last: &mut [SourceCell], next: &[SourceCell], wrapped: &[bool]) -> bool {
    let starts = |cells: &[SourceCell]| -> Vec<(usize, usize)> {
        let mut col = 0;
        cells
            .iter()
            .map(|c| {
                let at = (col, c.span);
                col += c.span;
                at
            })
            .collect()
    };
    if starts(last) != starts(next) {
        return false;
    }
    let columns = starts(next);
    let mut any = false;
    for (cell, (col, _)) in next.iter().zip(&columns) {
        if cell.text.trim().is_empty() {
            continue;
        }
        if cell.continues_above || !wrapped.get(*col).copied().unwrap_or(false) {
            return false;
        }
        any = true;
    }
    if !any {
        return false;
    }
    for (cell, next) in last.iter_mut().zip(next) {
        cell.text.push_str(next.text.trim());
    }
    true
}

/// A piece's per-column flags, counted in the full grid's columns.
fn remap_flags(flags: &[bool], map: &[usize], columns: usize) -> Vec<bool> {
    let mut out = vec![false; columns.saturating_sub(1)];
    for (col, flag) in flags.iter().enumerate() {
        if let (Some(&from), Some(&to)) = (map.get(col), map.get(col + 1)) {
            for slot in out.iter_mut().take(to).skip(from) {
                *slot = *flag;
            }
        }
    }
    out
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
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
    let sketch = |cells: &[SourceCell]| -> Vec<String> {
        cells.iter().map(|c| squeeze(&c.sketch())).collect()
    };
    table
        .iter()
        .zip(piece)
        .take_while(|(row, cells)| sketch(&row.cells) == sketch(cells))
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
            wrapped: vec![false; xs.len().saturating_sub(1)],
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
                starts_flush: false,
                ends_full: false,
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
                starts_flush: false,
                ends_full: false,
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
                starts_flush: false,
                ends_full: false,
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
    fn a_page_repeating_the_title_above_the_next_piece_continues_the_table() {
        let xs = [0.0, 50.0, 100.0];
        let page = |number: usize, rows: Vec<Vec<SourceCell>>| PageBlocks {
            starts_flush: false,
            ends_full: false,
            number,
            blocks: vec![
                Block::Paragraph("政府采购预算表".into()),
                Block::Paragraph("部门：某厅    单位：万元".into()),
                table(&xs, rows),
            ],
        };
        let pages = vec![
            page(1, vec![cells(&["品目", "总计"]), cells(&["会议", "1"])]),
            page(2, vec![cells(&["品目", "总计"]), cells(&["培训", "2"])]),
        ];
        let (items, _) = assemble(pages);
        assert_eq!(
            shape(&items),
            [
                "P 政府采购预算表",
                "P 部门：某厅    单位：万元",
                "品目|总计 / 会议|1 / 培训|2"
            ]
        );
    }

    #[test]
    fn a_row_cut_by_the_page_end_is_finished_not_repeated() {
        let xs = [0.0, 50.0, 100.0];
        let first = Block::Table(Piece {
            xs: xs.to_vec(),
            rows: vec![
                cells(&["项目", "金额"]),
                cells(&["十七、国土海洋气象等支", ""]),
            ],
            wrapped: vec![true, false],
        });
        let pages = vec![
            PageBlocks {
                starts_flush: false,
                ends_full: false,
                number: 1,
                blocks: vec![first],
            },
            PageBlocks {
                starts_flush: false,
                ends_full: false,
                number: 2,
                blocks: vec![table(
                    &xs,
                    vec![cells(&["出", ""]), cells(&["十八、住房保障支出", "3"])],
                )],
            },
        ];
        assert_eq!(
            shape(&assemble(pages).0),
            ["项目|金额 / 十七、国土海洋气象等支出| / 十八、住房保障支出|3"]
        );
    }

    #[test]
    fn a_paragraph_cut_by_the_page_break_goes_on() {
        let page =
            |number: usize, texts: &[&str], starts_flush: bool, ends_full: bool| PageBlocks {
                number,
                blocks: texts
                    .iter()
                    .map(|t| Block::Paragraph(t.to_string()))
                    .collect(),
                starts_flush,
                ends_full,
            };
        let pages = vec![
            page(
                1,
                &["一、职责", "建议撤换下级检察院检察长、副"],
                false,
                true,
            ),
            page(2, &["检察长和检察委员会委员。", "二、机构"], true, false),
            page(3, &["三、任务"], true, false),
        ];
        assert_eq!(
            shape(&assemble(pages).0),
            [
                "P 一、职责",
                "P 建议撤换下级检察院检察长、副检察长和检察委员会委员。",
                "P 二、机构",
                "P 三、任务"
            ]
        );
    }

    #[test]
    fn a_heading_at_the_foot_of_a_page_does_not_swallow_the_next_title() {
        // Jiangsu 2017 检察院, pages 9 and 10: the part heading fills the
        // last line of page 9 and page 10 opens flush with the first table's
        // title; and a numbered line never continues the paragraph before.
        let page = |number: usize, texts: &[&str]| PageBlocks {
            number,
            blocks: texts
                .iter()
                .map(|t| Block::Paragraph(t.to_string()))
                .collect(),
            starts_flush: true,
            ends_full: true,
        };
        let pages = vec![
            page(1, &["第二部分省检察院2017年度部门预算表"]),
            page(2, &["收支预算总表", "（一）收入预算总计17996.68万元。包括"]),
            page(3, &["1．财政拨款收入预算总计17981.68万元。"]),
        ];
        assert_eq!(
            shape(&assemble(pages).0),
            [
                "P 第二部分省检察院2017年度部门预算表",
                "P 收支预算总表",
                "P （一）收入预算总计17996.68万元。包括",
                "P 1．财政拨款收入预算总计17981.68万元。"
            ]
        );
    }

    #[test]
    fn a_lone_total_row_with_merged_columns_is_fitted_to_the_grid() {
        let pages = vec![
            PageBlocks {
                starts_flush: false,
                ends_full: false,
                number: 1,
                blocks: vec![table(
                    &[0.0, 20.0, 40.0, 100.0, 150.0],
                    vec![cells(&["类", "款", "名称", "金额"])],
                )],
            },
            PageBlocks {
                starts_flush: false,
                ends_full: false,
                number: 2,
                blocks: vec![table(&[0.0, 100.0, 150.0], vec![cells(&["合计", "9"])])],
            },
        ];
        assert_eq!(shape(&assemble(pages).0), ["类|款|名称|金额 / 合计<3>|9"]);
    }
}

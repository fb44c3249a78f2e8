//! Narrative: the paragraphs and non-standard tables of a unit section →
//! [`Narrative`] (sections, 机构设置, 政府采购预算, 固定资产, project 绩效目标,
//! stated figures).
//!
//! The walker hands over what follows the unit's standard tables, in order;
//! each table goes to the one recogniser that knows it, the paragraphs
//! become sections, and the figures are read from the sections' text.
//! Nothing here refuses a document: what cannot be read is a warning that
//! names the table.

mod assets;
mod cells;
mod contents;
mod headings;
mod institution;
mod performance;
mod procurement;
mod sections;
mod stated;
mod target;

use crate::model::{Narrative, UnitDisclosure, Warning};
use crate::read::{Block, Table};
use crate::text::trim;

/// Recognise one unit's narrative from `pieces`: indices into `blocks` of
/// its paragraphs and non-standard tables, in document order.
pub fn recognise(
    blocks: &[Block<'_>],
    pieces: &[usize],
    unit: &UnitDisclosure,
) -> (Narrative, Vec<Warning>) {
    let mut narrative = Narrative::default();
    let mut warnings = Vec::new();
    let mut paragraphs = Vec::new();
    let mut projects = performance::Builder::default();
    let is_table = |i: usize| matches!(blocks.get(i), Some(Block::Table(_)));
    for (k, &index) in pieces.iter().enumerate() {
        match blocks.get(index) {
            Some(Block::Paragraph { line, text }) => {
                let next_is_its_table =
                    pieces.get(k + 1) == Some(&(index + 1)) && is_table(index + 1);
                paragraphs.push(sections::Para {
                    line: *line,
                    text,
                    is_title: next_is_its_table,
                });
            }
            Some(Block::Table(table)) => {
                // The title is the paragraph right before the table.
                let title = k
                    .checked_sub(1)
                    .map(|p| pieces[p])
                    .filter(|&p| p + 1 == index)
                    .and_then(|p| match blocks.get(p) {
                        Some(Block::Paragraph { line, text }) => Some((*line, trim(text))),
                        _ => None,
                    });
                table_piece(
                    title,
                    table,
                    unit,
                    &mut narrative,
                    &mut projects,
                    &mut warnings,
                );
            }
            None => {}
        }
    }
    let (sections, placed) = sections::build(&paragraphs);
    narrative.figures = stated::extract(&placed, unit.year);
    narrative.sections = sections;
    narrative.projects = projects.finish();
    for (i, project) in narrative.projects.iter_mut().enumerate() {
        project.ordinal = i + 1;
    }
    (narrative, warnings)
}

fn table_piece(
    title: Option<(usize, &str)>,
    table: &Table<'_>,
    unit: &UnitDisclosure,
    narrative: &mut Narrative,
    projects: &mut performance::Builder,
    warnings: &mut Vec<Warning>,
) {
    let title_text = title.map_or("", |(_, t)| t);
    let shown = if title_text.is_empty() {
        "（无标题 untitled）"
    } else {
        title_text
    };
    let parsed = if performance::is_performance(table) {
        projects.table(title, table);
        true
    } else if institution::is_institution(title_text, table) {
        institution::parse(table)
            .map(|rows| append_numbered(&mut narrative.institutions, rows, |r, n| r.row_no = n))
            .is_some()
    } else if procurement::is_procurement(title_text, table) {
        procurement::parse(shown, table, unit.amount_unit, warnings)
            .map(|rows| append_numbered(&mut narrative.procurement, rows, |r, n| r.row_no = n))
            .is_some()
    } else if assets::is_assets(title_text, table) {
        assets::parse(shown, table, unit.amount_unit, warnings)
            .map(|rows| append_numbered(&mut narrative.assets, rows, |r, n| r.row_no = n))
            .is_some()
    } else {
        false
    };
    if !parsed {
        warnings.push(Warning {
            line: table.line,
            place: None,
            message: format!(
                "未识别的表格「{}」，未导入 (unrecognised table, not imported)",
                crate::text::quote(shown)
            ),
        });
    }
}

/// A second table of the same kind continues the numbering of the first.
fn append_numbered<T>(to: &mut Vec<T>, rows: Vec<T>, set: impl Fn(&mut T, usize)) {
    let first = to.len();
    to.extend(rows.into_iter().enumerate().map(|(i, mut r)| {
        set(&mut r, first + i + 1);
        r
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::AmountUnit;
    use proptest::prelude::*;

    fn unit() -> UnitDisclosure {
        UnitDisclosure {
            code: "434001".into(),
            name: "某单位".into(),
            year: 2023,
            amount_unit: AmountUnit::Wanyuan,
            heading: None,
            source_line: 1,
            tables: Vec::new(),
            findings: Vec::new(),
            narrative: Narrative::default(),
            stage: Default::default(),
            scope: None,
            other_tables: Vec::new(),
        }
    }

    /// Words the recognisers key on, mixed with numbers, units and noise.
    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "一、",
                "5、",
                "十一、",
                "绩效目标",
                "一级指标",
                "二级指标",
                "指标值",
                "依据",
                "单位名称",
                "单位性质",
                "政府采购",
                "项目名称",
                "合计",
                "小计",
                "单价",
                "数量",
                "资产总额",
                "截止时间：",
                "（平方米）",
                "其中：",
                "增加",
                "减少",
                "较",
                "上年末",
                "万元",
                "元",
                "万",
                "亿",
                "≤",
                "≥",
                "%",
                "，",
                "。",
                "；",
                "的",
                "三公",
                "机关运行经费",
                "2022年",
                "1,079.09",
                "0.34",
                "-",
                " ",
                "\u{3000}",
                "[bookmark: _Toc1]",
            ])
            .prop_map(str::to_string),
            "[0-9.,]{0,6}",
            "\\PC{0,4}",
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(word(), 0..12).prop_map(|w| w.concat())
    }

    proptest! {
        /// Any paragraphs and tables in any order: a narrative and
        /// warnings, never a panic, and every figure's sentence is where it
        /// says it is.
        #[test]
        fn any_narrative_is_read_without_panic(
            pieces in prop::collection::vec(
                prop_oneof![
                    text().prop_map(|t| (t, None)),
                    (text(), prop::collection::vec(prop::collection::vec(text(), 0..8), 0..6))
                        .prop_map(|(t, rows)| (t, Some(rows))),
                ],
                0..14,
            )
        ) {
            let mut source = String::new();
            for (title, rows) in &pieces {
                source.push_str(&title.replace(['\t', '\n', '\r'], ""));
                source.push_str("x\n");
                for row in rows.iter().flatten() {
                    for cell in row {
                        source.push('\t');
                        source.push_str(&cell.replace(['\t', '\n', '\r'], ""));
                        source.push('\n');
                    }
                    source.push('\n');
                }
                source.push('\n');
            }
            let blocks = crate::read::blocks(&source);
            let all: Vec<usize> = (0..blocks.len()).collect();
            let (narrative, _) = recognise(&blocks, &all, &unit());
            for figure in &narrative.figures {
                let section = narrative.section_of(figure).expect("its section");
                let found: String = section
                    .text
                    .chars()
                    .skip(figure.sentence_start)
                    .take(figure.sentence.chars().count())
                    .collect();
                prop_assert_eq!(&found, &figure.sentence);
                prop_assert!(figure.sentence.contains(&figure.raw));
            }
        }
    }
}

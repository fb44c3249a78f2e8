//! Recognise a disclosure in the national template (财政部's 部门/单位预算 and
//! 决算 tables, as Shanghai, Jiangsu and most provinces publish them) →
//! one unit's disclosure.
//!
//! Unlike the Hebei text export, these documents print no unit code, no
//! 序号 or 栏次 and no metadata row in the tables. What a table is comes from
//! its title (stage and scope included: `2026年部门财务收支预算总表`); its
//! amount unit from a `单位：元` line near the title; the unit and year from
//! `编制部门：…` lines, the title page (`上海市普陀区司法局2026年部门预算`), the
//! titles' year prefixes or, last, the file name.

mod grid;
mod meta;
mod table;
mod title;

pub use meta::unit_key;
pub use title::{classify as classify_title, Title};

use super::{Problem, Refusal};
use crate::amount::AmountUnit;
use crate::model::{
    Document, Scope, Stage, StandardTable, TableKind, Topic, UnitDisclosure, Warning,
};
use crate::read::Block;
use crate::text::{strip_bookmarks, trim};
use meta::Facts;

/// What the importer knows about a document besides its content.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    /// The file name without its extension: the last place to find the
    /// unit and year (`上海市普陀区财政局2024年度部门决算`).
    pub file_stem: &'a str,
}

/// Whether `blocks` look like a national-template document: a table follows
/// a title this module classifies, and no table holds a 栏次 row (the Hebei
/// template's mark).
pub fn applies(blocks: &[Block<'_>]) -> bool {
    let mut titled = false;
    let mut previous_title = false;
    for block in blocks {
        match block {
            Block::Paragraph { text, .. } => {
                let text = strip_bookmarks(text);
                if meta::is_meta_line(text) {
                    continue;
                }
                previous_title = title::is_disclosure_table(text);
            }
            Block::Table(table) => {
                let hebei = table.rows.iter().any(|row| {
                    row.cells
                        .first()
                        .is_some_and(|c| crate::text::squeezed_eq(c, "栏次"))
                });
                if hebei {
                    return false;
                }
                titled |= previous_title;
                previous_title = false;
            }
        }
    }
    titled
}

/// Recognise a national-template document. Any problem refuses it whole.
pub fn recognise(blocks: &[Block<'_>], hints: Hints<'_>) -> Result<Document, Problem> {
    let mut facts = Facts::default();
    let mut tables: Vec<StandardTable> = Vec::new();
    let mut warnings: Vec<Warning> = Vec::new();
    let mut narrative: Vec<usize> = Vec::new();
    let mut others: Vec<crate::model::OtherTable> = Vec::new();
    // The block index of the last standard table, for the note after it.
    let mut last_table_block: Option<usize> = None;
    // The title waiting for its table, and the 单位 printed since it.
    let mut pending: Option<(usize, usize, &str, Title)> = None;
    let mut unit_since_title: Option<AmountUnit> = None;
    let mut stages: Vec<Stage> = Vec::new();
    let mut scopes: Vec<Scope> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Paragraph { line, text } => {
                let text = strip_bookmarks(text);
                if text.is_empty() {
                    continue;
                }
                let fields = meta::read_line(text);
                if !fields.is_empty() {
                    for field in fields {
                        if let meta::Field::AmountUnit(unit) = field {
                            unit_since_title = Some(unit);
                        }
                        facts.add(field);
                    }
                    continue;
                }
                facts.title_page(text);
                // 注：本部门无该项目 under a table is that table's note.
                if text.starts_with("注") && last_table_block.is_some_and(|at| at + 1 == index) {
                    if let Some(table) = tables.last_mut().filter(|t| t.note.is_none()) {
                        table.note = Some(text.to_string());
                        continue;
                    }
                }
                match title::classify(text) {
                    Some(title) => {
                        if let Some((_, at, _, _)) = pending.take() {
                            narrative.push(at);
                        }
                        pending = Some((*line, index, text, title));
                        unit_since_title = None;
                    }
                    None => {
                        if let Some((_, at, _, _)) = pending.take() {
                            narrative.push(at);
                        }
                        narrative.push(index);
                    }
                }
            }
            Block::Table(t) => {
                let Some((line, _, raw_title, title)) = pending.take() else {
                    // A table without a title of its own (a project's 绩效目标
                    // row, a table in the 情况说明): kept as printed, under
                    // the paragraph before it.
                    let before = index.checked_sub(1).and_then(|i| match &blocks[i] {
                        Block::Paragraph { text, .. } => Some(trim(strip_bookmarks(text))),
                        Block::Table(_) => None,
                    });
                    others.push(table::other(
                        before.unwrap_or("（无标题 untitled）"),
                        &grid::lay(t),
                        unit_since_title,
                    ));
                    continue;
                };
                let Some(kind) = title.kind else {
                    // 机关运行经费, 政府采购, 会议费/培训费, 项目支出…: kept as
                    // printed; its title is not narrative.
                    others.push(table::other(
                        trim(raw_title),
                        &grid::lay(t),
                        unit_since_title,
                    ));
                    continue;
                };
                let unit = unit_since_title
                    .or(facts.last_amount_unit)
                    .ok_or_else(|| Problem {
                        line: t.line,
                        table: Some(trim(raw_title).to_string()),
                        row: None,
                        column: None,
                        what: Box::new(Refusal::NoAmountUnitNear),
                    })?;
                let grid = grid::lay(t);
                let parsed =
                    table::parse(kind, trim(raw_title), &grid, unit).map_err(|p| Problem {
                        line: p.line,
                        table: Some(trim(raw_title).to_string()),
                        row: None,
                        column: p.column,
                        what: p.what,
                    })?;
                if let Some(existing) = tables.iter().find(|t| t.kind == kind) {
                    return Err(Problem {
                        line,
                        table: Some(trim(raw_title).to_string()),
                        row: None,
                        column: None,
                        what: Box::new(Refusal::TableTwiceInDocument {
                            kind: kind.key(),
                            title: existing.title.clone(),
                        }),
                    });
                }
                stages.push(title.stage);
                scopes.extend(title.scope);
                facts.table_year(title.year);
                tables.push(parsed);
                last_table_block = Some(index);
            }
        }
    }
    if let Some((_, at, _, _)) = pending.take() {
        narrative.push(at);
    }
    facts.file_name(hints.file_stem);
    if tables.is_empty() {
        return narrative_only(blocks, &mut narrative, &facts, others, warnings).ok_or_else(|| {
            Problem {
                line: 1,
                table: None,
                row: None,
                column: None,
                what: Box::new(Refusal::NoStandardOrFinalTable),
            }
        });
    }
    let first_line = tables.first().map_or(1, |t| t.source_line);
    let name = facts.unit_name().ok_or_else(|| Problem {
        line: first_line,
        table: None,
        row: None,
        column: None,
        what: Box::new(Refusal::NoUnitName),
    })?;
    let year = facts.year().ok_or_else(|| Problem {
        line: first_line,
        table: None,
        row: None,
        column: None,
        what: Box::new(Refusal::NoYearFound),
    })?;
    let stage = meta::most_common(&stages).copied().unwrap_or_default();
    let scope = meta::most_common(&scopes).copied().or(facts.scope);
    let amount_unit = tables
        .iter()
        .find(|t| t.kind != TableKind::Sangong)
        .or(tables.first())
        .map_or(AmountUnit::Yuan, |t| t.amount_unit);
    let missing: Vec<&str> = TableKind::ALL
        .iter()
        .filter(|k| !tables.iter().any(|t| t.kind == **k))
        .map(|k| k.key())
        .collect();
    if !missing.is_empty() {
        warnings.push(Warning {
            line: first_line,
            place: None,
            message: format!(
                "{name} 缺少标准表：{} (missing standard tables)",
                missing.join("、")
            ),
        });
    }
    let mut unit = UnitDisclosure {
        code: meta::unit_key(&name),
        name,
        year,
        amount_unit,
        heading: None,
        source_line: first_line,
        tables,
        findings: Vec::new(),
        narrative: Default::default(),
        stage,
        scope,
        other_tables: others,
    };
    narrative.sort_unstable();
    narrative.dedup();
    let (read, narrative_warnings) = super::narrative::recognise(blocks, &narrative, &unit);
    unit.narrative = read;
    warnings.extend(narrative_warnings);
    Ok(Document {
        units: vec![unit],
        warnings,
    })
}

/// A 情况说明 published without its tables (Jiangsu prints the two as
/// separate files): a unit-year with no tables, waiting for its partner,
/// which the importer finds by unit, year and stage. Only a document that
/// names its unit, year and stage and reads as a 情况说明 (sections or stated
/// figures) qualifies; anything else is still "no budget table".
fn narrative_only(
    blocks: &[Block<'_>],
    narrative: &mut Vec<usize>,
    facts: &Facts,
    others: Vec<crate::model::OtherTable>,
    mut warnings: Vec<Warning>,
) -> Option<Document> {
    let name = facts.unit_name()?;
    let year = facts.year()?;
    let stage = facts.stage?;
    let mut unit = UnitDisclosure {
        code: meta::unit_key(&name),
        name,
        year,
        // A 情况说明 states its figures in 万元; the tables it joins bring
        // their own unit.
        amount_unit: AmountUnit::Wanyuan,
        heading: None,
        source_line: 1,
        tables: Vec::new(),
        findings: Vec::new(),
        narrative: Default::default(),
        stage,
        scope: facts.scope,
        other_tables: others,
    };
    narrative.sort_unstable();
    narrative.dedup();
    let (read, narrative_warnings) = super::narrative::recognise(blocks, narrative, &unit);
    // A section of a 情况说明's own (收支总体情况, 三公, 机关运行经费…), not
    // only a page of prose that happens to name a year's budget.
    let reads_as_narrative = read
        .sections
        .iter()
        .any(|s| !matches!(s.topic, Topic::Preamble | Topic::Other | Topic::Glossary));
    if !reads_as_narrative {
        return None;
    }
    unit.narrative = read;
    warnings.extend(narrative_warnings);
    Some(Document {
        units: vec![unit],
        warnings,
    })
}

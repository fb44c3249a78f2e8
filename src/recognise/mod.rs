//! Recognise: blocks of cells → unit sections with typed standard tables.
//!
//! A department's file holds one section per budget unit. Every standard
//! table repeats the unit code, 预算年度 and 单位 in its metadata row; the
//! section headings (`一、<单位>收支预算`) say where a unit begins.

mod columns;
mod error;
mod meta;
mod narrative;
pub mod national;
mod standard;
mod titles;

pub use crate::text::{squeeze, squeezed_eq, strip_bookmarks, strip_ordinal};
pub use columns::inferred_spans;
pub use error::{Problem, Refusal};

use crate::amount::AmountUnit;
use crate::model::{Document, StandardTable, UnitDisclosure, Warning};
use crate::read::{Block, Table};
use crate::text::trim;

/// Recognise a whole document. Any problem refuses the whole document.
pub fn recognise(blocks: &[Block<'_>]) -> Result<Document, Problem> {
    recognise_with(blocks, national::Hints::default())
}

/// Recognise a whole document in whichever template it follows: the Hebei
/// text export (序号, 栏次 and a metadata row in every table) or the national
/// one (titles, 编制部门 lines, no codes). `hints` help the national template
/// find the unit and year.
pub fn recognise_with(
    blocks: &[Block<'_>],
    hints: national::Hints<'_>,
) -> Result<Document, Problem> {
    if national::applies(blocks) {
        return national::recognise(blocks, hints);
    }
    match recognise_hebei(blocks) {
        // No table at all may still be a national 情况说明 printed apart
        // from its tables; if it is not, the Hebei refusal stands.
        Err(problem) if matches!(*problem.what, Refusal::NoStandardTable) => {
            national::recognise(blocks, hints).map_err(|_| problem)
        }
        read => read,
    }
}

fn recognise_hebei(blocks: &[Block<'_>]) -> Result<Document, Problem> {
    let mut walker = Walker::default();
    for (index, block) in blocks.iter().enumerate() {
        walker.at = index;
        match block {
            Block::Paragraph { line, text } => walker.paragraph(*line, text),
            Block::Table(table) => {
                let noted = matches!(blocks.get(index + 1),
                    Some(Block::Paragraph { text, .. }) if trim(text).starts_with("注"));
                walker.table(table, noted)?
            }
        }
    }
    walker.finish(blocks)
}

#[derive(Default)]
struct Walker {
    units: Vec<UnitDisclosure>,
    /// Section being filled; `None` before the first unit.
    current: Option<Section>,
    /// Last paragraph seen since the previous table: the next table's title.
    pending_title: Option<(usize, String)>,
    /// A heading seen before its unit's first table.
    pending_heading: Option<(usize, String)>,
    /// Where the most recent table went, so the note after it can be attached.
    last_table_open: bool,
    warnings: Vec<Warning>,
    /// Index in the blocks of the block being walked.
    at: usize,
    /// Block index of the paragraph in `pending_title`.
    title_at: Option<usize>,
    /// Narrative pieces (block indices) seen after a unit heading but before
    /// the unit's first table.
    pre_section: Vec<usize>,
    /// The narrative pieces of each unit in `units`.
    narratives: Vec<Vec<usize>>,
    /// No paragraph followed the last table: the file may have been cut.
    ended_with_table: bool,
}

struct Section {
    unit: UnitDisclosure,
    /// The section began at a heading, so every table in it must be this unit's.
    from_heading: bool,
    /// The table the unit's code and year were first read from: (title, line).
    first_table: Option<(String, usize)>,
    /// Block indices of the paragraphs and non-standard tables of the
    /// section: its 情况说明 and the tables printed in it.
    narrative: Vec<usize>,
}

impl Walker {
    fn paragraph(&mut self, line: usize, text: &str) {
        let clean = strip_bookmarks(text);
        self.ended_with_table = false;
        if clean.is_empty() {
            // The export puts a paragraph of one space between a 绩效目标 row
            // and its indicator table; it is not a title.
            return;
        }
        if clean.starts_with("注") && self.last_table_open {
            if let Some(table) = self.last_table_mut() {
                table.note = Some(clean.to_string());
            }
            self.last_table_open = false;
            return;
        }
        self.last_table_open = false;
        if let Some(name) = unit_heading(clean) {
            self.close_section();
            self.pending_heading = Some((line, name.to_string()));
            self.pending_title = None;
            self.title_at = None;
            self.pre_section.clear();
            return;
        }
        self.pending_title = Some((line, clean.to_string()));
        self.title_at = Some(self.at);
        self.narrative_piece();
    }

    /// The block being walked belongs to the current unit's narrative.
    fn narrative_piece(&mut self) {
        match (&mut self.current, &self.pending_heading) {
            (Some(section), None) => section.narrative.push(self.at),
            (_, Some(_)) => self.pre_section.push(self.at),
            (None, None) => {}
        }
    }

    /// The last paragraph was a standard table's title, not narrative.
    fn retract_title(&mut self) {
        let Some(at) = self.title_at.take() else {
            return;
        };
        let pieces = match (&mut self.current, &self.pending_heading) {
            (Some(section), None) => &mut section.narrative,
            _ => &mut self.pre_section,
        };
        if pieces.last() == Some(&at) {
            pieces.pop();
        }
    }

    /// `noted`: a note (注：…) follows the table.
    fn table(&mut self, table: &Table<'_>, noted: bool) -> Result<(), Problem> {
        let title = self.pending_title.take();
        let title_at = self.title_at.take();
        let title_text = title.as_ref().map(|(_, t)| t.as_str()).unwrap_or("");
        self.last_table_open = false;
        self.ended_with_table = true;
        let Some(kind) = titles::classify(title_text) else {
            let first_cells = || -> Vec<&str> {
                table
                    .rows
                    .first()
                    .map(|r| r.cells.clone())
                    .unwrap_or_default()
            };
            if self.current.is_some() || self.pending_heading.is_some() {
                // A table of the 情况说明 (机构设置, 政府采购, 固定资产, 绩效目标);
                // recognised with the unit's narrative.
                self.narrative_piece();
            } else if titles::is_appendix(title_text, &first_cells()) {
                self.warnings.push(Warning {
                    line: table.line,
                    place: None,
                    message: format!(
                        "情况说明附表「{}」不属于任何单位，未导入 (narrative table outside any unit section, not imported)",
                        crate::text::quote(title_text)
                    ),
                });
            } else {
                let shown = if title_text.is_empty() {
                    "（无标题 untitled）"
                } else {
                    title_text
                };
                self.warnings.push(Warning {
                    line: table.line,
                    place: None,
                    message: format!(
                        "未识别的表格「{}」，未导入 (unrecognised table, not imported)",
                        crate::text::quote(shown)
                    ),
                });
            }
            return Ok(());
        };
        self.title_at = title_at;
        self.retract_title();
        let inherited_unit = self.current.as_ref().map(|s| s.unit.amount_unit);
        let parsed = standard::parse(kind, title_text, table, inherited_unit, noted)?;
        let meta = parsed.meta.unwrap_or_default();
        let problem = |what: Refusal| Problem {
            line: table.line,
            table: Some(title_text.to_string()),
            row: None,
            column: None,
            what: Box::new(what),
        };

        let code = match (&meta.code, &self.current) {
            (Some(code), _) => code.clone(),
            (None, Some(section)) => section.unit.code.clone(),
            (None, None) => return Err(problem(Refusal::NoUnitCode)),
        };
        let starts_new = match &self.current {
            None => true,
            Some(section) if section.unit.code == code => false,
            Some(section) if section.from_heading && !section.unit.tables.is_empty() => {
                return Err(problem(Refusal::CodeContradicts {
                    code,
                    first_table: section.first_table_label(),
                    section: section.unit.code.clone(),
                }))
            }
            Some(_) => true,
        };
        if starts_new {
            if self
                .current
                .as_ref()
                .is_some_and(|s| !s.unit.tables.is_empty())
            {
                self.close_section();
            }
            if self.units.iter().any(|u| u.code == code) {
                return Err(problem(Refusal::UnitTwice { code }));
            }
            self.open_section(code.clone(), &meta, table.line, parsed.table.amount_unit);
        }
        let section = self.current.as_mut().expect("a section was opened above");
        if section.first_table.is_none() {
            section.first_table = Some((title_text.to_string(), table.line));
        }
        let first_table = section.first_table_label();
        let unit = &mut section.unit;
        if unit.name.is_empty() {
            unit.name = meta.name.clone().unwrap_or_default();
        }
        match (meta.year, unit.year) {
            (Some(year), 0) => unit.year = year,
            (Some(year), stated) if year != stated => {
                return Err(problem(Refusal::YearContradicts {
                    year,
                    first_table,
                    stated,
                }))
            }
            _ => {}
        }
        if let Some(existing) = unit.tables.iter().find(|t| t.kind == kind) {
            return Err(problem(Refusal::TableTwice {
                kind: kind.key(),
                line: existing.source_line,
            }));
        }
        if parsed.table.amount_unit != unit.amount_unit {
            self.warnings.push(Warning {
                line: table.line,
                place: None,
                message: format!(
                    "表「{title_text}」以{}为单位，本单位其他表以{}为单位；按各表所注单位换算 (tables state different units; each is converted by its own)",
                    parsed.table.amount_unit.label(),
                    unit.amount_unit.label()
                ),
            });
        }
        unit.tables.push(parsed.table);
        self.last_table_open = true;
        Ok(())
    }

    fn open_section(&mut self, code: String, meta: &meta::Meta, line: usize, unit: AmountUnit) {
        let heading = self.pending_heading.take();
        self.current = Some(Section {
            from_heading: heading.is_some(),
            first_table: None,
            narrative: std::mem::take(&mut self.pre_section),
            unit: UnitDisclosure {
                code,
                name: meta.name.clone().unwrap_or_default(),
                year: 0,
                amount_unit: unit,
                heading: heading.as_ref().map(|(_, h)| h.clone()),
                source_line: heading.map_or(line, |(l, _)| l),
                tables: Vec::new(),
                findings: Vec::new(),
                narrative: Default::default(),
                stage: Default::default(),
                scope: None,
                other_tables: Vec::new(),
            },
        });
    }

    fn last_table_mut(&mut self) -> Option<&mut StandardTable> {
        self.current.as_mut().and_then(|s| s.unit.tables.last_mut())
    }

    fn close_section(&mut self) {
        if let Some(section) = self.current.take() {
            if !section.unit.tables.is_empty() {
                self.units.push(section.unit);
                self.narratives.push(section.narrative);
            }
        }
    }

    fn finish(mut self, blocks: &[Block<'_>]) -> Result<Document, Problem> {
        let cut_after = self
            .current
            .as_ref()
            .filter(|_| self.ended_with_table)
            .and_then(|s| s.unit.tables.last())
            .map(|t| (t.title.clone(), t.source_line));
        if let Some(problem) = self.cut_inside_last_table() {
            return Err(problem);
        }
        self.close_section();
        if let (Some((title, line)), Some(unit)) = (cut_after, self.units.last()) {
            let missing = missing_tables(unit);
            if !missing.is_empty() {
                return Err(Problem {
                    line,
                    table: Some(title),
                    row: None,
                    column: None,
                    what: Box::new(Refusal::EndsEarly { missing }),
                });
            }
        }
        if self.units.is_empty() {
            return Err(Problem {
                line: 1,
                table: None,
                row: None,
                column: None,
                what: Box::new(Refusal::NoStandardTable),
            });
        }
        for unit in &self.units {
            if unit.year == 0 {
                return Err(Problem {
                    line: unit.source_line,
                    table: unit.tables.first().map(|t| t.title.clone()),
                    row: None,
                    column: None,
                    what: Box::new(Refusal::NoYear {
                        code: unit.code.clone(),
                    }),
                });
            }
            let missing = missing_tables(unit);
            if !missing.is_empty() {
                self.warnings.push(Warning {
                    line: unit.source_line,
                    place: None,
                    message: format!(
                        "单位 {} 缺少标准表：{} (missing standard tables)",
                        unit.code,
                        missing.join("、")
                    ),
                });
            }
        }
        if let Some(warning) = cut_mid_sentence(blocks) {
            self.warnings.push(warning);
        }
        for (unit, pieces) in self.units.iter_mut().zip(&self.narratives) {
            let (narrative, warnings) = narrative::recognise(blocks, pieces, unit);
            unit.narrative = narrative;
            self.warnings.extend(warnings);
        }
        Ok(Document {
            units: self.units,
            warnings: self.warnings,
        })
    }
}

impl Walker {
    /// The file ends inside its last table: the table is one whose kind has
    /// rows it cannot do without (see [`required_items`]) and some are
    /// missing. Only at the end of the file: a table followed by anything
    /// was published that way, and the audit has its say on it.
    fn cut_inside_last_table(&self) -> Option<Problem> {
        if !self.ended_with_table {
            return None;
        }
        let table = self.current.as_ref()?.unit.tables.last()?;
        let items: Vec<&str> = table
            .lines
            .iter()
            .filter_map(|l| l.item.as_deref())
            .collect();
        let missing: Vec<&'static str> = required_items(table.kind)
            .iter()
            .filter(|required| !items.contains(required))
            .copied()
            .collect();
        let last = table.lines.last()?;
        (!missing.is_empty()).then(|| Problem {
            line: last.source_line,
            table: Some(table.title.clone()),
            row: Some(last.seq.clone()),
            column: None,
            what: Box::new(Refusal::EndsInsideTable { missing }),
        })
    }
}

/// The rows (canonical items, [`standard::sangong_item`]) a table of `kind`
/// always has, whatever it holds: the 三公 table lists every part, 0 or not.
/// Tables of the other kinds list what the unit spends on, so no row of
/// theirs is required.
fn required_items(kind: crate::model::TableKind) -> &'static [&'static str] {
    match kind {
        crate::model::TableKind::Sangong => &[
            "小计",
            "因公出国（境）费",
            "公务用车购置及运行维护费",
            "公务接待费",
        ],
        _ => &[],
    }
}

/// The file's last block is prose that stops mid-sentence: a 情况说明 cut
/// off at the end of the file. Prose is a paragraph with a comma or a full
/// stop in it (a title or a heading has neither); it should end with a
/// sentence's closing punctuation.
fn cut_mid_sentence(blocks: &[Block<'_>]) -> Option<Warning> {
    let Some(Block::Paragraph { line, text }) = blocks.last() else {
        return None;
    };
    let text = trim(text);
    let prose = text.contains('，') || text.contains('。');
    let closed = text.ends_with([
        '。', '！', '？', '；', '…', '”', '’', '）', ')', '」', '』', '.', '!', '?', ';', '：', ':',
    ]);
    if !prose || closed {
        return None;
    }
    let tail: String = {
        let chars: Vec<char> = text.chars().collect();
        chars[chars.len().saturating_sub(20)..].iter().collect()
    };
    Some(Warning {
        line: *line,
        place: None,
        message: format!(
            "文件在一句话中间结束（「…{tail}」），情况说明可能不完整 (the document ends mid-sentence; the 情况说明 may be cut off)"
        ),
    })
}

impl Section {
    fn first_table_label(&self) -> String {
        match &self.first_table {
            Some((title, line)) => format!("「{title}」（第 {line} 行）"),
            None => String::new(),
        }
    }
}

fn missing_tables(unit: &UnitDisclosure) -> Vec<&'static str> {
    crate::model::TableKind::ALL
        .iter()
        .filter(|k| unit.table(**k).is_none())
        .map(|k| k.key())
        .collect()
}

/// `一、<unit name>收支预算` → the unit name.
fn unit_heading(text: &str) -> Option<&str> {
    let rest = strip_ordinal(text);
    if rest.len() == trim(text).len() {
        return None;
    }
    rest.strip_suffix("收支预算")
        .or_else(|| rest.strip_suffix("单位预算"))
        .filter(|name| !name.is_empty())
}

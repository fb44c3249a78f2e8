//! What recognition produces and the store consumes: one document's unit
//! sections with their standard tables, every cell typed and placed.

use crate::amount::{AmountUnit, Cell};
use crate::read::Place;

mod finding;
mod narrative;
pub use finding::{Finding, Severity};
pub use narrative::*;

/// The nine standard tables of a 预算公开, by what they are, not by how a
/// province words their titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableKind {
    /// 收支总表
    Summary,
    /// 收入总表
    Income,
    /// 支出总表
    Expenditure,
    /// 财政拨款收支总表
    FiscalSummary,
    /// 一般公共预算财政拨款支出表
    GeneralPublic,
    /// 一般公共预算财政拨款基本支出表 (经济分类)
    BasicEconomic,
    /// 政府性基金预算财政拨款支出表
    GovFund,
    /// 国有资本经营预算财政拨款支出表
    StateCapital,
    /// 财政拨款“三公”经费支出表
    Sangong,
    /// 财政拨款支出表 (功能分类, every fund together; Jiangsu prints it beside
    /// the 一般公共预算 one)
    FiscalExpenditure,
    /// 财政拨款基本支出表 (经济分类, every fund together; Jiangsu)
    FiscalBasic,
}

impl TableKind {
    /// The nine tables every disclosure of the Hebei template has (and that
    /// the national template has under its own titles); the completeness
    /// check and the truncation check look for these.
    pub const ALL: [TableKind; 9] = [
        TableKind::Summary,
        TableKind::Income,
        TableKind::Expenditure,
        TableKind::FiscalSummary,
        TableKind::GeneralPublic,
        TableKind::BasicEconomic,
        TableKind::GovFund,
        TableKind::StateCapital,
        TableKind::Sangong,
    ];

    /// The name stored in `tables.kind` and shown to users.
    pub fn key(self) -> &'static str {
        match self {
            TableKind::Summary => "收支总表",
            TableKind::Income => "收入总表",
            TableKind::Expenditure => "支出总表",
            TableKind::FiscalSummary => "财政拨款收支总表",
            TableKind::GeneralPublic => "一般公共预算支出表",
            TableKind::BasicEconomic => "基本支出表",
            TableKind::GovFund => "政府性基金支出表",
            TableKind::StateCapital => "国有资本经营支出表",
            TableKind::Sangong => "三公经费表",
            TableKind::FiscalExpenditure => "财政拨款支出表",
            TableKind::FiscalBasic => "财政拨款基本支出表",
        }
    }

    pub fn classification(self) -> Classification {
        match self {
            TableKind::Summary | TableKind::FiscalSummary => Classification::Summary,
            TableKind::BasicEconomic | TableKind::FiscalBasic => Classification::Economic,
            TableKind::Sangong => Classification::Sangong,
            _ => Classification::Function,
        }
    }
}

/// 预算 (the budget) or 决算 (the final accounts of a year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Stage {
    #[default]
    Budget,
    Final,
}

impl Stage {
    /// The name stored in `disclosures.stage`.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Budget => "预算",
            Stage::Final => "决算",
        }
    }
}

/// Whose figures: a 部门 (the department with its subordinate units,
/// consolidated) or a 单位 (one budget unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Department,
    Unit,
}

impl Scope {
    /// The name stored in `disclosures.scope`.
    pub fn key(self) -> &'static str {
        match self {
            Scope::Department => "部门",
            Scope::Unit => "单位",
        }
    }
}

/// How a table's lines are classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Classification {
    /// 支出功能分类: 类(3) 款(5) 项(7)
    Function,
    /// 部门经济分类: 类(3) 款(5)
    Economic,
    /// Line items of the 收支总表 / 财政拨款收支总表
    Summary,
    /// The 三公 lines
    Sangong,
}

impl Classification {
    pub fn key(self) -> &'static str {
        match self {
            Classification::Function => "function",
            Classification::Economic => "economic",
            Classification::Summary => "summary",
            Classification::Sangong => "sangong",
        }
    }
}

/// The income or expenditure half of a summary table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Income,
    Expenditure,
}

impl Side {
    pub fn key(self) -> &'static str {
        match self {
            Side::Income => "income",
            Side::Expenditure => "expenditure",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    Code,
    Name,
    Amount,
}

/// One column after the 序号 column, as the header rows define it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// 1-based position after the 序号 column.
    pub position: usize,
    /// The 栏次 label printed for it ("1", "2", …), if the table has a 栏次 row.
    pub lanci: Option<String>,
    /// Header path as published, whitespace removed, levels joined by '/'.
    pub header: String,
    /// Canonical column name used by queries: 合计, 基本支出, 人员经费, …
    pub key: String,
    pub role: ColumnRole,
    pub side: Option<Side>,
}

/// One data line: a row of a classified table, or one side of a summary row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based index among the table's data rows.
    pub row_no: usize,
    /// Line of the source file the row starts on.
    pub source_line: usize,
    /// 序号 as published.
    pub seq: String,
    pub side: Option<Side>,
    pub code: Option<String>,
    /// 1 = 类, 2 = 款, 3 = 项 (from the code's length).
    pub level: Option<u8>,
    /// Name as published (trimmed).
    pub name: String,
    /// Canonical line name for summary and 三公 lines, stable across years and
    /// wording ("本年收入合计", "公务接待费"); `None` for coded lines.
    pub item: Option<String>,
    pub cells: Vec<AmountCell>,
}

impl Line {
    /// The line's cell in the column at `position`, if it has one.
    pub fn cell_at(&self, position: usize) -> Option<&AmountCell> {
        // Cells are in column order and the amount columns of a table are
        // mostly side by side, so the cell is usually where the first
        // cell's position puts it; the audit and the summaries ask this for
        // every line and column, and the search is the fallback.
        let guess = self
            .cells
            .first()
            .and_then(|first| position.checked_sub(first.position))
            .and_then(|index| self.cells.get(index));
        match guess {
            Some(cell) if cell.position == position => Some(cell),
            _ => self.cells.iter().find(|c| c.position == position),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountCell {
    /// Column position (see [`Column::position`]).
    pub position: usize,
    pub value: Cell,
    /// The cell text as published, trimmed.
    pub raw: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardTable {
    pub kind: TableKind,
    /// Title as published.
    pub title: String,
    pub source_line: usize,
    pub amount_unit: AmountUnit,
    /// The publisher printed the table with no figures (一行空单元格).
    pub is_empty: bool,
    /// The note printed after the table, e.g. `注：…空表列示。`
    pub note: Option<String>,
    pub columns: Vec<Column>,
    pub lines: Vec<Line>,
}

/// A table of a disclosure that is none of the standard kinds, kept as
/// printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherTable {
    /// Title as published.
    pub title: String,
    pub source_line: usize,
    /// The 单位 printed near it, if any.
    pub amount_unit: Option<AmountUnit>,
    /// Rows before the first figure.
    pub header_rows: usize,
    /// Each printed cell once: (row, first grid column, span, text), all
    /// 0-based, in reading order.
    pub cells: Vec<(usize, usize, usize, String)>,
    /// Per grid column, its header path ('/' between levels).
    pub headers: Vec<String>,
}

/// One unit's disclosure for one year: a section of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitDisclosure {
    pub code: String,
    pub name: String,
    pub year: i32,
    pub amount_unit: AmountUnit,
    /// The section heading, e.g. `一、…本级收支预算`, without bookmarks.
    pub heading: Option<String>,
    pub source_line: usize,
    pub tables: Vec<StandardTable>,
    /// What the audit found (filled after recognition, see `import::prepare`).
    pub findings: Vec<Finding>,
    /// The 情况说明 and the tables printed in it.
    pub narrative: Narrative,
    /// 预算 or 决算, from the tables' titles.
    pub stage: Stage,
    /// 部门 or 单位 where the document says so (the national templates'
    /// titles do; the Hebei export's sections are always a unit's own).
    pub scope: Option<Scope>,
    /// Tables that are none of the standard kinds (national template).
    pub other_tables: Vec<OtherTable>,
}

impl UnitDisclosure {
    /// A 情况说明 or tables alone: one part of a disclosure that some
    /// offices publish as two files (see `join`).
    pub fn is_one_part(&self) -> bool {
        self.tables.is_empty() || !self.has_narrative()
    }

    /// Whether a 情况说明 came with the document: stated figures, or a
    /// section beyond the 前言 (a tables-only file's cover lines, such as
    /// `公开01表`, read as one).
    pub fn has_narrative(&self) -> bool {
        !self.narrative.figures.is_empty()
            || self
                .narrative
                .sections
                .iter()
                .any(|s| s.topic != narrative::Topic::Preamble)
    }

    pub fn table(&self, kind: TableKind) -> Option<&StandardTable> {
        self.tables.iter().find(|t| t.kind == kind)
    }

    pub fn line_count(&self) -> usize {
        self.tables.iter().map(|t| t.lines.len()).sum()
    }

    /// The amounts published: cells with a number or a dash, as the
    /// `amounts` table stores them (a blank cell is not an amount).
    pub fn cell_count(&self) -> usize {
        self.tables
            .iter()
            .flat_map(|t| &t.lines)
            .flat_map(|l| &l.cells)
            .filter(|cell| !matches!(cell.value, crate::amount::Cell::Blank))
            .count()
    }
}

/// Something the importer noticed but that does not stop the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    /// Where the warning points in a Word, Excel or HTML document, whose
    /// `line` is only a position number; `None` for text exports.
    pub place: Option<Place>,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.place {
            Some(place) => write!(f, "{place}: {}", self.message),
            None => write!(
                f,
                "第 {} 行 (line {}): {}",
                self.line, self.line, self.message
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub units: Vec<UnitDisclosure>,
    pub warnings: Vec<Warning>,
}

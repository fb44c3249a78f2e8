//! Why recognition refuses a document → the bilingual message a person
//! sees, written once in [`Refusal`]'s `Display`, with where it was found
//! ([`Problem`]).

use crate::amount::AmountError;
use crate::read::Place;
use crate::text::quote;
use std::fmt;

/// A reason a document cannot be imported, with the place it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problem {
    /// 1-based line in the file (a position number in a structured
    /// document; see [`crate::read::Places`]).
    pub line: usize,
    /// Table title as published.
    pub table: Option<String>,
    /// The row's 序号.
    pub row: Option<String>,
    /// The column's header (and 栏次).
    pub column: Option<String>,
    /// Boxed: a `Result` carrying a problem stays small on the path
    /// where there is none.
    pub what: Box<Refusal>,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("元数据行没有单位编码 (no unit code in the metadata row)")]
    NoUnitCode,
    /// `first_table`: how the section's first table is named in words.
    #[error(
        "单位编码 {code} 与本节{first_table}所注单位 {section} 不符 (unit code contradicts the section's unit {section})"
    )]
    CodeContradicts {
        code: String,
        first_table: String,
        section: String,
    },
    #[error("单位 {code} 在本文件中出现了两次 (unit {code} appears twice in this document)")]
    UnitTwice { code: String },
    #[error(
        "预算年度 {year} 与本单位{first_table}的 {stated} 不符 (预算年度 contradicts the unit's other tables)"
    )]
    YearContradicts {
        year: i32,
        first_table: String,
        stated: i32,
    },
    /// `line`: where the unit's first table of this kind is.
    #[error("本单位已有一张{kind}（第 {line} 行）(the unit already has this table)")]
    TableTwice { kind: &'static str, line: usize },
    #[error("金额单位「{}」不是万元或元 (amount unit must be 万元 or 元)", quote(.0))]
    UnknownUnit(String),
    #[error("预算年度「{}」不是年份 (预算年度 is not a year)", quote(.0))]
    NotAYear(String),
    #[error("没有注明金额单位 (no 单位：万元/元 in the metadata row)")]
    NoAmountUnit,
    #[error("表头不完整：找不到栏次 (no header / 栏次 row)")]
    NoHeader,
    #[error("表头没有一行与栏次的 {columns} 栏对齐 (no header row spans all {columns} columns)")]
    HeaderUnaligned { columns: usize },
    /// Cells of the row above the full-width header row (`upper`) that no
    /// way of merging lays over the `lower` ones.
    #[error(
        "无法对齐表头：上一行 {upper} 格，下一行 {lower} 格 (cannot align merged header cells)"
    )]
    HeaderMerges { upper: usize, lower: usize },
    #[error("表格没有数据行，文件可能不完整 (no data rows: the document looks truncated)")]
    NoDataRows,
    #[error(
        "这一行有 {cells} 格，表头为 {header} 格，文件可能不完整或损坏 (row has {cells} cells, the header has {header}: truncated or damaged)"
    )]
    RowWidth { cells: usize, header: usize },
    /// `text`: the cell as published, trimmed.
    #[error("{error}: 「{}」", quote(.text))]
    Amount { error: AmountError, text: String },
    /// The standard tables the document lacks after its last table.
    #[error(
        "文件在此表之后就结束了，缺少{}，文件不完整 (the document ends after this table without the remaining standard tables: truncated)",
        .missing.join("、")
    )]
    EndsEarly { missing: Vec<&'static str> },
    /// The file ends inside a table without rows its kind always has.
    #[error(
        "文件在此表中间就结束了，缺少{}行，文件不完整 (the document ends inside this table, after the row named here, without its {} rows: truncated)",
        .missing.join("、"),
        .missing.join(", ")
    )]
    EndsInsideTable { missing: Vec<&'static str> },
    #[error("没有找到任何预算公开标准表（收支总表、收入总表……）(no standard budget table found)")]
    NoStandardTable,
    /// Figures yusuan stores as one sum (a column printed twice on a line,
    /// the 三公 table's lines of one part) that add up past what an amount
    /// can hold: ±92,233,720,368,547,758.07 元.
    #[error(
        "{what}的金额相加超过 92,233,720,368,547,758.07 元，无法存储，不像真实的预算数 (the {what_en} add up beyond ±92,233,720,368,547,758.07 元, more than can be stored)"
    )]
    SumBeyondRange {
        what: &'static str,
        what_en: &'static str,
    },
    #[error("单位 {code} 的表格都没有注明预算年度 (no 预算年度 in any table of unit {code})")]
    NoYear { code: String },
    // The national layouts (one unit per document, tables found by title).
    #[error("没有注明金额单位（单位：元 / 万元）(no amount unit printed near the table)")]
    NoAmountUnitNear,
    #[error("表头中找不到金额栏 (no amount column in the header)")]
    NoAmountColumn,
    /// `title`: the title of the table already read.
    #[error("本文件已有一张{kind}（「{}」）(the document already has this table)", quote(.title))]
    TableTwiceInDocument { kind: &'static str, title: String },
    #[error(
        "没有找到任何预算或决算公开标准表（收支总表、收入总表……）(no standard budget or final-accounts table found)"
    )]
    NoStandardOrFinalTable,
    #[error(
        "找不到单位名称：没有「编制部门：」「编制单位：」「部门：」行，封面和文件名也没有 (no unit name: no 编制部门/编制单位/部门 line, none on the title page or in the file name; rename the file to e.g. 上海市普陀区司法局2026年部门预算.pdf)"
    )]
    NoUnitName,
    #[error(
        "找不到年度：表名、封面和文件名都没有写明 (no year in the titles, the title page or the file name; rename the file to e.g. 上海市普陀区司法局2026年部门预算.pdf)"
    )]
    NoYearFound,
}

impl Problem {
    /// The message for a Word, Excel or HTML document, whose line numbers
    /// are only positions: `place` says where it is instead.
    pub fn at<'a>(&'a self, place: &'a Place) -> impl fmt::Display + 'a {
        At {
            problem: self,
            place,
        }
    }

    /// `，表「…」，序号 …，栏「…」` for the parts that are known.
    fn context(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(table) = &self.table {
            write!(f, "，表「{}」", quote(table))?;
        }
        if let Some(row) = &self.row {
            write!(f, "，序号 {}", quote(row))?;
        }
        if let Some(column) = &self.column {
            write!(f, "，栏「{}」", quote(column))?;
        }
        Ok(())
    }
}

/// A text export's problem: its line, in both languages.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 行", self.line)?;
        self.context(f)?;
        write!(f, " (line {}): {}", self.line, self.what)
    }
}

struct At<'a> {
    problem: &'a Problem,
    place: &'a Place,
}

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.place)?;
        self.problem.context(f)?;
        write!(f, ": {}", self.problem.what)
    }
}

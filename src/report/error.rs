//! Why a report cannot be built (or asked for as it was) → the bilingual
//! message a person sees, written once in each error's `Display`.

use super::packs::PackError;
use super::yoy::level_name;
use crate::queries::QueryError;

/// Why a report cannot be built from a database or a query's rows.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("查询结果缺少列 {0} (the query returns no column {0})")]
    MissingColumn(String),
    #[error(transparent)]
    Query(#[from] QueryError),
    /// SQLite's own words, as the analyst has always seen them.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// A stored yoy pack whose arrays do not read.
    #[error(
        "yoy_packs 中单位 {unit} {year} 年的数据无法读取 (the pack of unit {unit}, year {year} in yoy_packs does not read): {error}"
    )]
    DamagedPack {
        unit: String,
        year: i32,
        #[source]
        error: PackError,
    },
    /// A column of queries/yoy.sql that should hold text (or nothing).
    #[error("yoy: column {column} is not text: {found:?}")]
    NotText {
        column: usize,
        found: rusqlite::types::Value,
    },
    #[error("yoy: column {column}: {error}")]
    NotUtf8 {
        column: usize,
        #[source]
        error: std::str::Utf8Error,
    },
    #[error(transparent)]
    Choice(#[from] ChoiceError),
    /// A trend chart draws one section.
    #[error(
        "--chart 需要一个单位或 --sum；这里有 {sections} 个单位 (--chart needs one unit or --sum; there are {sections} units)"
    )]
    ChartOfMany { sections: usize },
    #[error("units 查询缺少列 (the units query lacks columns)")]
    UnitsColumns,
    /// `stored_years`: the years stored for the unit, if any.
    #[error(
        "没有找到单位「{unit}」{year} 年的预算公开{} (no disclosure of {unit} for {year})",
        if .stored_years.is_empty() { String::new() } else { format!("；已导入年度 {} (stored years)", .stored_years.join(", ")) }
    )]
    NoDisclosure {
        unit: String,
        year: i32,
        stored_years: Vec<String>,
    },
    /// `show --stage/--scope` asked for a document the unit-year lacks;
    /// `stored`: the scope and stage of each stored one (`部门预算`).
    #[error(
        "{unit} {year} 年没有{asked}；已导入：{} (no such document stored for the year; stored: the ones listed)",
        .stored.join("、")
    )]
    NotStored {
        unit: String,
        year: i32,
        asked: String,
        stored: Vec<String>,
    },
    /// `units`: code and name of each unit the words match.
    #[error(
        "「{unit}」{year} 年对应多个单位：{}；请给出单位编码 (ambiguous: give a unit code)",
        .units.iter().map(|(c, n)| format!("{c} {n}")).collect::<Vec<_>>().join("、")
    )]
    Ambiguous {
        unit: String,
        year: i32,
        units: Vec<(String, String)>,
    },
}

/// A yoy comparison asked for in a way the tables cannot answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    #[error(
        "--by {by} 没有「{column}」列，它在 --by {home}（{home_table}）中 (column {column} belongs to --by {home})"
    )]
    ColumnElsewhere {
        by: &'static str,
        column: String,
        home: &'static str,
        home_table: &'static str,
    },
    #[error(
        "--by {by} 的列为 {}，没有「{column}」(no such column; choose one of these)",
        .columns.join("、")
    )]
    NoSuchColumn {
        by: &'static str,
        column: String,
        columns: Vec<&'static str>,
    },
    #[error(
        "--by summary 按收支总表的项目比较，没有级次；请去掉 --level (summary lines have no level)"
    )]
    SummaryLevel,
    /// `levels`: the levels the table has.
    #[error(
        "--by {by} 只有 {} 级，没有第 {level} 级 (no level {level} here)",
        .levels.iter().map(|l| format!("{l}/{}", level_name(*l))).collect::<Vec<_>>().join("、")
    )]
    NoSuchLevel {
        by: &'static str,
        level: u8,
        levels: &'static [u8],
    },
}

/// The parts of the report still speaking in messages and the command side
/// turn a report error into its words with `?`, exactly as `Display`
/// writes them.
impl From<ReportError> for String {
    fn from(error: ReportError) -> String {
        error.to_string()
    }
}

impl From<ChoiceError> for String {
    fn from(error: ChoiceError) -> String {
        error.to_string()
    }
}

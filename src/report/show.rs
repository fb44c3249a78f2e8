//! `yusuan show UNIT YEAR [SECTION]`: one stored disclosure read back — its
//! standard tables, narrative, 机构设置, 政府采购, 固定资产, project
//! indicators or stated figures — as a report.
//!
//! The SQL lives in queries/show_*.sql; columns named `…_fen` are amounts
//! and are written in the chosen money unit (JSON adds the exact 分 beside).

use super::ReportError;
use crate::queries::{self, QueryError};
use crate::render::{Field, Report, Tabular, Value};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::Path;

/// The parts of a stored disclosure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The nine standard tables, cell by cell (标准表).
    Tables,
    /// The 情况说明, section by section.
    Narrative,
    /// 机构设置.
    Institution,
    /// 政府采购预算.
    Procurement,
    /// 单位固定资产占用情况表.
    Assets,
    /// Project 绩效目标 and indicators.
    Projects,
    /// Figures the 情况说明 states.
    Figures,
}

impl Part {
    fn query(self) -> &'static str {
        match self {
            Part::Tables => "show_tables",
            Part::Narrative => "show_narrative",
            Part::Institution => "show_institution",
            Part::Procurement => "show_procurement",
            Part::Assets => "show_assets",
            Part::Projects => "show_projects",
            Part::Figures => "show_figures",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Part::Tables => "标准表 (standard tables)",
            Part::Narrative => "情况说明 (narrative)",
            Part::Institution => "机构设置 (institution)",
            Part::Procurement => "政府采购预算 (procurement)",
            Part::Assets => "固定资产 (assets)",
            Part::Projects => "项目绩效目标 (projects)",
            Part::Figures => "情况说明所述金额 (stated figures)",
        }
    }
}

/// `part` of the disclosure of `unit` (a code, or part of a name) for
/// `year`; without a part, an overview of what is stored.
pub fn disclosure(
    db: &Path,
    unit: &str,
    year: i32,
    part: Option<Part>,
) -> Result<Report, ReportError> {
    let conn = queries::open_read_only(db)?;
    let (code, name) = resolve(&conn, unit, year)?;
    let (query, label) = match part {
        None => ("show_overview", "概览 (overview)"),
        Some(part) => (part.query(), part.label()),
    };
    let query = queries::find(query).ok_or_else(|| QueryError::UnknownQuery(query.to_string()))?;
    let params = BTreeMap::from([
        ("unit".to_string(), code.clone()),
        ("year".to_string(), year.to_string()),
    ]);
    let mut report = with_money(query.run(&conn, &params)?);
    report.caption = Some(format!("{code} {name} {year} 年 {label}"));
    Ok(report)
}

/// UNIT → the one unit code stored for `year`: a code, or part of a name.
fn resolve(conn: &Connection, unit: &str, year: i32) -> Result<(String, String), ReportError> {
    let units =
        queries::find("units").ok_or_else(|| QueryError::UnknownQuery("units".to_string()))?;
    let params = BTreeMap::from([("unit".to_string(), unit.trim().to_string())]);
    let stored = units.run(conn, &params)?;
    let text = |row: &[Value], i: usize| match row.get(i) {
        Some(Value::Text(t)) => t.clone(),
        Some(Value::Int(n)) => n.to_string(),
        _ => String::new(),
    };
    let column = |name: &str| stored.headers.iter().position(|h| h == name);
    let (Some(code_at), Some(name_at), Some(year_at)) =
        (column("unit_code"), column("unit_name"), column("year"))
    else {
        return Err(ReportError::UnitsColumns);
    };
    let mut matches: Vec<(String, String)> = Vec::new();
    let mut other_years: Vec<String> = Vec::new();
    for row in &stored.rows {
        let found = (text(row, code_at), text(row, name_at));
        if text(row, year_at) == year.to_string() {
            if !matches.contains(&found) {
                matches.push(found);
            }
        } else {
            other_years.push(text(row, year_at));
        }
    }
    if let Some(exact) = matches.iter().find(|(code, _)| code == unit.trim()) {
        return Ok(exact.clone());
    }
    match matches.len() {
        1 => Ok(matches.remove(0)),
        0 => {
            other_years.sort();
            other_years.dedup();
            Err(ReportError::NoDisclosure {
                unit: unit.to_string(),
                year,
                stored_years: other_years,
            })
        }
        _ => Err(ReportError::Ambiguous {
            unit: unit.to_string(),
            year,
            units: matches,
        }),
    }
}

/// Columns named `…_fen` become amounts (named without the suffix).
fn with_money(data: Tabular) -> Report {
    let money: Vec<bool> = data.headers.iter().map(|h| h.ends_with("_fen")).collect();
    let mut report = Report::from(Tabular {
        headers: data
            .headers
            .iter()
            .map(|h| h.strip_suffix("_fen").unwrap_or(h).to_string())
            .collect(),
        rows: Vec::new(),
    });
    let rows = data
        .rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .zip(&money)
                .map(|(value, is_money)| match (value, is_money) {
                    (Value::Int(fen), true) => Field::Money(fen.into()),
                    (value, _) => Field::from(value),
                })
                .collect()
        })
        .collect();
    if let Some(section) = report.sections.first_mut() {
        section.rows = rows;
    }
    report
}

//! `yusuan show UNIT YEAR [SECTION]`: one stored disclosure read back — its
//! standard tables, narrative, 机构设置, 政府采购, 固定资产, project
//! indicators or stated figures — as a report.
//!
//! The SQL lives in queries/show_*.sql; columns named `…_fen` are amounts
//! and are written in the chosen money unit (JSON adds the exact 分 beside).

use super::ReportError;
use crate::model::{Scope, Stage};
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

/// Which of a unit-year's documents to read where more than one is stored:
/// `None` takes the 预算 over the 决算 and the 部门 over the 单位, as the
/// analyst's other commands do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pick {
    pub stage: Option<Stage>,
    pub scope: Option<Scope>,
}

/// A disclosure read back, and what was chosen for the analyst where the
/// unit-year has more than one document and they did not say which.
#[derive(Debug)]
pub struct Shown {
    pub report: Report,
    /// Bilingual notes for stderr: which stage or scope was read, and how
    /// to ask for the other.
    pub notes: Vec<String>,
}

/// `part` of the disclosure of `unit` (a code, or part of a name) for
/// `year`, of the stage and scope `pick` chooses; without a part, an
/// overview of what is stored.
pub fn disclosure(
    db: &Path,
    unit: &str,
    year: i32,
    part: Option<Part>,
    pick: Pick,
) -> Result<Shown, ReportError> {
    let conn = queries::open_read_only(db)?;
    let (code, name) = resolve(&conn, unit, year)?;
    let chosen = choose(&conn, &code, &name, year, pick)?;
    let (query, label) = match part {
        None => ("show_overview", "概览 (overview)"),
        Some(part) => (part.query(), part.label()),
    };
    let query = queries::find(query).ok_or_else(|| QueryError::UnknownQuery(query.to_string()))?;
    let params = BTreeMap::from([
        ("unit".to_string(), code.clone()),
        ("year".to_string(), year.to_string()),
        ("stage".to_string(), chosen.stage.clone()),
        ("scope".to_string(), chosen.scope.clone()),
    ]);
    let mut report = with_money(query.run(&conn, &params)?);
    // The Hebei template's documents (预算, no scope) keep their caption.
    let document = format!("{}{}", chosen.scope, chosen.stage);
    let document = if document == Stage::Budget.key() {
        String::new()
    } else {
        format!("{document} ")
    };
    report.caption = Some(format!("{code} {name} {year} 年 {document}{label}"));
    Ok(Shown {
        report,
        notes: chosen.notes,
    })
}

/// The stage and scope (as stored) of the one document to read.
struct Chosen {
    stage: String,
    scope: String,
    notes: Vec<String>,
}

/// The document of `code` and `year` that `pick` asks for; where it leaves
/// a choice, the 预算 and the 部门 one, with a note saying so.
fn choose(
    conn: &Connection,
    code: &str,
    name: &str,
    year: i32,
    pick: Pick,
) -> Result<Chosen, ReportError> {
    let mut statement = conn.prepare(
        "SELECT stage, scope FROM disclosures WHERE unit_code = ?1 AND year = ?2
         ORDER BY stage = '决算', CASE scope WHEN '部门' THEN 0 WHEN '单位' THEN 1 ELSE 2 END",
    )?;
    let stored: Vec<(String, String)> = statement
        .query_map(rusqlite::params![code, year], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    let not_stored = || ReportError::NotStored {
        unit: format!("{code} {name}"),
        year,
        asked: format!(
            "{}{}",
            pick.scope.map_or("", Scope::key),
            pick.stage.map_or("", Stage::key)
        ),
        stored: stored.iter().map(|(t, s)| format!("{s}{t}")).collect(),
    };
    let mut notes = Vec::new();
    // 预算 before 决算, 部门 before 单位 before unstated: the order above.
    let stage = match pick.stage {
        Some(stage) => stage.key().to_string(),
        None => stored.first().map(|(t, _)| t.clone()).unwrap_or_default(),
    };
    if pick.stage.is_none() && stored.iter().any(|(t, _)| *t != stage) {
        notes.push(format!(
            "注意 (note): {name} {year} 年既有预算也有决算，此处用{stage}的；--stage {other} 看{other}的 (both a 预算 and a 决算 document are stored; this shows the {stage} one, --stage {other} shows the other)",
            other = if stage == Stage::Budget.key() { Stage::Final.key() } else { Stage::Budget.key() },
        ));
    }
    let scopes: Vec<&str> = stored
        .iter()
        .filter(|(t, _)| *t == stage)
        .map(|(_, s)| s.as_str())
        .collect();
    let scope = match pick.scope {
        Some(scope) => scope.key(),
        None => scopes.first().copied().ok_or_else(not_stored)?,
    };
    if !scopes.contains(&scope) {
        return Err(not_stored());
    }
    if pick.scope.is_none() && scopes.len() > 1 {
        let named = |s: &str| if s.is_empty() { "未注明口径" } else { s }.to_string();
        let listed: Vec<String> = scopes.iter().map(|s| named(s)).collect();
        let (listed, shown) = (listed.join("、"), named(scope));
        notes.push(format!(
            "注意 (note): {name} {year} 年存有多份{stage}（{listed}），此处用{shown}的；--scope 部门|单位 选择 (several {stage} documents are stored: {listed}; this shows the {shown} one, --scope chooses)"
        ));
    }
    Ok(Chosen {
        stage,
        scope: scope.to_string(),
        notes,
    })
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

//! `yusuan check`: the stored audit findings, and the completeness matrix.

use crate::audit::Severity;
use crate::queries::{self, QueryError};
use crate::render::{Tabular, Value};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};

/// How much of each finding is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// One line a finding for a terminal: where, what rule, how bad, and the
    /// message's first line.
    Compact,
    /// The terminal columns with the figures compared (`--long`).
    Long,
    /// Every column (CSV, JSON, Markdown).
    All,
}

/// Columns shown on a terminal with `--long`.
const LONG_COLUMNS: &[&str] = &[
    "unit_code",
    "year",
    "severity",
    "rule",
    "table_kind",
    "seq",
    "column_key",
    "message",
    "evidence",
];

pub fn findings(
    conn: &Connection,
    unit: Option<&str>,
    year: Option<i32>,
    severity: Option<Severity>,
    detail: Detail,
) -> Result<Tabular, QueryError> {
    let params = BTreeMap::from([
        ("unit".to_string(), unit.unwrap_or_default().to_string()),
        (
            "year".to_string(),
            year.map(|y| y.to_string()).unwrap_or_default(),
        ),
        (
            "severity".to_string(),
            severity.map(Severity::key).unwrap_or_default().to_string(),
        ),
    ]);
    let data = queries::find("findings")
        .expect("registered")
        .run(conn, &params)?;
    Ok(match detail {
        Detail::All => data,
        Detail::Long => project(data, LONG_COLUMNS),
        Detail::Compact => compact(data),
    })
}

/// unit, year, severity, rule, the place (table, 序号, column) in one cell
/// and the message's first line.
fn compact(data: Tabular) -> Tabular {
    let at = |name: &str| data.headers.iter().position(|h| h == name);
    let text = |row: &[Value], name: &str| match at(name).and_then(|i| row.get(i)) {
        Some(Value::Text(t)) => t.clone(),
        Some(Value::Int(n)) => n.to_string(),
        _ => String::new(),
    };
    let headers = ["unit_code", "year", "severity", "rule", "place", "message"];
    let rows = data
        .rows
        .iter()
        .map(|row| {
            let place: Vec<String> = [
                text(row, "table_kind"),
                text(row, "seq").trim().to_string(),
                text(row, "column_key"),
            ]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
            let message = text(row, "message");
            let first_line = message.lines().next().unwrap_or_default().to_string();
            let year = at("year").and_then(|i| row.get(i)).cloned();
            vec![
                Value::Text(text(row, "unit_code")),
                year.unwrap_or(Value::Null),
                Value::Text(text(row, "severity")),
                Value::Text(text(row, "rule")),
                Value::Text(place.join(" ")),
                Value::Text(first_line),
            ]
        })
        .collect();
    Tabular {
        headers: headers.map(String::from).to_vec(),
        rows,
    }
}

fn project(data: Tabular, keep: &[&str]) -> Tabular {
    let indexes: Vec<usize> = keep
        .iter()
        .filter_map(|k| data.headers.iter().position(|h| h == k))
        .collect();
    Tabular {
        headers: indexes.iter().map(|&i| data.headers[i].clone()).collect(),
        rows: data
            .rows
            .into_iter()
            .map(|row| indexes.iter().map(|&i| row[i].clone()).collect())
            .collect(),
    }
}

/// Units × years: for each unit-year, how many of the nine tables are
/// there, which are empty (with or without 空表说明) and which are missing,
/// and the same for the 情况说明's sections.
pub fn matrix(conn: &Connection, unit: Option<&str>) -> Result<Tabular, QueryError> {
    let params = BTreeMap::from([("unit".to_string(), unit.unwrap_or_default().to_string())]);
    let data = queries::find("completeness")
        .expect("registered")
        .run(conn, &params)?;
    let text = |v: &Value| match v {
        Value::Text(t) => t.clone(),
        Value::Int(n) => n.to_string(),
        Value::Null => String::new(),
    };
    let mut years = BTreeSet::new();
    let mut units: BTreeMap<String, String> = BTreeMap::new();
    let mut cells: BTreeMap<(String, String), Vec<(String, String)>> = BTreeMap::new();
    for row in &data.rows {
        let (code, name, year, kind, status) = (
            text(&row[0]),
            text(&row[1]),
            text(&row[2]),
            text(&row[3]),
            text(&row[4]),
        );
        years.insert(year.clone());
        units.insert(code.clone(), name);
        cells.entry((code, year)).or_default().push((kind, status));
    }
    let mut headers = vec!["unit_code".to_string(), "unit_name".to_string()];
    headers.extend(years.iter().cloned());
    let rows = units
        .into_iter()
        .map(|(code, name)| {
            let mut row = vec![Value::Text(code.clone()), Value::Text(name)];
            for year in &years {
                let cell = cells.get(&(code.clone(), year.clone())).map(|c| summary(c));
                row.push(cell.map_or(Value::Text("—".into()), Value::Text));
            }
            row
        })
        .collect();
    Ok(Tabular { headers, rows })
}

/// "9/9 说明7/7", "8/9 缺:三公经费表 说明6/7 缺:政府采购",
/// "9/9 空(注):政府性基金支出表、国有资本经营支出表 说明7/7"…
fn summary(parts: &[(String, String)]) -> String {
    let (sections, tables): (Vec<_>, Vec<_>) =
        parts.iter().partition(|(p, _)| p.starts_with("说明:"));
    let describe = |items: &[&(String, String)], prefix: &str| {
        let present = items.iter().filter(|(_, s)| s != "missing").count();
        let mut text = format!("{prefix}{present}/{}", items.len());
        for (status, label) in [
            ("missing", "缺"),
            ("empty", "空(无注)"),
            ("empty_with_note", "空(注)"),
        ] {
            let names: Vec<&str> = items
                .iter()
                .filter(|(_, s)| s == status)
                .map(|(p, _)| p.trim_start_matches("说明:"))
                .collect();
            if !names.is_empty() {
                text.push_str(&format!(" {label}:{}", names.join("、")));
            }
        }
        text
    };
    format!("{} {}", describe(&tables, ""), describe(&sections, "说明"))
}

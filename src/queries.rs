//! Canned queries: the .sql files of queries/, embedded at build time.
//!
//! Each file starts with two comment lines:
//! `-- NAME: what it answers` and `-- params: key = default (meaning), …`
//! (or `-- params: none`). Parameters are bound by name (`:key`), never
//! spliced into the SQL text.

use crate::render::{Tabular, Value};
use crate::store;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::Path;

pub struct CannedQuery {
    pub name: &'static str,
    pub sql: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub default: String,
    pub meaning: String,
}

const ALL: &[CannedQuery] = &[
    CannedQuery {
        name: "units",
        sql: include_str!("../queries/units.sql"),
    },
    CannedQuery {
        name: "aliases",
        sql: include_str!("../queries/aliases.sql"),
    },
    CannedQuery {
        name: "documents",
        sql: include_str!("../queries/documents.sql"),
    },
    CannedQuery {
        name: "yoy",
        sql: include_str!("../queries/yoy.sql"),
    },
    CannedQuery {
        name: "sangong",
        sql: include_str!("../queries/sangong.sql"),
    },
    CannedQuery {
        name: "execution",
        sql: include_str!("../queries/execution.sql"),
    },
    CannedQuery {
        name: "execution_printed",
        sql: include_str!("../queries/execution_printed.sql"),
    },
    CannedQuery {
        name: "execution_sangong",
        sql: include_str!("../queries/execution_sangong.sql"),
    },
    CannedQuery {
        name: "scopes",
        sql: include_str!("../queries/scopes.sql"),
    },
    CannedQuery {
        name: "assets",
        sql: include_str!("../queries/assets.sql"),
    },
    CannedQuery {
        name: "procurement",
        sql: include_str!("../queries/procurement.sql"),
    },
    CannedQuery {
        name: "projects",
        sql: include_str!("../queries/projects.sql"),
    },
    CannedQuery {
        name: "findings",
        sql: include_str!("../queries/findings.sql"),
    },
    CannedQuery {
        name: "completeness",
        sql: include_str!("../queries/completeness.sql"),
    },
    CannedQuery {
        name: "show_overview",
        sql: include_str!("../queries/show_overview.sql"),
    },
    CannedQuery {
        name: "show_tables",
        sql: include_str!("../queries/show_tables.sql"),
    },
    CannedQuery {
        name: "show_narrative",
        sql: include_str!("../queries/show_narrative.sql"),
    },
    CannedQuery {
        name: "show_institution",
        sql: include_str!("../queries/show_institution.sql"),
    },
    CannedQuery {
        name: "show_procurement",
        sql: include_str!("../queries/show_procurement.sql"),
    },
    CannedQuery {
        name: "show_assets",
        sql: include_str!("../queries/show_assets.sql"),
    },
    CannedQuery {
        name: "show_projects",
        sql: include_str!("../queries/show_projects.sql"),
    },
    CannedQuery {
        name: "show_figures",
        sql: include_str!("../queries/show_figures.sql"),
    },
];

pub fn all() -> &'static [CannedQuery] {
    ALL
}

pub fn find(name: &str) -> Option<&'static CannedQuery> {
    ALL.iter().find(|q| q.name == name)
}

/// Open `db` so that no statement can change it (see
/// [`store::open_read_only`]), set up for reports: they read tens of
/// thousands of rows, so the file is mapped rather than copied page by page
/// through a small cache.
pub fn open_read_only(db: &Path) -> Result<Connection, QueryError> {
    let conn = store::open_read_only(db)?;
    conn.execute_batch("PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -32000;")?;
    Ok(conn)
}

/// Run the canned query `name` on `db`, opened read-only.
pub fn run_read_only(
    db: &Path,
    name: &str,
    params: &BTreeMap<String, String>,
) -> Result<Tabular, QueryError> {
    let conn = open_read_only(db)?;
    let query = find(name).ok_or_else(|| QueryError::UnknownQuery(name.to_string()))?;
    query.run(&conn, params)
}

/// Rows whose cells hold JSON arrays (the `yoy_packs` a canned query reads
/// whole: `row_nos`, `codes`, `names`, `fens` …) as one row per element, so
/// that a CSV holds plain values: a column of arrays becomes a column of
/// their elements, named in the singular (`codes` → `code`), and `fens`
/// becomes `amount_fen`. Element i of every array of a row goes into the
/// same row; the other columns are repeated. A result without array
/// columns is returned as it is.
pub fn unpack_arrays(data: Tabular) -> Tabular {
    /// The array columns the canned queries return (queries/yoy.sql).
    const PACK_COLUMNS: [&str; 6] = ["row_nos", "sides", "codes", "names", "items", "fens"];
    let parse = |value: &Value| match value {
        Value::Text(text) if text.starts_with('[') => {
            serde_json::from_str::<Vec<serde_json::Value>>(text).ok()
        }
        _ => None,
    };
    let arrays: Vec<bool> = data
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            PACK_COLUMNS.contains(&header.as_str())
                && data.rows.iter().all(|row| match row.get(i) {
                    Some(Value::Null) | None => true,
                    Some(value) => parse(value).is_some(),
                })
        })
        .collect();
    if !arrays.contains(&true) {
        return data;
    }
    let headers = data
        .headers
        .iter()
        .zip(&arrays)
        .map(|(header, &array)| match (array, header.as_str()) {
            (false, _) => header.clone(),
            (true, "fens") => "amount_fen".to_string(),
            (true, h) => h.strip_suffix('s').unwrap_or(h).to_string(),
        })
        .collect();
    let element = |value: &serde_json::Value| match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Value::Text(n.to_string()), Value::Int),
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    };
    let mut rows = Vec::new();
    for row in &data.rows {
        let unpacked: Vec<Option<Vec<serde_json::Value>>> = row
            .iter()
            .zip(&arrays)
            .map(|(value, &array)| if array { parse(value) } else { None })
            .collect();
        let length = unpacked.iter().flatten().map(Vec::len).max().unwrap_or(0);
        for n in 0..length {
            rows.push(
                row.iter()
                    .zip(&arrays)
                    .zip(&unpacked)
                    .map(|((value, &array), elements)| match (array, elements) {
                        (false, _) => value.clone(),
                        (true, Some(elements)) => elements.get(n).map_or(Value::Null, element),
                        (true, None) => Value::Null,
                    })
                    .collect(),
            );
        }
    }
    Tabular { headers, rows }
}

/// The canned queries: name, what each answers, parameters with defaults.
pub fn list() -> Tabular {
    let rows = all()
        .iter()
        .map(|q: &CannedQuery| {
            let params = q
                .params()
                .iter()
                .map(|p| {
                    let default = if p.default.is_empty() {
                        "''".to_string()
                    } else {
                        p.default.clone()
                    };
                    if p.meaning.is_empty() {
                        format!("{} = {default}", p.name)
                    } else {
                        format!("{} = {default} ({})", p.name, p.meaning)
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            vec![
                Value::Text(q.name.to_string()),
                Value::Text(q.description().to_string()),
                Value::Text(params),
            ]
        })
        .collect();
    Tabular {
        headers: vec!["name".into(), "answers".into(), "params".into()],
        rows,
    }
}

impl CannedQuery {
    /// The first comment line, after `-- NAME:`.
    pub fn description(&self) -> &'static str {
        self.sql
            .lines()
            .next()
            .and_then(|l| l.split_once(':'))
            .map(|(_, d)| d.trim())
            .unwrap_or("")
    }

    /// Parameters declared on the `-- params:` line.
    pub fn params(&self) -> Vec<Param> {
        let Some(line) = self.sql.lines().find_map(|l| l.strip_prefix("-- params:")) else {
            return Vec::new();
        };
        if line.trim() == "none" {
            return Vec::new();
        }
        split_params(line)
            .filter_map(|decl| {
                let (name, rest) = decl.split_once('=')?;
                let rest = rest.trim();
                let (default, meaning) = match rest.find(" (") {
                    Some(i) => (&rest[..i], rest[i + 2..].trim_end_matches(')')),
                    None => (rest, ""),
                };
                Some(Param {
                    name: name.trim().to_string(),
                    default: default.trim().trim_matches('\'').to_string(),
                    meaning: meaning.trim().to_string(),
                })
            })
            .collect()
    }

    /// Run with `given` values over the declared defaults. Unknown keys are
    /// refused so that a typo does not silently run with a default.
    pub fn run(
        &self,
        conn: &Connection,
        given: &BTreeMap<String, String>,
    ) -> Result<Tabular, QueryError> {
        run_sql(conn, self.sql, &self.values(given)?)
    }

    /// Run like [`CannedQuery::run`], handing each row to `each` as it is
    /// read instead of collecting them: for reports over every unit-year.
    /// `columns` are looked up in the result; `each` gets their indices.
    /// `each`'s own errors pass through as they are.
    pub fn for_each<const N: usize, E: From<QueryError>>(
        &self,
        conn: &Connection,
        given: &BTreeMap<String, String>,
        columns: [&str; N],
        mut each: impl FnMut(&rusqlite::Row<'_>, &[usize; N]) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = prepare_bound(conn, self.sql, &self.values(given)?)?;
        let mut found = [0; N];
        for (slot, name) in found.iter_mut().zip(columns) {
            *slot = stmt
                .column_index(name)
                .map_err(|_| QueryError::MissingColumn(name.to_string()))?;
        }
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next().map_err(QueryError::from)? {
            each(row, &found)?;
        }
        Ok(())
    }

    /// `given` over the declared defaults, as `:name` bindings.
    fn values(
        &self,
        given: &BTreeMap<String, String>,
    ) -> Result<Vec<(String, String)>, QueryError> {
        let declared = self.params();
        if let Some(unknown) = given
            .keys()
            .find(|k| !declared.iter().any(|p| &p.name == *k))
        {
            return Err(QueryError::UnknownParameter {
                query: self.name,
                unknown: unknown.clone(),
                known: declared.into_iter().map(|p| p.name).collect(),
            });
        }
        let values: Vec<(String, String)> = declared
            .iter()
            .map(|p| {
                let value = given
                    .get(&p.name)
                    .cloned()
                    .unwrap_or_else(|| p.default.clone());
                (format!(":{}", p.name), value)
            })
            .collect();
        Ok(values)
    }
}

/// Parameter declarations are separated by commas outside parentheses.
fn split_params(line: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0i32;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in line.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&line[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&line[start..]);
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty())
}

/// Run SQL with named text parameters bound as values.
pub fn run_sql(
    conn: &Connection,
    sql: &str,
    params: &[(String, String)],
) -> Result<Tabular, QueryError> {
    collect(&mut prepare_bound(conn, sql, params)?)
}

fn prepare_bound<'c>(
    conn: &'c Connection,
    sql: &str,
    params: &[(String, String)],
) -> Result<rusqlite::Statement<'c>, QueryError> {
    let mut stmt = conn.prepare(sql)?;
    for (name, value) in params {
        if let Some(index) = stmt.parameter_index(name)? {
            stmt.raw_bind_parameter(index, value)?;
        }
    }
    Ok(stmt)
}

/// Run a prepared statement (parameters bound) and collect every row.
pub fn collect(stmt: &mut rusqlite::Statement<'_>) -> Result<Tabular, QueryError> {
    let headers: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(values(row, headers.len())?);
    }
    Ok(Tabular { headers, rows: out })
}

/// A row's first `columns` values as reports show them: reals and text as
/// text, a blob as its size.
pub fn values(row: &rusqlite::Row<'_>, columns: usize) -> rusqlite::Result<Vec<Value>> {
    let mut values = Vec::with_capacity(columns);
    for i in 0..columns {
        values.push(match row.get_ref(i)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Int(n),
            ValueRef::Real(x) => Value::Text(x.to_string()),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Text(format!("<{} bytes>", b.len())),
        });
    }
    Ok(values)
}

/// Why a canned query or SQL could not run.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// `known`: the query's declared parameters.
    #[error(
        "查询 {query} 没有参数 {unknown}（可用：{}）(unknown parameter)",
        if .known.is_empty() { "无".to_string() } else { .known.join(", ") }
    )]
    UnknownParameter {
        query: &'static str,
        unknown: String,
        known: Vec<String>,
    },
    #[error("查询结果缺少列 {0} (the query returns no column {0})")]
    MissingColumn(String),
    #[error("no canned query {0}")]
    UnknownQuery(String),
    /// The database could not be opened.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// SQLite's own words, as the analyst has always seen them.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// The command side still reports in messages: its `?` turns a query error
/// into the words a person sees, exactly as `Display` writes them.
impl From<QueryError> for String {
    fn from(error: QueryError) -> String {
        error.to_string()
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn arrays_unpack_into_one_row_per_element() {
        let text = |t: &str| Value::Text(t.to_string());
        let data = Tabular {
            headers: ["unit_code", "year", "sides", "codes", "fens"]
                .map(String::from)
                .to_vec(),
            rows: vec![vec![
                text("434001"),
                Value::Int(2023),
                Value::Null,
                text(r#"[null,"201"]"#),
                text("[100,40]"),
            ]],
        };
        let unpacked = unpack_arrays(data);
        assert_eq!(
            unpacked.headers,
            ["unit_code", "year", "side", "code", "amount_fen"]
        );
        assert_eq!(
            unpacked.rows,
            vec![
                vec![
                    text("434001"),
                    Value::Int(2023),
                    Value::Null,
                    Value::Null,
                    Value::Int(100)
                ],
                vec![
                    text("434001"),
                    Value::Int(2023),
                    Value::Null,
                    text("201"),
                    Value::Int(40)
                ],
            ]
        );
        let plain = Tabular {
            headers: vec!["names".into()],
            rows: vec![vec![text("not an array")]],
        };
        assert_eq!(unpack_arrays(plain.clone()), plain);
    }
    use super::*;

    #[test]
    fn every_canned_query_declares_itself() {
        for q in all() {
            assert!(q.sql.starts_with(&format!("-- {}:", q.name)), "{}", q.name);
            assert!(!q.description().is_empty(), "{}", q.name);
            assert!(
                q.sql.lines().nth(1).unwrap().starts_with("-- params:"),
                "{}",
                q.name
            );
        }
        let unit = &find("units").unwrap().params()[0];
        assert_eq!(unit.name, "unit");
        assert_eq!(unit.default, "");
    }
}

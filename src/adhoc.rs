//! `yusuan sql`: ad-hoc SQL on a connection that cannot change anything.
//!
//! Three locks, each enough on its own to keep the database file as it is:
//! 1. the file is opened read-only (`SQLITE_OPEN_READ_ONLY`) with
//!    `PRAGMA query_only` ([`store::open_read_only`]);
//! 2. an authorizer lets a statement read and nothing else: SELECT, reading
//!    columns, functions, recursive CTEs and the PRAGMAs that only report.
//!    It denies every write and schema change, transactions, ATTACH and
//!    DETACH (ATTACH opens another file, even on a read-only connection),
//!    and PRAGMAs that set or do something;
//! 3. a statement that SQLite itself does not call read-only
//!    (`sqlite3_stmt_readonly`: VACUUM, for one) is refused before it runs.
//!
//! One statement per call; parameters are not taken (ad-hoc SQL is the
//! user's own text). Rows are handed on as SQLite produces them, never
//! collected, and a statement that runs past its time limit is stopped
//! through SQLite's progress handler (a recursive CTE can run forever).

use crate::queries::{self, QueryError};
use crate::render::{RowStream, Tabular, Value};
use crate::store::{self, StoreError};
use crate::text;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// PRAGMAs that report and never change anything, with or without an
/// argument (the argument names a table or an index).
const REPORTING_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "database_list",
    "collation_list",
    "function_list",
    "module_list",
    "pragma_list",
    "compile_options",
    "integrity_check",
    "quick_check",
];

/// PRAGMAs that are settings: reading them (no value) is allowed, setting
/// them is not.
const SETTING_PRAGMAS: &[&str] = &[
    "user_version",
    "application_id",
    "schema_version",
    "page_size",
    "page_count",
    "freelist_count",
    "encoding",
    "journal_mode",
    "data_version",
    "foreign_keys",
    "query_only",
    "auto_vacuum",
];

/// Why ad-hoc SQL did not run → the message a person sees.
#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("没有 SQL 语句 (no SQL statement given)")]
    Blank,
    /// `0`: what was refused (the statement's keyword, or SQLite's words).
    #[error(
        "yusuan sql 只读，已拒绝：{0}。如需修改数据请重新导入 (yusuan sql is read-only: refused {0}; the database was not changed)"
    )]
    Refused(String),
    #[error("一次只能执行一条 SQL 语句 (one statement at a time)")]
    MultipleStatements,
    #[error("SQL 错误 (SQL error): {}", sql_words(.0))]
    Sql(#[source] rusqlite::Error),
    /// Reading the rows failed (SQLite's words).
    #[error(transparent)]
    Rows(#[from] QueryError),
    /// The statement ran past its limit, in seconds, and was stopped.
    #[error(
        "查询超过 {0} 秒时限，已中止 (the query ran longer than {0} s and was stopped; allow more with --timeout SECONDS, 0 for no limit)"
    )]
    TimedOut(u64),
    /// The rows could not be written out.
    #[error("无法写出查询结果 (cannot write the result): {0}")]
    Write(#[source] std::io::Error),
}

/// The command side reports in messages; its `?` gets this error's words.
impl From<SqlError> for String {
    fn from(error: SqlError) -> String {
        error.to_string()
    }
}

/// A connection for ad-hoc SQL.
pub struct ReadOnly {
    conn: Connection,
    /// What the authorizer refused last, for the message.
    refused: Arc<Mutex<Option<String>>>,
}

impl ReadOnly {
    pub fn open(path: &Path) -> Result<ReadOnly, SqlError> {
        let conn = store::open_read_only(path)?;
        let refused = Arc::new(Mutex::new(None));
        let record = Arc::clone(&refused);
        conn.authorizer(Some(move |ctx: AuthContext<'_>| match judge(&ctx) {
            Ok(()) => Authorization::Allow,
            Err(what) => {
                // The first refusal names the statement (DROP TABLE x);
                // later ones are its consequences (DELETE FROM sqlite_master).
                if let Ok(mut slot) = record.lock() {
                    slot.get_or_insert(what);
                }
                Authorization::Deny
            }
        }));
        Ok(ReadOnly { conn, refused })
    }

    /// Run one statement and collect its rows.
    pub fn run(&self, sql: &str) -> Result<Tabular, SqlError> {
        let mut stmt = self.prepare(sql)?;
        Ok(queries::collect(&mut stmt)?)
    }

    /// Run one statement: its column names go to `start`, which returns
    /// the sink every row then goes to as SQLite produces it. The statement
    /// is stopped once it has worked longer than `limit` (the time the sink
    /// takes, a slow pipe or disk, is not counted).
    pub fn stream<S: RowSink>(
        &self,
        sql: &str,
        limit: Option<Duration>,
        start: impl FnOnce(Vec<String>) -> std::io::Result<S>,
    ) -> Result<S, SqlError> {
        let clock = Arc::new(Mutex::new(Clock {
            started: Instant::now(),
            outside: Duration::ZERO,
        }));
        if let Some(limit) = limit {
            let watched = Arc::clone(&clock);
            // Every 10,000 virtual machine steps: a fraction of a millisecond.
            self.conn.progress_handler(
                10_000,
                Some(move || watched.lock().is_ok_and(|c| c.worked() > limit)),
            );
        }
        let result = self.stream_rows(sql, &clock, start);
        self.conn.progress_handler(0, None::<fn() -> bool>);
        result.map_err(|e| match e {
            SqlError::Sql(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::OperationInterrupted =>
            {
                SqlError::TimedOut(limit.map_or(0, |l| l.as_secs()))
            }
            other => other,
        })
    }

    fn stream_rows<S: RowSink>(
        &self,
        sql: &str,
        clock: &Mutex<Clock>,
        start: impl FnOnce(Vec<String>) -> std::io::Result<S>,
    ) -> Result<S, SqlError> {
        let mut stmt = self.prepare(sql)?;
        let headers: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let columns = headers.len();
        let mut sink = start(headers).map_err(SqlError::Write)?;
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next().map_err(SqlError::Sql)? {
            let values = queries::values(row, columns).map_err(SqlError::Sql)?;
            let handed = Instant::now();
            sink.row(values).map_err(SqlError::Write)?;
            if let Ok(mut c) = clock.lock() {
                c.outside += handed.elapsed();
            }
        }
        Ok(sink)
    }

    /// Prepare one statement that only reads.
    fn prepare(&self, sql: &str) -> Result<rusqlite::Statement<'_>, SqlError> {
        if let Ok(mut slot) = self.refused.lock() {
            *slot = None;
        }
        if sql_is_blank(sql) {
            return Err(SqlError::Blank);
        }
        let stmt = self.conn.prepare(sql).map_err(|e| self.explain(e))?;
        if !stmt.readonly() {
            let keyword = sql
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_ascii_uppercase();
            return Err(SqlError::Refused(keyword));
        }
        Ok(stmt)
    }

    fn explain(&self, error: rusqlite::Error) -> SqlError {
        let refused = self.refused.lock().ok().and_then(|mut slot| slot.take());
        match (refused, &error) {
            (Some(what), _) => SqlError::Refused(what),
            (None, rusqlite::Error::MultipleStatement) => SqlError::MultipleStatements,
            (None, rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ReadOnly =>
            {
                SqlError::Refused(error.to_string())
            }
            (None, _) => SqlError::Sql(error),
        }
    }
}

/// SQLite's words for an error; a syntax error quotes the statement from
/// where it went wrong, capped (`--file /etc/passwd` is one long error).
fn sql_words(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqlInputError {
            msg, sql, offset, ..
        } => {
            let from = usize::try_from(*offset).unwrap_or(0);
            let rest = sql.get(from..).unwrap_or(sql);
            format!(
                "{msg} (at byte {offset}: 「{}」)",
                text::quote(rest.trim_end())
            )
        }
        other => text::quote(&other.to_string()),
    }
}

/// Where ad-hoc rows go as they are read.
pub trait RowSink {
    fn row(&mut self, row: Vec<Value>) -> std::io::Result<()>;
}

impl RowSink for RowStream<'_> {
    fn row(&mut self, row: Vec<Value>) -> std::io::Result<()> {
        RowStream::row(self, row)
    }
}

/// How long a statement has worked: since it started, less the time its
/// rows spent being written.
struct Clock {
    started: Instant,
    outside: Duration,
}

impl Clock {
    fn worked(&self) -> Duration {
        self.started.elapsed().saturating_sub(self.outside)
    }
}

fn sql_is_blank(sql: &str) -> bool {
    // Comments and whitespace only: SQLite prepares nothing.
    let mut rest = sql.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix(';') {
            rest = after.trim_start();
        } else {
            return rest.is_empty();
        }
    }
}

/// Allow reading; describe anything else.
fn judge(ctx: &AuthContext<'_>) -> Result<(), String> {
    match ctx.action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Recursive => Ok(()),
        AuthAction::Function { function_name } => {
            // Off by default in SQLite; named here so that it stays off.
            if function_name.eq_ignore_ascii_case("load_extension") {
                Err("load_extension".into())
            } else {
                Ok(())
            }
        }
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let name = pragma_name.to_ascii_lowercase();
            let reports = REPORTING_PRAGMAS.contains(&name.as_str());
            let reads_setting = SETTING_PRAGMAS.contains(&name.as_str()) && pragma_value.is_none();
            if reports || reads_setting {
                Ok(())
            } else {
                Err(match pragma_value {
                    Some(value) => format!("PRAGMA {pragma_name} = {value}"),
                    None => format!("PRAGMA {pragma_name}"),
                })
            }
        }
        // SQLite asks about the schema table before the CREATE/DROP/ALTER itself.
        AuthAction::Insert { table_name } if is_schema(table_name) => {
            Err("CREATE（修改表结构 schema change）".into())
        }
        AuthAction::Delete { table_name } if is_schema(table_name) => {
            Err("DROP（修改表结构 schema change）".into())
        }
        AuthAction::Update { table_name, .. } if is_schema(table_name) => {
            Err("ALTER（修改表结构 schema change）".into())
        }
        AuthAction::Attach { filename } => Err(format!("ATTACH '{filename}'")),
        AuthAction::Detach { database_name } => Err(format!("DETACH {database_name}")),
        AuthAction::Insert { table_name } => Err(format!("INSERT INTO {table_name}")),
        AuthAction::Update { table_name, .. } => Err(format!("UPDATE {table_name}")),
        AuthAction::Delete { table_name } => Err(format!("DELETE FROM {table_name}")),
        AuthAction::Transaction { .. } | AuthAction::Savepoint { .. } => {
            Err("事务语句 (transaction statements)".into())
        }
        other => Err(describe(&other)),
    }
}

fn is_schema(table: &str) -> bool {
    matches!(
        table.to_ascii_lowercase().as_str(),
        "sqlite_master" | "sqlite_schema" | "sqlite_temp_master" | "sqlite_temp_schema"
    )
}

/// The SQL words for a refused action.
fn describe(action: &AuthAction<'_>) -> String {
    match action {
        AuthAction::CreateIndex { index_name, .. }
        | AuthAction::CreateTempIndex { index_name, .. } => format!("CREATE INDEX {index_name}"),
        AuthAction::CreateTable { table_name } | AuthAction::CreateTempTable { table_name } => {
            format!("CREATE TABLE {table_name}")
        }
        AuthAction::CreateView { view_name } | AuthAction::CreateTempView { view_name } => {
            format!("CREATE VIEW {view_name}")
        }
        AuthAction::CreateTrigger { trigger_name, .. }
        | AuthAction::CreateTempTrigger { trigger_name, .. } => {
            format!("CREATE TRIGGER {trigger_name}")
        }
        AuthAction::CreateVtable { table_name, .. } => format!("CREATE VIRTUAL TABLE {table_name}"),
        AuthAction::DropIndex { index_name, .. } | AuthAction::DropTempIndex { index_name, .. } => {
            format!("DROP INDEX {index_name}")
        }
        AuthAction::DropTable { table_name } | AuthAction::DropTempTable { table_name } => {
            format!("DROP TABLE {table_name}")
        }
        AuthAction::DropView { view_name } | AuthAction::DropTempView { view_name } => {
            format!("DROP VIEW {view_name}")
        }
        AuthAction::DropTrigger { trigger_name, .. }
        | AuthAction::DropTempTrigger { trigger_name, .. } => {
            format!("DROP TRIGGER {trigger_name}")
        }
        AuthAction::DropVtable { table_name, .. } => format!("DROP TABLE {table_name}"),
        AuthAction::AlterTable { table_name, .. } => format!("ALTER TABLE {table_name}"),
        AuthAction::Reindex { .. } => "REINDEX".into(),
        AuthAction::Analyze { .. } => "ANALYZE".into(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Why the authorizer: a read-only connection with query_only still
    /// attaches databases, in-memory ones writable.
    #[test]
    fn read_only_alone_still_attaches() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t(x)")
            .unwrap();
        let plain = store::open_read_only(&path).unwrap();
        assert!(plain.execute_batch("ATTACH ':memory:' AS m").is_ok());
        let locked = ReadOnly::open(&path).unwrap();
        let refused = locked
            .run("ATTACH ':memory:' AS m")
            .unwrap_err()
            .to_string();
        assert!(refused.contains("ATTACH ':memory:'"), "{refused}");
        let refused = locked.run("DROP TABLE t").unwrap_err().to_string();
        assert!(refused.contains("refused DROP"), "{refused}");
        let refused = locked.run("VACUUM INTO 'copy.db'").unwrap_err().to_string();
        assert!(refused.contains("VACUUM"), "{refused}");
        assert_eq!(
            locked
                .run("SELECT count(*) AS n FROM t")
                .unwrap()
                .rows
                .len(),
            1
        );
    }

    #[test]
    fn blank_sql_is_recognised() {
        assert!(sql_is_blank("  -- nothing\n /* here */ ; "));
        assert!(!sql_is_blank("-- c\nSELECT 1"));
    }
}

//! The import's connection: the INSERT statements of a document are prepared
//! once for the whole import and bound without copying (see raw.rs).

use super::raw::RawStatement;
use rusqlite::{Connection, ToSql};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// Rows per INSERT statement. SQLite allows 32766 parameters; 64 rows keep
/// a statement's program small while the per-statement cost is spread.
const ROWS_PER_STATEMENT: usize = 64;

/// A write connection with its INSERT statements. Everything else (queries,
/// deletes, transactions) goes through the connection it derefs to.
pub struct Writer<'c> {
    conn: &'c Connection,
    /// By SQL text (or a multi-row head) and row count; 0 rows: the SQL as is.
    statements: RefCell<FxHashMap<(&'static str, usize), RawStatement<'c>>>,
}

impl<'c> Writer<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        Writer {
            conn,
            statements: RefCell::default(),
        }
    }

    /// Run one INSERT with its parameters in order.
    pub(super) fn insert(&self, sql: &'static str, params: &[&dyn ToSql]) -> rusqlite::Result<()> {
        self.run(
            (sql, 0),
            || sql.to_string(),
            params.iter().copied(),
            params.len(),
        )
    }

    /// Insert `rows` with as few statements as possible: `head` is
    /// `INSERT … VALUES ` and each chunk of rows gets a statement of its size.
    /// Written `INSERT OR ROLLBACK`, a failure aborts the whole transaction
    /// (the caller rolls back anyway), which spares SQLite the statement
    /// journal it would otherwise keep to undo one statement.
    pub(super) fn insert_rows<const K: usize>(
        &self,
        head: &'static str,
        rows: &[[&dyn ToSql; K]],
    ) -> rusqlite::Result<()> {
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            self.run(
                (head, chunk.len()),
                || multi_row_sql(head, K, chunk.len()),
                chunk.iter().flatten().copied(),
                chunk.len() * K,
            )?;
        }
        Ok(())
    }

    fn run<'v>(
        &self,
        key: (&'static str, usize),
        sql: impl FnOnce() -> String,
        values: impl Iterator<Item = &'v dyn ToSql>,
        count: usize,
    ) -> rusqlite::Result<()> {
        let mut statements = self.statements.borrow_mut();
        let statement = match statements.entry(key) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert(RawStatement::prepare(self.conn, &sql())?)
            }
        };
        statement.execute(values, count)
    }
}

impl std::ops::Deref for Writer<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

fn multi_row_sql(head: &str, width: usize, rows: usize) -> String {
    let one = format!("({})", vec!["?"; width].join(","));
    let mut sql = String::with_capacity(head.len() + rows * (one.len() + 1));
    sql.push_str(head);
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&one);
    }
    sql
}

//! A prepared statement driven through SQLite's C API, for the import's
//! INSERTs. rusqlite binds every text parameter `SQLITE_TRANSIENT` (SQLite
//! mallocs and copies it, then frees the copy) and its statement cache clears
//! every binding when a statement goes back: for the ~3,000 parameters of a
//! document that was a third of the writer thread's instructions. Here text
//! borrowed from the caller is bound `SQLITE_STATIC`: SQLite reads it in
//! place during the one `sqlite3_step` that follows.
//!
//! Safety rests on two rules kept inside this module: every parameter is
//! bound anew before each step (so a pointer left from an earlier call is
//! never read), and the borrowed values outlive the step (`execute` binds,
//! steps and resets within one call while the caller holds the values).

use rusqlite::ffi;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};
use std::ffi::c_int;
use std::marker::PhantomData;
use std::ptr::NonNull;

/// A statement of `conn`; it cannot outlive the connection.
pub(super) struct RawStatement<'c> {
    statement: NonNull<ffi::sqlite3_stmt>,
    db: *mut ffi::sqlite3,
    parameters: usize,
    _connection: PhantomData<&'c Connection>,
}

impl<'c> RawStatement<'c> {
    /// Prepare one SQL statement, marked persistent: it is kept for the
    /// whole import.
    pub(super) fn prepare(conn: &'c Connection, sql: &str) -> rusqlite::Result<Self> {
        let length = c_int::try_from(sql.len()).map_err(|_| rusqlite::Error::InvalidQuery)?;
        // SAFETY: the handle is the open connection's, used on this thread
        // only (the connection is !Sync and this borrow pins it).
        let db = unsafe { conn.handle() };
        let mut statement = std::ptr::null_mut();
        let mut tail = std::ptr::null();
        // SAFETY: sql is valid for `length` bytes; SQLite writes the two
        // out-pointers.
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(
                db,
                sql.as_ptr().cast(),
                length,
                ffi::SQLITE_PREPARE_PERSISTENT,
                &mut statement,
                &mut tail,
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(error(db, rc));
        }
        let Some(statement) = NonNull::new(statement) else {
            // Only whitespace or a comment: nothing to run.
            return Err(rusqlite::Error::InvalidQuery);
        };
        let consumed = (tail as usize).wrapping_sub(sql.as_ptr() as usize);
        let raw = RawStatement {
            statement,
            db,
            // SAFETY: a valid statement.
            parameters: unsafe { ffi::sqlite3_bind_parameter_count(statement.as_ptr()) } as usize,
            _connection: PhantomData,
        };
        if sql
            .get(consumed..)
            .is_some_and(|rest| rest.trim().is_empty())
        {
            Ok(raw)
        } else {
            Err(rusqlite::Error::MultipleStatement)
        }
    }

    /// Bind `values` (`count` of them, exactly one per parameter) in order, run the statement to completion and reset it.
    pub(super) fn execute<'v>(
        &mut self,
        values: impl Iterator<Item = &'v dyn ToSql>,
        count: usize,
    ) -> rusqlite::Result<()> {
        if count != self.parameters {
            return Err(rusqlite::Error::InvalidParameterCount(
                count,
                self.parameters,
            ));
        }
        // Each conversion is dropped before the step: borrowed text points
        // at the caller's value, not at the conversion, and owned text is
        // bound TRANSIENT (copied by SQLite).
        let mut bound = 0;
        for value in values.take(count) {
            bound += 1;
            let rc = self.bind(bound as c_int, &value.to_sql()?);
            if rc != ffi::SQLITE_OK {
                return Err(self.fail(rc));
            }
        }
        if bound != count {
            // A parameter left unbound would still point at an earlier
            // call's text.
            return Err(rusqlite::Error::InvalidParameterCount(bound, count));
        }
        // SAFETY: a valid statement with every parameter bound; borrowed
        // text points into `values`' referents, alive for this call.
        let rc = unsafe { ffi::sqlite3_step(self.statement.as_ptr()) };
        if rc == ffi::SQLITE_DONE {
            // SAFETY: valid statement; after a completed step reset cannot fail.
            unsafe { ffi::sqlite3_reset(self.statement.as_ptr()) };
            Ok(())
        } else if rc == ffi::SQLITE_ROW {
            // SAFETY: valid statement.
            unsafe { ffi::sqlite3_reset(self.statement.as_ptr()) };
            Err(rusqlite::Error::ExecuteReturnedResults)
        } else {
            Err(self.fail(rc))
        }
    }

    fn bind(&mut self, index: c_int, value: &ToSqlOutput<'_>) -> c_int {
        let statement = self.statement.as_ptr();
        match value {
            ToSqlOutput::Borrowed(value) => {
                bind_ref(statement, index, *value, ffi::SQLITE_STATIC())
            }
            ToSqlOutput::Owned(value) => bind_ref(
                statement,
                index,
                ValueRef::from(value),
                ffi::SQLITE_TRANSIENT(),
            ),
            _ => ffi::SQLITE_MISUSE,
        }
    }

    /// The error SQLite reports for `rc`, with the statement reset and its
    /// borrowed bindings dropped.
    #[cold]
    fn fail(&mut self, rc: c_int) -> rusqlite::Error {
        let error = error(self.db, rc);
        // SAFETY: valid statement.
        unsafe {
            ffi::sqlite3_reset(self.statement.as_ptr());
            ffi::sqlite3_clear_bindings(self.statement.as_ptr());
        }
        error
    }
}

impl Drop for RawStatement<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement is finalised once, before its connection
        // closes (the lifetime ties it to the connection's borrow).
        unsafe { ffi::sqlite3_finalize(self.statement.as_ptr()) };
    }
}

static EMPTY: [u8; 1] = [0];

fn bind_ref(
    statement: *mut ffi::sqlite3_stmt,
    index: c_int,
    value: ValueRef<'_>,
    lifetime: ffi::sqlite3_destructor_type,
) -> c_int {
    // SAFETY (all arms): a valid statement; SQLite checks the index. Text
    // and blob pointers are valid for their length until the caller's step
    // (STATIC) or are copied at once (TRANSIENT).
    unsafe {
        match value {
            ValueRef::Null => ffi::sqlite3_bind_null(statement, index),
            ValueRef::Integer(i) => ffi::sqlite3_bind_int64(statement, index, i),
            ValueRef::Real(r) => ffi::sqlite3_bind_double(statement, index, r),
            // Empty text and blobs point at a static byte, as rusqlite binds
            // them, rather than at Rust's dangling empty-slice pointer.
            ValueRef::Text(b"") => ffi::sqlite3_bind_text(
                statement,
                index,
                EMPTY.as_ptr().cast(),
                0,
                ffi::SQLITE_STATIC(),
            ),
            ValueRef::Blob(b"") => ffi::sqlite3_bind_blob(
                statement,
                index,
                EMPTY.as_ptr().cast(),
                0,
                ffi::SQLITE_STATIC(),
            ),
            ValueRef::Text(text) => match c_int::try_from(text.len()) {
                Ok(length) => {
                    ffi::sqlite3_bind_text(statement, index, text.as_ptr().cast(), length, lifetime)
                }
                Err(_) => ffi::SQLITE_TOOBIG,
            },
            ValueRef::Blob(blob) => match c_int::try_from(blob.len()) {
                Ok(length) => {
                    ffi::sqlite3_bind_blob(statement, index, blob.as_ptr().cast(), length, lifetime)
                }
                Err(_) => ffi::SQLITE_TOOBIG,
            },
        }
    }
}

#[cold]
fn error(db: *mut ffi::sqlite3, rc: c_int) -> rusqlite::Error {
    // SAFETY: an open connection; the message is copied before any other
    // call can change it.
    let message = unsafe {
        let text = ffi::sqlite3_errmsg(db);
        (!text.is_null()).then(|| {
            std::ffi::CStr::from_ptr(text)
                .to_string_lossy()
                .into_owned()
        })
    };
    // SAFETY: an open connection.
    let code = unsafe { ffi::sqlite3_extended_errcode(db) };
    if code & 0xff == rc & 0xff {
        rusqlite::Error::SqliteFailure(ffi::Error::new(code), message)
    } else {
        // A code of this module's own (a value too big, a kind of value it
        // cannot bind): the connection's message is about something else.
        rusqlite::Error::SqliteFailure(ffi::Error::new(rc), None)
    }
}

#[cfg(test)]
mod tests {
    use super::RawStatement;
    use rusqlite::{Connection, ToSql};

    fn table() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (n INTEGER NOT NULL, s TEXT, b BLOB, r REAL, UNIQUE (n))",
        )
        .unwrap();
        conn
    }

    type Row = (i64, Option<String>, Option<Vec<u8>>, Option<f64>);

    fn rows(conn: &Connection) -> Vec<Row> {
        conn.prepare("SELECT n, s, b, r FROM t ORDER BY n")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn borrowed_and_owned_values_are_stored_as_given_on_every_reuse() {
        let conn = table();
        let mut insert = RawStatement::prepare(&conn, "INSERT INTO t VALUES (?, ?, ?, ?)").unwrap();
        // Each row's text is dropped before the next row is bound, so a
        // statement still pointing at an earlier text would store garbage.
        for n in 0..50_i64 {
            let text = format!("科目{n}").repeat(n as usize % 7);
            let blob = vec![n as u8; n as usize % 3];
            let owned = rusqlite::types::Value::Text(format!("owned {n}"));
            let (s, b): (&dyn ToSql, &dyn ToSql) = if n % 5 == 0 {
                (&owned, &rusqlite::types::Null)
            } else {
                (&text, &blob)
            };
            let values: [&dyn ToSql; 4] = [&n, s, b, &(n as f64 / 4.0)];
            insert.execute(values.into_iter(), 4).unwrap();
        }
        let stored = rows(&conn);
        assert_eq!(stored.len(), 50);
        for (n, s, b, r) in stored {
            if n % 5 == 0 {
                assert_eq!(s.as_deref(), Some(format!("owned {n}").as_str()));
                assert_eq!(b, None);
            } else {
                assert_eq!(s, Some(format!("科目{n}").repeat(n as usize % 7)));
                assert_eq!(b, Some(vec![n as u8; n as usize % 3]));
            }
            assert_eq!(r, Some(n as f64 / 4.0));
        }
    }

    #[test]
    fn a_failing_step_reports_sqlite_and_leaves_the_statement_usable() {
        let conn = table();
        let mut insert =
            RawStatement::prepare(&conn, "INSERT INTO t (n, s) VALUES (?, ?)").unwrap();
        let first: [&dyn ToSql; 2] = [&1_i64, &"a"];
        insert.execute(first.into_iter(), 2).unwrap();
        let duplicate: [&dyn ToSql; 2] = [&1_i64, &"b"];
        let error = insert.execute(duplicate.into_iter(), 2).unwrap_err();
        assert_eq!(
            error.sqlite_error_code(),
            Some(rusqlite::ErrorCode::ConstraintViolation),
            "{error}"
        );
        assert!(
            error.to_string().contains("UNIQUE constraint failed: t.n"),
            "{error}"
        );
        let null: [&dyn ToSql; 2] = [&rusqlite::types::Null, &"c"];
        assert!(insert.execute(null.into_iter(), 2).is_err());
        let next: [&dyn ToSql; 2] = [&2_i64, &"d"];
        insert.execute(next.into_iter(), 2).unwrap();
        let texts: Vec<_> = rows(&conn).into_iter().map(|row| row.1).collect();
        assert_eq!(texts, [Some("a".to_string()), Some("d".to_string())]);
    }

    #[test]
    fn every_parameter_must_be_given() {
        let conn = table();
        let mut insert =
            RawStatement::prepare(&conn, "INSERT INTO t (n, s) VALUES (?, ?)").unwrap();
        let one: [&dyn ToSql; 1] = [&1_i64];
        assert!(matches!(
            insert.execute(one.into_iter(), 1),
            Err(rusqlite::Error::InvalidParameterCount(1, 2))
        ));
        // A short iterator with a count that claims more is refused before
        // the step, not run with a stale parameter.
        assert!(matches!(
            insert.execute(one.into_iter(), 2),
            Err(rusqlite::Error::InvalidParameterCount(1, 2))
        ));
        assert!(rows(&conn).is_empty());
    }

    #[test]
    fn only_one_statement_is_prepared_and_bad_sql_is_an_error() {
        let conn = table();
        assert!(matches!(
            RawStatement::prepare(&conn, "INSERT INTO t (n) VALUES (1); DELETE FROM t"),
            Err(rusqlite::Error::MultipleStatement)
        ));
        assert!(RawStatement::prepare(&conn, "INSERT INTO t (n) VALUES (1);  ").is_ok());
        assert!(RawStatement::prepare(&conn, "INSERT INTO nowhere VALUES (1)").is_err());
        assert!(RawStatement::prepare(&conn, "-- nothing").is_err());
        let mut select = RawStatement::prepare(&conn, "SELECT 1").unwrap();
        assert!(matches!(
            select.execute(std::iter::empty(), 0),
            Err(rusqlite::Error::ExecuteReturnedResults)
        ));
    }
}

//! Copying the WAL into the database on a thread of its own during an import.
//!
//! SQLite's automatic checkpoint runs inside the committing writer: every
//! 1,000 pages the writer stops to copy them into the database file and wait
//! for two fsyncs. A checkpoint on another connection (PASSIVE) runs
//! alongside the writer instead: it copies only committed pages, takes no
//! lock the writer needs, and leaves the WAL for the writer to start over
//! once everything in it is copied. Crash safety is unchanged: a checkpoint
//! is SQLite's own, on a connection with the same settings.

use rusqlite::{Connection, OpenFlags};
use std::sync::mpsc;
use std::thread::Scope;
use std::time::{Duration, Instant};

/// The writer's side: say when a commit landed. Dropping it stops the
/// thread and gives the writer its automatic checkpoints back.
pub struct Checkpointer<'c> {
    committed: Option<mpsc::SyncSender<()>>,
    writer: &'c Connection,
}

impl<'c> Checkpointer<'c> {
    /// Start checkpointing `writer`'s database on a thread of `scope`. A
    /// database without a file (in memory) or that cannot be opened a
    /// second time keeps its automatic checkpoints.
    pub fn start<'scope>(scope: &'scope Scope<'scope, '_>, writer: &'c Connection) -> Self {
        let off = Checkpointer {
            committed: None,
            writer,
        };
        let Some(path) = writer.path().filter(|p| !p.is_empty()) else {
            return off;
        };
        let Ok(conn) = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ) else {
            return off;
        };
        if conn.busy_timeout(Duration::from_secs(5)).is_err()
            || writer
                .execute_batch("PRAGMA wal_autocheckpoint = 0")
                .is_err()
        {
            return off;
        }
        // One pending notice is enough: commits made while a checkpoint
        // runs are all copied by the next one.
        let (committed, notices) = mpsc::sync_channel::<()>(1);
        scope.spawn(move || copy_when_told(&conn, &notices));
        Checkpointer {
            committed: Some(committed),
            writer,
        }
    }

    /// A transaction just committed: its pages can be copied.
    pub fn committed(&self) {
        if let Some(sender) = &self.committed {
            let _ = sender.try_send(());
        }
    }
}

impl Drop for Checkpointer<'_> {
    fn drop(&mut self) {
        if self.committed.take().is_some() {
            // SQLite's default again, for whatever the connection does next.
            let _ = self
                .writer
                .execute_batch("PRAGMA wal_autocheckpoint = 1000");
        }
    }
}

/// The least time between two checkpoints. Pages that several commits
/// rewrite (the ends of the tables and indexes) are copied once per
/// checkpoint, so copying after every commit would copy them over and over;
/// a quarter of a second lets the WAL grow to about as many pages as SQLite's
/// automatic checkpoint does (1,000).
const PAUSE: Duration = Duration::from_millis(250);

fn copy_when_told(conn: &Connection, notices: &mpsc::Receiver<()>) {
    let mut last: Option<Instant> = None;
    while notices.recv().is_ok() {
        if let Some(at) = last {
            let until = at + PAUSE;
            loop {
                match notices.recv_timeout(until.saturating_duration_since(Instant::now())) {
                    Ok(()) => continue,
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    // The import is over; closing the connection copies the rest.
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
        }
        // A failed or partial checkpoint (busy, I/O error) is retried at
        // the next commit and by the final close.
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        last = Some(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::Checkpointer;
    use std::time::{Duration, Instant};

    fn autocheckpoint(conn: &rusqlite::Connection) -> i64 {
        conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
            .unwrap()
    }

    /// Committed pages reach the database file while the writer goes on,
    /// with the writer's own automatic checkpoint off, and the writer gets
    /// it back afterwards.
    #[test]
    fn commits_are_copied_into_the_database_on_the_side() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let conn = crate::store::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x TEXT)").unwrap();
        let file_size = || std::fs::metadata(&path).unwrap().len();
        std::thread::scope(|scope| {
            let checkpointer = Checkpointer::start(scope, &conn);
            assert_eq!(autocheckpoint(&conn), 0);
            let before = file_size();
            for _ in 0..20 {
                conn.execute_batch("BEGIN").unwrap();
                for _ in 0..50 {
                    conn.execute("INSERT INTO t VALUES (?1)", ["x".repeat(1000)])
                        .unwrap();
                }
                conn.execute_batch("COMMIT").unwrap();
                checkpointer.committed();
            }
            let deadline = Instant::now() + Duration::from_secs(20);
            while file_size() <= before && Instant::now() < deadline {
                checkpointer.committed();
                std::thread::sleep(Duration::from_millis(50));
            }
            assert!(file_size() > before, "nothing was copied into {path:?}");
        });
        assert_eq!(autocheckpoint(&conn), 1000);
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1000);
    }

    #[test]
    fn a_database_in_memory_keeps_its_automatic_checkpoint() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let before = autocheckpoint(&conn);
        std::thread::scope(|scope| {
            let checkpointer = Checkpointer::start(scope, &conn);
            checkpointer.committed();
            assert_eq!(autocheckpoint(&conn), before);
        });
        assert_eq!(autocheckpoint(&conn), before);
    }
}

//! Store: the SQLite database, its schema (migrations/) and the writer.

mod findings;
mod narrative;
mod summaries;
mod write;

pub use write::{store_alone, store_document, Batch, Source, StoreError, StoreOutcome};

use rusqlite::{Connection, OpenFlags};
use std::path::Path;

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// Open (creating if needed) a database for writing and bring its schema up
/// to date.
pub fn open(path: &Path) -> Result<Connection, String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| describe(path, e))?;
    configure(&conn).map_err(|e| describe(path, e))?;
    // Multi-row inserts use one statement per remainder size; keep them all.
    conn.set_prepared_statement_cache_capacity(256);
    embedded::migrations::runner().run(&mut conn).map_err(|e| {
        format!(
            "{}: 数据库迁移失败 (schema migration failed): {e}",
            path.display()
        )
    })?;
    Ok(conn)
}

/// Open an existing database so that no statement can change it: SQLite
/// itself refuses writes on a read-only connection, and `query_only` also
/// refuses them on an attached database.
pub fn open_read_only(path: &Path) -> Result<Connection, String> {
    if !path.exists() {
        return Err(format!(
            "{}: 数据库不存在，请先 yusuan import (database not found; run yusuan import first)",
            path.display()
        ));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )
    .map_err(|e| describe(path, e))?;
    conn.execute_batch("PRAGMA query_only = ON; PRAGMA busy_timeout = 5000;")
        .map_err(|e| describe(path, e))?;
    Ok(conn)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // WAL: readers keep working during an import, and a killed import leaves
    // every committed document intact. synchronous=NORMAL keeps commits
    // atomic and survives a process kill; only a power cut may lose the last
    // commits, never corrupt the file. Foreign keys stay unenforced: the
    // writer deletes explicitly, and enforcement cost a sixth of import time.
    conn.execute_batch(
        "PRAGMA page_size = 16384;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = OFF;
         PRAGMA busy_timeout = 5000;
         PRAGMA cache_size = -32000;
         PRAGMA temp_store = MEMORY;",
    )
}

fn describe(path: &Path, e: rusqlite::Error) -> String {
    format!(
        "{}: 无法打开数据库 (cannot open database): {e}",
        path.display()
    )
}

//! Store: the SQLite database, its schema (migrations/) and the writer.

pub mod aliases;
mod checkpoint;
mod cross_stage;
mod error;
mod findings;
mod lock;
mod narrative;
mod raw;
mod summaries;
mod write;
mod writer;

pub use checkpoint::Checkpointer;
pub use error::StoreError;
pub use lock::lock_path;
pub use summaries::Summaries;
pub use write::{store_alone, store_document, Batch, Join, Part, Source, StoreOutcome};
pub use writer::Writer;

use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// Refuse a file yusuan did not write before anything opens or migrates
/// it: a file that is not SQLite, or an SQLite database with tables but
/// without yusuan's schema history. A missing or empty file, an SQLite
/// database without tables and a yusuan database pass. The command side
/// calls it first, so that `import` never adds yusuan's tables to someone
/// else's database and the questions never answer with raw SQLite errors.
pub fn ensure_yusuan_database(path: &Path) -> Result<(), StoreError> {
    let foreign = |why, reason| StoreError::Foreign {
        path: path.to_path_buf(),
        why,
        reason,
    };
    let mut header = [0u8; 16];
    let read = std::fs::File::open(path).and_then(|mut file| {
        use std::io::Read;
        let mut filled = 0;
        while filled < header.len() {
            match file.read(&mut header[filled..])? {
                0 => break,
                n => filled += n,
            }
        }
        Ok(filled)
    });
    match read {
        // Missing (created by import) or unreadable (the open says why).
        Err(_) | Ok(0) => return Ok(()),
        Ok(n) if n < header.len() || &header != b"SQLite format 3\0" => {
            return Err(foreign("不是 SQLite 文件", "not an SQLite file"))
        }
        Ok(_) => {}
    }
    // An SQLite file is written only under the set-up lock: wait while
    // another process is creating or upgrading the schema, or its
    // half-made tables (refinery's history before V1's tables) read as
    // someone else's database (1 round in 5 of three imports started
    // together on a new file, tests/concurrency.rs).
    lock::wait_for_set_up(path);
    let Ok(conn) = connect_read_only(path) else {
        return Ok(());
    };
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| row.get(0))?
                .collect::<Result<Vec<String>, _>>()
        })
        .unwrap_or_default();
    let ours = ["refinery_schema_history", "units", "disclosures"]
        .iter()
        .all(|name| tables.iter().any(|t| t == name));
    if tables.is_empty() || ours {
        Ok(())
    } else {
        Err(foreign(
            "其中的表不是 yusuan 建的",
            "its tables are not yusuan's",
        ))
    }
}

/// Open (creating if needed) a database for writing and bring its schema up
/// to date. The set-up runs under the database's set-up lock
/// ([`lock::SetupLock`]): a second process opening the same database at the
/// same moment waits until the first has created or upgraded the schema,
/// then finds nothing left to do.
pub fn open(path: &Path) -> Result<Connection, StoreError> {
    // Both before SQLite sees the file: on a read-only place SQLite quietly
    // opens read-only and fails only at the first write, without naming it.
    let setup = lock::SetupLock::acquire(path)?;
    lock::check_folder_writable(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| describe(path, e))?;
    if conn.is_readonly("main").unwrap_or(false) {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    // Before any statement: switching to WAL and the first write wait for
    // another process's transaction instead of failing "database is locked".
    conn.busy_timeout(WRITER_WAIT)
        .map_err(|e| describe(path, e))?;
    configure(&conn).map_err(|e| describe(path, e))?;
    // The import's INSERTs have a cache of their own (store::Writer); the
    // rest (lookups, and the deletes of --replace) stay in rusqlite's cache.
    conn.set_prepared_statement_cache_capacity(256);
    embedded::migrations::runner()
        .run(&mut conn)
        .map_err(|source| StoreError::Migration {
            path: path.to_path_buf(),
            source,
        })?;
    drop(setup);
    Ok(conn)
}

/// How long an import waits for another process's write transaction. Two
/// imports take turns a commit at a time (a commit closes within a quarter
/// of a second, see `import::COMMIT_AFTER`), so a wait this long means the
/// other process is stuck, not busy.
const WRITER_WAIT: Duration = Duration::from_secs(60);

/// How long a query waits when SQLite asks it to (a reader in WAL mode
/// waits only while another connection recovers or resets the WAL).
const READER_WAIT: Duration = Duration::from_secs(10);

/// Open an existing database so that no statement can change it: SQLite
/// itself refuses writes on a read-only connection, and `query_only` also
/// refuses them on an attached database. A database written by an older
/// yusuan has its schema brought up to date first (see [`upgrade`]).
pub fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    if !path.exists() {
        return Err(StoreError::NotFound {
            path: path.to_path_buf(),
        });
    }
    lock::wait_for_set_up(path);
    let conn = connect_read_only(path)?;
    if !older_yusuan_database(&conn) {
        return Ok(conn);
    }
    drop(conn);
    let upgraded = upgrade(path);
    let conn = connect_read_only(path)?;
    match upgraded {
        Ok(()) => eprintln!(
            "{}: 数据库结构已升级到第 {LATEST_VERSION} 版 (database schema upgraded to version {LATEST_VERSION})",
            path.display()
        ),
        // Another yusuan may have upgraded it in the meantime.
        Err(_) if schema_version(&conn) >= Some(LATEST_VERSION) => {}
        // A file this user cannot write: what it holds can still be read;
        // only the questions that need the newer tables fail.
        Err(why) => eprintln!(
            "{}: 数据库结构较旧，未能升级，部分查询将失败；请在可写的数据库上运行 yusuan import 升级 \
             (the database's schema is older than this yusuan and could not be upgraded, so some \
             queries will fail; run yusuan import on a writable copy to upgrade it): {why}",
            path.display()
        ),
    }
    Ok(conn)
}

/// Bring an older database's schema up to date, as `import` would: the
/// queries read tables that newer migrations create (yoy_packs since V5),
/// and an analyst who updates yusuan should not have to re-import first.
/// Migrations derive new tables from what is stored; no figure changes.
fn upgrade(path: &Path) -> Result<(), StoreError> {
    open(path).map(drop)
}

/// A database this yusuan should upgrade: its migration history is
/// yusuan's own (every migration applied is one this build carries, same
/// name and checksum) and stops before the newest. Any other file, even one
/// with a refinery history of another program's, is never opened for
/// writing by a read-only command.
fn older_yusuan_database(conn: &Connection) -> bool {
    if schema_version(conn).is_none_or(|version| version >= LATEST_VERSION) {
        return false;
    }
    let ours: Vec<(i64, String, String)> = embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| {
            let version = i64::from(m.version());
            (version, m.name().to_string(), m.checksum().to_string())
        })
        .collect();
    let applied = conn
        .prepare("SELECT version, name, checksum FROM refinery_schema_history")
        .and_then(|mut statement| {
            statement
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<(i64, String, String)>>>()
        });
    applied.is_ok_and(|applied| applied.iter().all(|m| ours.contains(m)))
}

/// The newest migration this build carries (a test holds it to the files
/// in migrations/). A constant: asking refinery compiles its file-name
/// regex, a millisecond on every read-only command.
const LATEST_VERSION: i64 = 7;

/// The newest migration applied to the database; `None` if it has no
/// migration history.
fn schema_version(conn: &Connection) -> Option<i64> {
    conn.query_row(
        "SELECT max(version) FROM refinery_schema_history",
        [],
        |r| r.get(0),
    )
    .ok()
    .flatten()
}

/// A read-only connection. A database in a place this user cannot write
/// (a read-only folder or mount, or a WAL database whose `-shm` cannot be
/// made) is opened immutable instead: SQLite then takes no locks and reads
/// the file as it is, which is right for a database nobody can be writing.
fn connect_read_only(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let shared = Connection::open_with_flags(path, flags).and_then(|conn| {
        set_up_reader(&conn)?;
        // The first read is what needs the -shm file (and a lock).
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(conn)
    });
    let error = match shared {
        Ok(conn) => return Ok(conn),
        Err(error) => error,
    };
    let unwritable = matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
    );
    if !unwritable {
        return Err(describe(path, error));
    }
    let conn = Connection::open_with_flags(immutable_uri(path), flags)
        .and_then(|conn| set_up_reader(&conn).map(|()| conn))
        .map_err(|e| describe(path, e))?;
    if wal_has_frames(path) {
        eprintln!(
            "{}: 数据库只读，其 -wal 文件中尚未合并的改动不会被读到 (the database is read-only; \
             changes still in its -wal file are not seen)",
            path.display()
        );
    }
    Ok(conn)
}

fn set_up_reader(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(READER_WAIT)?;
    conn.execute_batch("PRAGMA query_only = ON;")
}

/// `file:` URI for `path` with `immutable=1`; every byte outside the
/// unreserved set is percent-encoded, so a `?`, `#` or `%` in a folder
/// name stays part of the path.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for byte in absolute.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(char::from(byte))
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The database's `-wal` holds commits not yet copied into it.
fn wal_has_frames(db: &Path) -> bool {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).is_ok_and(|m| m.len() > 0)
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
         PRAGMA cache_size = -32000;
         PRAGMA temp_store = MEMORY;",
    )
}

fn describe(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Open {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_latest_version_is_the_newest_migration() {
        let newest = super::embedded::migrations::runner()
            .get_migrations()
            .iter()
            .map(|m| i64::from(m.version()))
            .max();
        assert_eq!(newest, Some(super::LATEST_VERSION));
    }
}

//! The database's set-up lock: a file next to the database (`<db>-lock`)
//! that one process at a time holds while it creates or upgrades the schema.
//!
//! Why a lock file and not SQLite's own locking: refinery runs each
//! migration in a transaction of its own, so a `BEGIN EXCLUSIVE` around the
//! whole run is impossible, and two processes that each find the schema
//! missing both start creating it ("table yoy_packs already exists"). An
//! operating-system lock (`flock` on Unix, `LockFileEx` on Windows) is
//! released when its process ends however it ends, so a killed import
//! never leaves the database locked; the file itself stays, empty.
//! A separate file rather than the database itself, because on Windows a
//! lock on the database would block SQLite's own reads of it.

use super::error::StoreError;
use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Held while the schema is set up; dropping it releases the lock.
pub(super) struct SetupLock {
    _file: File,
}

impl SetupLock {
    /// Wait until no other process sets up `db`, then hold the lock. A place
    /// where the lock file cannot be written is refused as read-only: the
    /// database next to it could not be written either.
    pub(super) fn acquire(db: &Path) -> Result<SetupLock, StoreError> {
        let path = lock_path(db);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|source| refusal(db, source))?;
        file.lock().map_err(|source| StoreError::Lock {
            path: path.clone(),
            source,
        })?;
        Ok(SetupLock { _file: file })
    }
}

/// Wait while another process sets up `db`'s schema, so that a query never
/// sees it half made ("no such table"). Takes the lock shared and lets it go
/// at once; a database that no import has locked, or whose lock file cannot
/// be opened, is not waited for.
pub(super) fn wait_for_set_up(db: &Path) {
    if let Ok(file) = File::open(lock_path(db)) {
        let _ = file.lock_shared();
    }
}

/// `budget.db` → `budget.db-lock`, beside SQLite's `-wal` and `-shm`.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-lock");
    PathBuf::from(name)
}

/// The folder holding `db` accepts a new file: SQLite creates the `-wal`
/// and `-shm` files there on the first write. Checked by creating one (a
/// permission bit says nothing to root, nor about a read-only mount).
pub(super) fn check_folder_writable(db: &Path) -> Result<(), StoreError> {
    let mut name = db.as_os_str().to_owned();
    name.push(format!("-probe-{}", std::process::id()));
    let probe = PathBuf::from(name);
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(file) => {
            drop(file);
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        // Left over from a process with the same id that was killed.
        Err(error) if error.kind() == ErrorKind::AlreadyExists => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(source) => Err(refusal(db, source)),
    }
}

/// A write refused by the operating system → the read-only message; any
/// other failure as it is.
fn refusal(db: &Path, source: std::io::Error) -> StoreError {
    match source.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => StoreError::ReadOnly {
            path: db.to_path_buf(),
        },
        _ => StoreError::Lock {
            path: lock_path(db),
            source,
        },
    }
}

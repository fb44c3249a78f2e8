//! Output files (`--output`, `--chart`, `query --show-sql -o`): a path the
//! user typed → the file written whole, or a refusal.
//!
//! Two promises. The database is never an output: a path that is the
//! database or its `-wal`/`-shm` is refused, compared by what the path
//! names (the same file through a symlink, `./`, `..` or a hard link), not
//! by how it is spelt. And an output appears whole or not at all: it is
//! written to a temporary file in the same folder and renamed over the
//! target only once complete, so an interrupted or failed write leaves the
//! previous file as it was.

use std::fs::{self, Metadata};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Write `path` through `write`, refusing the database `db` and its
/// companions; returns `write`'s value once the file is in place.
pub fn write_file<T>(
    db: &Path,
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<T, String>,
) -> Result<T, String> {
    refuse_database(db, path)?;
    let cannot =
        |e: &dyn std::fmt::Display| format!("{}: 无法写入 (cannot write): {e}", path.display());
    // Writing to a symlink writes where it points, as `File::create` did.
    let target = resolved(path);
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let existing = fs::metadata(&target).ok();
    if existing.as_ref().is_some_and(|m| m.is_dir()) {
        return Err(cannot(&"这是一个文件夹 (a folder)"));
    }
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        // A device or pipe (`-o /dev/null`) cannot be replaced, and holds
        // no earlier output to keep: written straight through.
        let file = fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .map_err(|e| cannot(&e))?;
        let mut buffered = BufWriter::new(file);
        let value = write(&mut buffered)?;
        buffered.flush().map_err(|e| cannot(&e))?;
        return Ok(value);
    }
    if existing.is_some() {
        // A file the user may not write stays as it is, as with `File::create`.
        fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .map_err(|e| cannot(&e))?;
    }
    // A new file gets the permissions `File::create` would have given it
    // (0666 less the umask); a replaced one keeps its own.
    let mode = existing
        .as_ref()
        .map_or(0o666, |m| m.permissions().mode() & 0o7777);
    let temp = tempfile::Builder::new()
        .prefix(".yusuan-")
        .suffix(".part")
        .permissions(fs::Permissions::from_mode(mode))
        .tempfile_in(&folder)
        .map_err(|e| cannot(&e))?;
    let mut buffered = BufWriter::new(temp);
    let value = write(&mut buffered)?;
    let temp = buffered.into_inner().map_err(|e| cannot(&e.into_error()))?;
    if let Some(m) = &existing {
        // The umask applied on creation; a replaced file keeps its exact mode.
        let _ = fs::set_permissions(temp.path(), m.permissions());
    }
    if existing.is_some() {
        // On disk before it replaces a good file, so that not even a crash
        // of the machine can leave a half file in its place. A new file
        // has nothing to keep, and waiting for the disk was a tenth of a
        // whole-corpus `execution`.
        temp.as_file().sync_all().map_err(|e| cannot(&e))?;
    }
    temp.persist(&target).map_err(|e| cannot(&e.error))?;
    Ok(value)
}

/// `write_file` for a writer that reports `io::Error`s.
pub fn write_io(
    db: &Path,
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), String> {
    write_file(db, path, |out| {
        write(out).map_err(|e| format!("{}: 无法写入 (cannot write): {e}", path.display()))
    })
}

/// Where a symlink finally points (for a dangling one, as far as it
/// resolves); any other path as it is.
fn resolved(path: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return path.to_path_buf();
    }
    fs::canonicalize(path).unwrap_or_else(|_| match fs::read_link(path) {
        Ok(to) if to.is_absolute() => to,
        Ok(to) => path.parent().unwrap_or(Path::new(".")).join(to),
        Err(_) => path.to_path_buf(),
    })
}

/// Refuse `path` when it names the database or its `-wal`/`-shm`.
pub fn refuse_database(db: &Path, path: &Path) -> Result<(), String> {
    let target = Identity::of(&resolved(path));
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let companion = PathBuf::from(name);
        if target.is_same(&Identity::of(&companion)) {
            return Err(format!(
                "{}: 这是数据库文件 {}，不能作为输出 (refused: this is the database{}; choose another output file)",
                path.display(),
                companion.display(),
                if suffix.is_empty() {
                    String::new()
                } else {
                    format!("'s {suffix} file")
                }
            ));
        }
    }
    Ok(())
}

/// What a path names: the file (device and inode) when it exists, and its
/// folder's real path with its name (for a file not yet made).
struct Identity {
    file: Option<(u64, u64)>,
    name: Option<PathBuf>,
}

impl Identity {
    fn of(path: &Path) -> Identity {
        let file = fs::metadata(path)
            .ok()
            .map(|m: Metadata| (m.dev(), m.ino()));
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .and_then(|n| Some(fs::canonicalize(folder).ok()?.join(n)));
        Identity { file, name }
    }

    fn is_same(&self, other: &Identity) -> bool {
        match (self.file, other.file) {
            (Some(a), Some(b)) => a == b,
            // One exists and the other does not: different files, unless
            // both spell the same place (not possible, but cheap to say).
            _ => self.name.is_some() && self.name == other.name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_is_refused_however_it_is_spelt() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db.sqlite");
        fs::write(&db, b"database").unwrap();
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        std::os::unix::fs::symlink(&db, dir.path().join("link")).unwrap();
        fs::hard_link(&db, dir.path().join("hard")).unwrap();
        for spelt in [
            db.clone(),
            sub.join("../db.sqlite"),
            dir.path().join("./db.sqlite"),
            dir.path().join("link"),
            dir.path().join("hard"),
            dir.path().join("db.sqlite-wal"),
            sub.join("../db.sqlite-shm"),
        ] {
            assert!(refuse_database(&db, &spelt).is_err(), "{}", spelt.display());
            let written = write_io(&db, &spelt, |out| out.write_all(b"x"));
            assert!(written.is_err(), "{}", spelt.display());
        }
        assert_eq!(fs::read(&db).unwrap(), b"database");
        assert!(refuse_database(&db, &dir.path().join("out.csv")).is_ok());
    }

    #[test]
    fn a_failed_write_leaves_the_previous_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db.sqlite");
        let out = dir.path().join("out.csv");
        fs::write(&out, b"good").unwrap();
        let failed = write_file(&db, &out, |w| {
            w.write_all(b"half").map_err(|e| e.to_string())?;
            Err::<(), _>("stopped".to_string())
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&out).unwrap(), b"good");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
        write_io(&db, &out, |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"new");
    }
}

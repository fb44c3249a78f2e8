//! Helpers shared by the integration tests: run the real binary against a
//! temporary database and read that database back.
#![allow(dead_code)]

use assert_cmd::Command;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn sample() -> PathBuf {
    fixture("demo/shanhaiguan-zfb-2023.txt")
}

/// A scratch folder with a database path in it.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("test.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// `yusuan --db <scratch db> ARGS…`
    pub fn yusuan(&self) -> Command {
        let mut cmd = Command::cargo_bin("yusuan").expect("binary built");
        cmd.arg("--db").arg(self.db()).env_remove("YUSUAN_DB");
        cmd
    }

    pub fn conn(&self) -> Connection {
        Connection::open(self.db()).expect("open test db")
    }

    /// The database's bytes, for "unchanged" assertions. The WAL is
    /// checkpointed into the main file when the last connection closes, so
    /// after a process exits the main file is the whole database.
    pub fn db_bytes(&self) -> Vec<u8> {
        let mut bytes = std::fs::read(self.db()).unwrap_or_default();
        let wal = self.db().with_extension("db-wal");
        bytes.extend(std::fs::read(wal).unwrap_or_default());
        bytes
    }
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

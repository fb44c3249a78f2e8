//! Helpers shared by the integration tests: run the real binary against a
//! temporary database and read that database back.
#![allow(dead_code)]

pub mod rows;

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
        cmd.arg("--db")
            .arg(self.db())
            .env_remove("YUSUAN_DB")
            .env_remove("COLUMNS");
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

/// A CSV header without the money unit amount columns carry (`total_万元`).
pub fn without_money_unit(header: &str) -> String {
    header
        .strip_suffix("_万元")
        .or_else(|| header.strip_suffix("_元"))
        .unwrap_or(header)
        .to_string()
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The sample's unit, as its metadata rows print it.
pub const CODE: &str = "434001";
pub const NAME: &str = "区政府办秦皇岛市山海关区人民政府办公室本级";

pub fn sample_text() -> String {
    std::fs::read_to_string(sample()).expect("sample readable")
}

/// 4096 random-looking bytes (a fixed seed) in which every seventh byte,
/// starting with the fourth, is a NUL.
pub fn noise() -> Vec<u8> {
    let mut state: u32 = 0x2023_0001;
    (0..4096)
        .map(|i| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            if i % 7 == 3 {
                0
            } else {
                (state >> 24) as u8
            }
        })
        .collect()
}

/// `yusuan import FILE` into `scratch`, which must succeed.
pub fn import(scratch: &Scratch, file: &Path) {
    let output = scratch.yusuan().arg("import").arg(file).output().unwrap();
    assert!(
        output.status.success(),
        "import of {} failed:\n{}\n{}",
        file.display(),
        stdout_of(&output),
        stderr_of(&output)
    );
}

/// A scratch database that already holds the sample, so that "unchanged"
/// means something.
pub fn seeded() -> Scratch {
    let scratch = Scratch::new();
    scratch
        .yusuan()
        .arg("import")
        .arg(sample())
        .assert()
        .success();
    assert!(!scratch.db_bytes().is_empty());
    assert_units_list_the_sample(&scratch);
    scratch
}

/// `yusuan units --format csv`, which must succeed.
pub fn units_csv(scratch: &Scratch) -> String {
    let output = scratch
        .yusuan()
        .args(["units", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success(), "units: {}", stderr_of(&output));
    stdout_of(&output)
}

/// `units` lists the sample's unit for 2023, imported from the sample file.
pub fn assert_units_list_the_sample(scratch: &Scratch) {
    let units = units_csv(scratch);
    let row = units
        .lines()
        .find(|l| l.starts_with(&format!("{CODE},")))
        .unwrap_or_else(|| panic!("units lists {CODE}:\n{units}"));
    assert!(row.contains(NAME) && row.contains(",2023,"), "{row}");
    assert!(row.contains(&sample().display().to_string()), "{row}");
}

/// The non-empty lines of stderr.
pub fn stderr_lines(output: &std::process::Output) -> Vec<String> {
    stderr_of(output)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// The process exited by itself, with a status other than 0, and did not
/// panic.
pub fn assert_failed_exit(output: &std::process::Output) {
    match output.status.code() {
        Some(code) => assert_ne!(code, 0, "exit status; stderr:\n{}", stderr_of(output)),
        None => panic!(
            "killed by a signal: {:?}\n{}",
            output.status,
            stderr_of(output)
        ),
    }
    assert!(
        !stderr_of(output).contains("panicked"),
        "panic:\n{}",
        stderr_of(output)
    );
}

pub fn assert_contains_all(message: &str, expected: &[&str]) {
    for want in expected {
        assert!(message.contains(want), "message lacks «{want}»:\n{message}");
    }
}

/// Import `file` into the `seeded()` `scratch` and check that it is refused:
/// exit status not 0, no panic, exactly one message on stderr naming the file
/// and holding every `expected` piece, "1 failed" in the summary, the
/// database byte-for-byte unchanged and `units` still listing the sample.
/// Returns the message.
pub fn assert_refused(scratch: &Scratch, file: &Path, expected: &[&str]) -> String {
    let before = scratch.db_bytes();
    let output = scratch.yusuan().arg("import").arg(file).output().unwrap();
    assert_failed_exit(&output);
    let lines = stderr_lines(&output);
    assert_eq!(
        lines.len(),
        1,
        "exactly one message on stderr:\n{}",
        stderr_of(&output)
    );
    let message = &lines[0];
    assert_contains_all(message, &[&file.display().to_string()]);
    assert_contains_all(message, expected);
    assert!(
        stdout_of(&output).contains("1 failed"),
        "summary: {}",
        stdout_of(&output)
    );
    assert!(
        scratch.db_bytes() == before,
        "the database changed after refusing {}",
        file.display()
    );
    assert_units_list_the_sample(scratch);
    message.clone()
}

/// Every row of `sql` as a tuple of its columns, e.g.
/// `tuples::<(String, i64)>(&conn, "SELECT name, fen FROM …")`.
pub fn tuples<T>(conn: &Connection, sql: &str) -> Vec<T>
where
    T: for<'a> TryFrom<&'a rusqlite::Row<'a>, Error = rusqlite::Error>,
{
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| T::try_from(r))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

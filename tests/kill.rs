//! SIGKILL in the middle of a folder import: every document that is in the
//! database afterwards is complete, none is partial, the file passes
//! `PRAGMA integrity_check`, and importing the folder again finishes the job.
#![cfg(unix)]

mod common;

use common::{sample, stderr_of, stdout_of, Scratch};
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Documents in the corpus. Debug builds import about 30 a second, so the
/// import is far from done when it is killed.
const DOCS: usize = 300;
/// Kill the import once at least this many more documents are stored.
const KILL_AFTER: i64 = 20;
/// How long to wait for the import to get that far.
const PROGRESS_TIMEOUT: Duration = Duration::from_secs(30);

const SAMPLE_CODE: &str = "434001";
const SAMPLE_NAME: &str = "区政府办秦皇岛市山海关区人民政府办公室本级";

fn code(i: usize) -> String {
    format!("435{i:03}")
}

fn name(i: usize) -> String {
    format!("区测试{i:03}办秦皇岛市山海关区测试办公室本级")
}

/// `DOCS` distinct valid documents: the sample under another unit code and
/// name (in the heading, every metadata row and the narrative).
fn write_corpus(scratch: &Scratch) -> PathBuf {
    let text = std::fs::read_to_string(sample()).unwrap();
    assert_eq!(text.matches(SAMPLE_CODE).count(), 11);
    for i in 0..DOCS {
        let doc = text
            .replace(SAMPLE_CODE, &code(i))
            .replace(SAMPLE_NAME, &name(i));
        scratch.write(&format!("corpus/doc-{}.txt", code(i)), doc);
    }
    scratch.path("corpus")
}

/// What one stored disclosure holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    tables: i64,
    columns: i64,
    lines: i64,
    amounts: i64,
}

const SHAPE_SQL: &str = "
    SELECT d.id, d.unit_code, d.unit_name, d.year, doc.source_path, doc.sha256, doc.byte_size,
        (SELECT count(*) FROM tables t WHERE t.disclosure_id = d.id),
        (SELECT count(*) FROM table_columns c JOIN tables t ON t.id = c.table_id
          WHERE t.disclosure_id = d.id),
        (SELECT count(*) FROM lines l JOIN tables t ON t.id = l.table_id
          WHERE t.disclosure_id = d.id),
        (SELECT count(*) FROM amounts a JOIN lines l ON l.id = a.line_id
          JOIN tables t ON t.id = l.table_id WHERE t.disclosure_id = d.id)
    FROM disclosures d JOIN documents doc ON doc.id = d.document_id
    ORDER BY d.unit_code";

struct Stored {
    code: String,
    name: String,
    year: i64,
    path: String,
    sha256: String,
    byte_size: i64,
    shape: Shape,
}

fn stored(conn: &Connection) -> Vec<Stored> {
    let mut stmt = conn.prepare(SHAPE_SQL).unwrap();
    stmt.query_map([], |r| {
        Ok(Stored {
            code: r.get(1)?,
            name: r.get(2)?,
            year: r.get(3)?,
            path: r.get(4)?,
            sha256: r.get(5)?,
            byte_size: r.get(6)?,
            shape: Shape {
                tables: r.get(7)?,
                columns: r.get(8)?,
                lines: r.get(9)?,
                amounts: r.get(10)?,
            },
        })
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// The shape of the sample's one disclosure, imported on its own.
fn sample_shape() -> Shape {
    let reference = common::seeded();
    let all = stored(&reference.conn());
    assert_eq!(all.len(), 1);
    let shape = all[0].shape;
    // 701 amount cells, of which 454 are blank and have no row.
    assert_eq!((shape.tables, shape.amounts), (9, 247), "{shape:?}");
    shape
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Documents stored so far, read without writing; `None` while the database
/// or its schema does not exist yet.
fn progress(db: &Path) -> Option<i64> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    conn.busy_timeout(Duration::from_secs(1)).ok()?;
    conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .ok()
}

/// Start `yusuan --db DB import DIR --quiet`, wait until at least `target`
/// documents are stored, SIGKILL it and reap it.
fn import_and_kill(scratch: &Scratch, dir: &Path, target: i64) {
    let stderr_path = scratch.path("killed-import.stderr");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("yusuan"))
        .arg("--db")
        .arg(scratch.db())
        .arg("import")
        .arg(dir)
        .arg("--quiet")
        .env_remove("YUSUAN_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .expect("start yusuan");
    let started = Instant::now();
    loop {
        if progress(&scratch.db()).is_some_and(|n| n >= target) {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the import ended ({status}) before {target} documents were stored; \
                 make the corpus larger. stderr:\n{}",
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        if started.elapsed() > PROGRESS_TIMEOUT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!(
                "fewer than {target} documents stored after {PROGRESS_TIMEOUT:?} (progress {:?}). stderr:\n{}",
                progress(&scratch.db()),
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix.
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(9),
        "the import was killed, not finished: {status}"
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The database is sound and holds only whole documents of the corpus.
/// Returns how many.
fn check_whole_documents(scratch: &Scratch, dir: &Path, shape: Shape) -> usize {
    let conn = scratch.conn();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let violations = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |_| Ok(()))
        .unwrap()
        .count();
    assert_eq!(violations, 0, "foreign key violations");

    // No row hangs without its parent, and no document is without its unit.
    for (what, sql) in [
        (
            "documents without a disclosure",
            "SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM disclosures)",
        ),
        (
            "disclosures without a document",
            "SELECT count(*) FROM disclosures WHERE document_id NOT IN (SELECT id FROM documents)",
        ),
        (
            "tables without a disclosure",
            "SELECT count(*) FROM tables WHERE disclosure_id NOT IN (SELECT id FROM disclosures)",
        ),
        (
            "columns without a table",
            "SELECT count(*) FROM table_columns WHERE table_id NOT IN (SELECT id FROM tables)",
        ),
        (
            "lines without a table",
            "SELECT count(*) FROM lines WHERE table_id NOT IN (SELECT id FROM tables)",
        ),
        (
            "amounts without a line",
            "SELECT count(*) FROM amounts WHERE line_id NOT IN (SELECT id FROM lines)",
        ),
        (
            "units without a disclosure",
            "SELECT count(*) FROM units WHERE code NOT IN (SELECT unit_code FROM disclosures)",
        ),
    ] {
        assert_eq!(count(&conn, sql), 0, "{what}");
    }

    let documents = count(&conn, "SELECT count(*) FROM documents") as usize;
    let all = stored(&conn);
    assert_eq!(all.len(), documents, "one disclosure per document");
    for disclosure in &all {
        assert_eq!(disclosure.shape, shape, "{} is partial", disclosure.code);
        let i: usize = disclosure.code["435".len()..].parse().unwrap();
        assert_eq!(disclosure.code, code(i));
        assert_eq!(disclosure.name, name(i));
        assert_eq!(disclosure.year, 2023);
        let file = dir.join(format!("doc-{}.txt", code(i)));
        assert_eq!(disclosure.path, file.display().to_string());
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(disclosure.sha256, sha256_hex(&bytes), "{}", disclosure.path);
        assert_eq!(disclosure.byte_size, bytes.len() as i64);
    }
    for (table, per_document) in [
        ("tables", shape.tables),
        ("table_columns", shape.columns),
        ("lines", shape.lines),
        ("amounts", shape.amounts),
    ] {
        assert_eq!(
            count(&conn, &format!("SELECT count(*) FROM {table}")),
            per_document * documents as i64,
            "{table}"
        );
    }
    documents
}

#[test]
fn a_killed_import_leaves_only_whole_documents_and_a_rerun_completes_it() {
    let test_started = Instant::now();
    let shape = sample_shape();
    let scratch = Scratch::new();
    let dir = write_corpus(&scratch);

    // Kill twice: once in a fresh database, once while resuming.
    let mut stored_so_far = 0;
    for round in 1..=2 {
        import_and_kill(&scratch, &dir, stored_so_far as i64 + KILL_AFTER);
        let now = check_whole_documents(&scratch, &dir, shape);
        assert!(
            now >= stored_so_far + KILL_AFTER as usize && now < DOCS,
            "round {round}: {now} documents stored after the kill (had {stored_so_far})"
        );
        stored_so_far = now;
    }

    let output = scratch
        .yusuan()
        .arg("import")
        .arg(&dir)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(stderr_of(&output), "");
    let stdout = stdout_of(&output);
    let summary = format!(
        "({DOCS} files: {} imported, {stored_so_far} unchanged, 0 failed)",
        DOCS - stored_so_far
    );
    assert!(stdout.contains(&summary), "{stdout}\nwanted {summary}");
    assert_eq!(check_whole_documents(&scratch, &dir, shape), DOCS);

    let output = scratch
        .yusuan()
        .args(["docs", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(stdout_of(&output).lines().count(), DOCS + 1);
    eprintln!(
        "kill test: {stored_so_far} documents stored before the final run; {:?} in all",
        test_started.elapsed()
    );
}

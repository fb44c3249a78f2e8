//! Several `yusuan` processes on one database at once: imports started
//! together on a new database all succeed (the schema is set up once, under
//! the set-up lock), documents imported from several processes land whole
//! and exactly once, and queries run while an import writes never fail.
//!
//! Processes, not threads: the races are between connections of different
//! processes (file locks, the WAL index), which threads of one test would
//! not reproduce. `YUSUAN_CONCURRENT_ROUNDS` sets how many rounds run
//! (default 5); RELIABILITY.md records a longer run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use yusuan_fixture::{realistic_unit, render_bytes, RenderOptions};

const IMPORTERS: usize = 3;
const FILES_EACH: usize = 4;

fn yusuan(db: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("yusuan"));
    cmd.arg("--db").arg(db).env_remove("YUSUAN_DB");
    cmd
}

fn spawn(mut cmd: Command) -> Child {
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn yusuan")
}

fn text(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// One folder per importer, of distinct units over two years, and one file
/// that every importer is given (stored once, the others find it there).
struct Corpus {
    _dir: tempfile::TempDir,
    folders: Vec<PathBuf>,
    shared: PathBuf,
    root: PathBuf,
}

fn corpus() -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let mut folders = Vec::new();
    for importer in 0..IMPORTERS {
        let folder = root.join(format!("importer{importer}"));
        std::fs::create_dir_all(&folder).unwrap();
        for file in 0..FILES_EACH {
            let code = format!("43{importer}{file:03}");
            let year = 2022 + (file % 2) as i32;
            let spec = realistic_unit(&code, &format!("测试单位{code}"), year, file as u64);
            std::fs::write(
                folder.join(format!("{code}-{year}.txt")),
                render_bytes(&[spec], &RenderOptions::default()),
            )
            .unwrap();
        }
        folders.push(folder);
    }
    let shared = root.join("shared-439999.txt");
    let spec = realistic_unit("439999", "共同单位", 2023, 99);
    std::fs::write(&shared, render_bytes(&[spec], &RenderOptions::default())).unwrap();
    Corpus {
        _dir: dir,
        folders,
        shared,
        root,
    }
}

/// Rows per stored table, per unit and year: what "whole" means.
fn contents(db: &Path) -> BTreeMap<String, i64> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT d.unit_code || ' ' || d.year || ' ' || t.kind, count(l.id)
             FROM disclosures d JOIN tables t ON t.disclosure_id = d.id
             LEFT JOIN lines l ON l.table_id = t.id
             GROUP BY d.unit_code, d.year, t.kind",
        )
        .unwrap();
    statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The same files imported one after another by one process.
fn reference(corpus: &Corpus) -> BTreeMap<String, i64> {
    let db = corpus.root.join("reference.db");
    let output = yusuan(&db)
        .arg("import")
        .args(&corpus.folders)
        .arg(&corpus.shared)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output));
    contents(&db)
}

/// Queries a person might run while an import writes.
fn queries(db: &Path) -> Vec<Command> {
    let mut sql = yusuan(db);
    sql.args(["sql", "SELECT count(*) FROM disclosures"]);
    let mut yoy = yusuan(db);
    yoy.args(["yoy", "--format", "csv"]);
    let mut units = yusuan(db);
    units.arg("units");
    vec![sql, yoy, units]
}

fn round(corpus: &Corpus, expected: &BTreeMap<String, i64>, number: usize) {
    let db = corpus.root.join(format!("round{number}.db"));
    // All importers start together on a database that does not exist yet.
    let importers: Vec<Child> = corpus
        .folders
        .iter()
        .map(|folder| {
            let mut cmd = yusuan(&db);
            cmd.arg("import").arg(folder).arg(&corpus.shared);
            spawn(cmd)
        })
        .collect();
    // Queries run while they write; before the first import has set up the
    // schema a query may find no database or no tables, but it must never
    // fail because the database is locked.
    let mut queried = 0;
    let mut answered = 0;
    let mut unanswered = std::collections::BTreeSet::new();
    let mut importers: Vec<Option<Child>> = importers.into_iter().map(Some).collect();
    let mut outputs = Vec::new();
    while importers.iter().any(Option::is_some) {
        for cmd in queries(&db).iter_mut() {
            let output = cmd.output().unwrap();
            let report = text(&output);
            assert!(
                !report.contains("locked") && !report.contains("busy"),
                "round {number}: a query failed on a lock:\n{report}"
            );
            queried += 1;
            if output.status.success() {
                answered += 1;
            } else {
                let stderr = String::from_utf8_lossy(&output.stderr);
                unanswered.insert(stderr.lines().next().unwrap_or("").to_string());
            }
        }
        for slot in importers.iter_mut() {
            if let Some(child) = slot {
                if child.try_wait().unwrap().is_some() {
                    outputs.push(slot.take().unwrap().wait_with_output().unwrap());
                }
            }
        }
    }
    for output in &outputs {
        assert!(
            output.status.success(),
            "round {number}: an import failed:\n{}",
            text(output)
        );
    }
    // The shared file landed once: one importer stored it, the others found
    // it already there.
    let stored_shared = outputs
        .iter()
        .filter(|o| {
            String::from_utf8_lossy(&o.stdout).contains("✓ ") && {
                let out = String::from_utf8_lossy(&o.stdout);
                out.lines()
                    .any(|l| l.starts_with("✓ ") && l.contains("439999"))
            }
        })
        .count();
    assert_eq!(stored_shared, 1, "round {number}: {outputs:#?}");
    assert_eq!(&contents(&db), expected, "round {number}");
    // Once every import is done, each query answers.
    for cmd in queries(&db).iter_mut() {
        let output = cmd.output().unwrap();
        assert!(output.status.success(), "round {number}: {}", text(&output));
    }
    eprintln!(
        "round {number}: clean ({queried} queries during the imports, {answered} answered; \
         the others: {unanswered:?})"
    );
}

#[test]
fn imports_started_together_and_queries_meanwhile_all_succeed() {
    let rounds: usize = std::env::var("YUSUAN_CONCURRENT_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let corpus = corpus();
    let expected = reference(&corpus);
    assert_eq!(
        expected
            .keys()
            .map(|k| &k[..6])
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        IMPORTERS * FILES_EACH + 1
    );
    for number in 1..=rounds {
        round(&corpus, &expected, number);
    }
}

#[test]
fn a_database_whose_set_up_lock_is_held_waits_then_imports() {
    // Another process holds the set-up lock (as an import creating the
    // schema does); an import waits for it instead of failing.
    let corpus = corpus();
    let db = corpus.root.join("held.db");
    let lock = std::fs::File::create(corpus.root.join("held.db-lock")).unwrap();
    lock.lock().unwrap();
    let mut cmd = yusuan(&db);
    cmd.arg("import").arg(&corpus.shared);
    let child = spawn(cmd);
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(
        !db.exists(),
        "the import went ahead while the lock was held"
    );
    lock.unlock().unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", text(&output));
}

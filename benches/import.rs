//! Import benchmark: N generated seed-size documents (default 10,000).
//!
//! `cargo bench --bench import` (set YUSUAN_BENCH_DOCS to change N).
//! Reports, in one run on the same files:
//! - `yusuan import DIR` through the release binary: documents/s and peak RSS;
//! - parsing alone (read + recognise, one thread): documents/s;
//! - yusuan's writer alone (the documents read beforehand, 2,000 at a time,
//!   then stored as `yusuan import` stores them): documents/s, the ceiling
//!   the writer thread sets;
//! - a raw SQLite insert of the same rows (lines and non-blank amounts into
//!   bare tables, no constraints or indexes, one single-row INSERT per row,
//!   one transaction per document, WAL + synchronous=NORMAL): documents/s,
//!   and yusuan's ratio to it.
//!
//! Results are recorded in BENCHMARKS.md.

use rusqlite::{params, Connection};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use yusuan::amount::Cell;
use yusuan::import::prepare_bytes;
use yusuan_fixture::{realistic_unit, render_bytes, unit_roster, RenderOptions};

const YEARS: [i32; 5] = [2019, 2020, 2021, 2022, 2023];

// The allocator of the yusuan binary, so that parsing and writing here cost
// what they cost there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` probes with --list
    }
    let docs: usize = std::env::var("YUSUAN_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let started = Instant::now();
    let files = generate(&corpus, docs);
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    println!(
        "corpus: {} documents, {:.1} MB, generated in {:.1} s",
        files.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let (import_time, peak_rss_kb) = import_with_binary(dir.path(), &corpus);
    let db = dir.path().join("bench.db");
    let rows = count_rows(&db);
    println!(
        "yusuan import: {:.2} s, {:.0} documents/s, {} lines + {} amounts, peak RSS {:.1} MB",
        import_time.as_secs_f64(),
        files.len() as f64 / import_time.as_secs_f64(),
        rows.0,
        rows.1,
        peak_rss_kb as f64 / 1024.0
    );

    let parse_time = parse_only(&files);
    println!(
        "parse only (1 thread): {:.2} s, {:.0} documents/s",
        parse_time.as_secs_f64(),
        files.len() as f64 / parse_time.as_secs_f64()
    );

    let write_time = write_only(dir.path(), &files);
    println!(
        "write only (yusuan's writer, documents read beforehand): {:.2} s, {:.0} documents/s",
        write_time.as_secs_f64(),
        files.len() as f64 / write_time.as_secs_f64()
    );

    let raw_time = raw_insert(dir.path(), &files);
    println!(
        "raw SQLite insert of the same rows: {:.2} s, {:.0} documents/s; yusuan import takes {:.2}x the raw insert time",
        raw_time.as_secs_f64(),
        files.len() as f64 / raw_time.as_secs_f64(),
        import_time.as_secs_f64() / raw_time.as_secs_f64()
    );
}

fn generate(corpus: &Path, docs: usize) -> Vec<PathBuf> {
    std::fs::create_dir_all(corpus).unwrap();
    let units = docs.div_ceil(YEARS.len());
    let mut files = Vec::with_capacity(docs);
    'outer: for year in YEARS {
        for (code, name) in unit_roster(units, 7, year) {
            if files.len() == docs {
                break 'outer;
            }
            let spec = realistic_unit(&code, &name, year, 7);
            let path = corpus.join(format!("{code}-{year}.txt"));
            std::fs::write(&path, render_bytes(&[spec], &RenderOptions::default())).unwrap();
            files.push(path);
        }
    }
    files
}

fn import_with_binary(dir: &Path, corpus: &Path) -> (Duration, i64) {
    let db = dir.join("bench.db");
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg("--quiet")
        .arg(corpus)
        .status()
        .expect("run yusuan");
    let elapsed = started.elapsed();
    assert!(status.success(), "import failed");
    (elapsed, children_peak_rss_kb())
}

/// Peak resident set size of the finished child processes, in KiB.
fn children_peak_rss_kb() -> i64 {
    // SAFETY: getrusage only writes into the zeroed struct we pass.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage.ru_maxrss
    }
}

fn count_rows(db: &Path) -> (i64, i64) {
    let conn = Connection::open(db).unwrap();
    let lines = conn
        .query_row("SELECT count(*) FROM lines", [], |r| r.get(0))
        .unwrap();
    let amounts = conn
        .query_row("SELECT count(*) FROM amounts", [], |r| r.get(0))
        .unwrap();
    (lines, amounts)
}

fn parse_only(files: &[PathBuf]) -> Duration {
    let started = Instant::now();
    for file in files {
        let bytes = std::fs::read(file).unwrap();
        let prepared = prepare_bytes(file, &bytes).expect("generated documents parse");
        std::hint::black_box(prepared);
    }
    started.elapsed()
}

/// yusuan's writer on documents read beforehand: the import minus the
/// reading thread, 2,000 documents (~0.6 GB read) at a time: each call
/// starts the writer afresh (statements prepared, checkpointer and dropper
/// threads started), which 256-document calls paid forty times.
fn write_only(dir: &Path, files: &[PathBuf]) -> Duration {
    let conn = yusuan::store::open(&dir.join("write.db")).unwrap();
    let mut total = Duration::ZERO;
    for batch in files.chunks(2_000) {
        let prepared: Vec<_> = batch
            .iter()
            .map(|f| (f.clone(), prepare_bytes(f, &std::fs::read(f).unwrap())))
            .collect();
        let started = Instant::now();
        let totals = yusuan::import::import_prepared(
            &conn,
            prepared,
            yusuan::import::Options::default(),
            |_| {},
        );
        total += started.elapsed();
        assert_eq!(totals.imported, batch.len(), "every document stored");
    }
    // Closing copies what is left in the WAL into the database, as the end
    // of `yusuan import` does: part of the writing.
    let started = Instant::now();
    drop(conn);
    total + started.elapsed()
}

/// The floor: the same lines and amounts into tables without constraints or
/// indexes, one transaction per document, the same pragmas as yusuan.
fn raw_insert(dir: &Path, files: &[PathBuf]) -> Duration {
    let conn = Connection::open(dir.join("raw.db")).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
         CREATE TABLE lines (id INTEGER PRIMARY KEY, table_kind TEXT, row_no INTEGER, seq TEXT, side TEXT,
                             code TEXT, level INTEGER, name TEXT, item TEXT);
         CREATE TABLE amounts (line_id INTEGER, position INTEGER, fen INTEGER, raw TEXT);",
    )
    .unwrap();
    let mut total = Duration::ZERO;
    for batch in files.chunks(256) {
        let prepared: Vec<_> = batch
            .iter()
            .map(|f| prepare_bytes(f, &std::fs::read(f).unwrap()).unwrap())
            .collect();
        let started = Instant::now();
        for doc in &prepared {
            conn.execute_batch("BEGIN").unwrap();
            {
                let mut line_insert = conn
                    .prepare_cached("INSERT INTO lines (table_kind, row_no, seq, side, code, level, name, item) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)")
                    .unwrap();
                let mut amount_insert = conn
                    .prepare_cached(
                        "INSERT INTO amounts (line_id, position, fen, raw) VALUES (?1,?2,?3,?4)",
                    )
                    .unwrap();
                for unit in &doc.document.units {
                    for table in &unit.tables {
                        for line in &table.lines {
                            line_insert
                                .execute(params![
                                    table.kind.key(),
                                    line.row_no as i64,
                                    line.seq,
                                    line.side.map(|s| s.key()),
                                    line.code,
                                    line.level,
                                    line.name,
                                    line.item
                                ])
                                .unwrap();
                            let line_id = conn.last_insert_rowid();
                            // yusuan stores no row for a blank cell; neither does the floor.
                            for cell in line.cells.iter().filter(|c| c.value != Cell::Blank) {
                                amount_insert
                                    .execute(params![
                                        line_id,
                                        cell.position as i64,
                                        cell.value.fen(),
                                        cell.raw
                                    ])
                                    .unwrap();
                            }
                        }
                    }
                }
            }
            conn.execute_batch("COMMIT").unwrap();
        }
        total += started.elapsed();
    }
    total
}

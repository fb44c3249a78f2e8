//! Query benchmark: `yusuan yoy` and `yusuan sangong` over N generated
//! unit-years (default 10,000: 2,000 units × 2019–2023), then `yusuan
//! execution` with a 决算 beside each of them.
//!
//! `cargo bench --bench queries` (set YUSUAN_BENCH_UNIT_YEARS to change N;
//! set YUSUAN_BENCH_KEEP=DIR to build the corpus and database in DIR and
//! keep them, for profiling one command by hand).
//! The corpus is imported once with the release binary; each command then
//! runs as a user runs it (a fresh `yusuan` process, output written to a
//! file) several times, and the median wall time is reported, process start
//! included. Results are recorded in BENCHMARKS.md under "Queries".

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use yusuan_fixture::{realistic_unit, render_bytes, unit_roster, RenderOptions};

const YEARS: [i32; 5] = [2019, 2020, 2021, 2022, 2023];
const RUNS: usize = 9;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` probes with --list
    }
    let unit_years: usize = std::env::var("YUSUAN_BENCH_UNIT_YEARS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let temp = tempfile::tempdir().expect("temp dir");
    let kept = std::env::var_os("YUSUAN_BENCH_KEEP").map(PathBuf::from);
    let dir: &Path = kept.as_deref().unwrap_or(temp.path());
    if kept.is_some() {
        // A corpus left from an earlier run would be imported twice.
        let _ = std::fs::remove_dir_all(dir.join("corpus"));
        let _ = std::fs::remove_file(dir.join("bench.db"));
    }
    let corpus = dir.join("corpus");
    let units = unit_years.div_ceil(YEARS.len());
    let started = Instant::now();
    let first_unit = generate(&corpus, units);
    let db = dir.join("bench.db");
    let status = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("--db")
        .arg(&db)
        .args(["import", "--quiet"])
        .arg(&corpus)
        .status()
        .expect("run yusuan");
    assert!(status.success(), "import failed");
    println!(
        "corpus: {units} units × {} years = {} unit-years, generated and imported in {:.1} s",
        YEARS.len(),
        units * YEARS.len(),
        started.elapsed().as_secs_f64()
    );

    let out = dir.join("out");
    let cases: Vec<(String, Vec<String>)> = vec![
        ("yoy --sum (all units, 类)".into(), args("yoy --sum")),
        (
            "yoy --sum --level 3 (all units, 项)".into(),
            args("yoy --sum --level 3"),
        ),
        (
            "yoy --by economic --level 2 --sum".into(),
            args("yoy --by economic --level 2 --sum"),
        ),
        ("yoy (all units, one table each, 类)".into(), args("yoy")),
        (
            "yoy --unit CODE (one unit, 5 years, 项)".into(),
            args(&format!("yoy --unit {first_unit} --level 3")),
        ),
        (
            "yoy --unit 区财政局 --sum (one department)".into(),
            args("yoy --unit 区财政局 --sum --level 2"),
        ),
        ("sangong (all units, totals)".into(), args("sangong")),
        (
            "sangong --unit 区财政局 (one department)".into(),
            args("sangong --unit 区财政局"),
        ),
        (
            "sangong --unit CODE".into(),
            args(&format!("sangong --unit {first_unit}")),
        ),
    ];
    println!("median of {RUNS} runs, each a fresh process writing CSV to a file:");
    for (label, case) in cases {
        let median = median_run(&db, &case, &out);
        println!("  {label:<42} {:>7.1} ms", median.as_secs_f64() * 1e3);
    }

    // execution needs a 决算 beside each 预算; the generator writes budgets
    // only. Added after the cases above so that they read the corpus they
    // always have.
    add_final_accounts(&db);
    let cases: Vec<(String, Vec<String>)> = vec![
        (
            "execution (all units, 类, 预算 + 决算)".into(),
            args("execution"),
        ),
        (
            "execution --level 3 (all units, 项)".into(),
            args("execution --level 3"),
        ),
        (
            "execution --unit CODE --level 3".into(),
            args(&format!("execution --unit {first_unit} --level 3")),
        ),
        (
            "execution --by sangong (all units)".into(),
            args("execution --by sangong"),
        ),
    ];
    println!("with a 决算 per unit-year (20,000 disclosures):");
    for (label, case) in cases {
        let median = median_run(&db, &case, &out);
        println!("  {label:<42} {:>7.1} ms", median.as_secs_f64() * 1e3);
    }
}

/// A 决算 for every stored 预算: the same unit-year and lines, 90% of each
/// budgeted amount spent, stored where `execution` reads a 决算's lines
/// (disclosures and yoy_packs; a 决算 with no table printing budgets adds
/// nothing to execution_printed.sql). Timing only: the figures are the
/// budget's, scaled.
fn add_final_accounts(db: &Path) {
    let conn = rusqlite::Connection::open(db).expect("open the bench database");
    conn.execute_batch(
        "BEGIN;
         INSERT INTO disclosures (document_id, unit_code, unit_name, year, stage, scope, amount_unit, heading, source_line)
             SELECT document_id, unit_code, unit_name, year, '决算', scope, amount_unit, heading, source_line
             FROM disclosures WHERE stage = '预算';
         INSERT INTO yoy_packs (by, level, disclosure_id, row_nos, sides, codes, names, items, total,
                                basic, project, operating, remit, subsidy, personnel, public)
             SELECT p.by, p.level, f.id, p.row_nos, p.sides, p.codes, p.names, p.items,
                    (SELECT json_group_array(CASE WHEN e.value IS NULL THEN NULL ELSE e.value * 9 / 10 END)
                     FROM json_each(p.total) e),
                    p.basic, p.project, p.operating, p.remit, p.subsidy, p.personnel, p.public
             FROM yoy_packs p
             JOIN disclosures b ON b.id = p.disclosure_id AND b.stage = '预算'
             JOIN disclosures f ON f.unit_code = b.unit_code AND f.year = b.year
                               AND f.scope = b.scope AND f.stage = '决算';
         COMMIT;",
    )
    .expect("add the 决算 copies");
}

fn args(text: &str) -> Vec<String> {
    text.split_whitespace().map(String::from).collect()
}

/// One file per unit-year; returns the first unit's code.
fn generate(corpus: &Path, units: usize) -> String {
    std::fs::create_dir_all(corpus).unwrap();
    let mut first = String::new();
    for year in YEARS {
        for (code, name) in unit_roster(units, 7, year) {
            if first.is_empty() {
                first = code.clone();
            }
            let spec = realistic_unit(&code, &name, year, 7);
            let path: PathBuf = corpus.join(format!("{code}-{year}.txt"));
            std::fs::write(&path, render_bytes(&[spec], &RenderOptions::default())).unwrap();
        }
    }
    first
}

fn median_run(db: &Path, args: &[String], out: &Path) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let output = Command::new(env!("CARGO_BIN_EXE_yusuan"))
                .arg("--db")
                .arg(db)
                .args(args)
                .args(["--format", "csv", "--output"])
                .arg(out)
                .output()
                .expect("run yusuan");
            let elapsed = started.elapsed();
            assert!(
                output.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            elapsed
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

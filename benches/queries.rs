//! Query benchmark: `yusuan yoy` and `yusuan sangong` over N generated
//! unit-years (default 10,000: 2,000 units × 2019–2023).
//!
//! `cargo bench --bench queries` (set YUSUAN_BENCH_UNIT_YEARS to change N).
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
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let units = unit_years.div_ceil(YEARS.len());
    let started = Instant::now();
    let first_unit = generate(&corpus, units);
    let db = dir.path().join("bench.db");
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

    let out = dir.path().join("out");
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

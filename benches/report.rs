//! Report benchmark: `yusuan report` over N generated unit-years (default
//! 200: 40 units × 2019–2023) — the page's size, the time to write it, and
//! the time headless Chromium takes to open it (`--dump-dom`, which returns
//! once the page has loaded and its script has run), beside the time it
//! takes to open an empty page (the browser's own start).
//!
//! `cargo bench --bench report` (set YUSUAN_BENCH_UNIT_YEARS to change N,
//! YUSUAN_BENCH_KEEP_PAGE=FILE to keep a copy of the page).
//! Results are recorded in BENCHMARKS.md under "Report". The page must stay
//! under 5 MB and open in under 2 s beyond the browser's start.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use yusuan_fixture::{realistic_unit, render_bytes, unit_roster, RenderOptions};

const YEARS: [i32; 5] = [2019, 2020, 2021, 2022, 2023];
const RUNS: usize = 5;
const CHROMIUM: &str = "/usr/bin/chromium";
const MAX_BYTES: u64 = 5 * 1024 * 1024;
const MAX_OPEN: Duration = Duration::from_secs(2);

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` probes with --list
    }
    let unit_years: usize = std::env::var("YUSUAN_BENCH_UNIT_YEARS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let units = unit_years.div_ceil(YEARS.len());
    generate(&corpus, units);
    let db = dir.path().join("bench.db");
    let status = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("--db")
        .arg(&db)
        .args(["import", "--quiet"])
        .arg(&corpus)
        .status()
        .expect("run yusuan");
    assert!(status.success(), "import failed");

    let page = dir.path().join("report.html");
    let write = median(|| {
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .arg("--db")
            .arg(&db)
            .arg("report")
            .arg("-o")
            .arg(&page)
            .output()
            .expect("run yusuan");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        started.elapsed()
    });
    let bytes = std::fs::metadata(&page).expect("page written").len();
    if let Some(keep) = std::env::var_os("YUSUAN_BENCH_KEEP_PAGE") {
        std::fs::copy(&page, keep).expect("keep a copy of the page");
    }
    println!(
        "report: {units} units × {} years = {} unit-years: {:.2} MB, written in {:.2} s (median of {RUNS})",
        YEARS.len(),
        units * YEARS.len(),
        bytes as f64 / 1_048_576.0,
        write.as_secs_f64()
    );
    assert!(bytes < MAX_BYTES, "the page is {bytes} bytes, over 5 MB");

    if !Path::new(CHROMIUM).exists() {
        println!("chromium: skipped, {CHROMIUM} is missing");
        return;
    }
    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, "<!DOCTYPE html><title>empty</title>").unwrap();
    let start = median(|| open(&empty));
    let open_page = median(|| open(&page));
    let beyond = open_page.saturating_sub(start);
    println!(
        "chromium --dump-dom: empty page {:.2} s, report {:.2} s, the report's own share {:.2} s (medians of {RUNS})",
        start.as_secs_f64(),
        open_page.as_secs_f64(),
        beyond.as_secs_f64()
    );
    assert!(beyond < MAX_OPEN, "the page takes {beyond:?} to open");
}

/// Wall time of headless Chromium loading `page` with a fresh profile.
fn open(page: &Path) -> Duration {
    let profile = tempfile::tempdir().expect("profile dir");
    let started = Instant::now();
    let output = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let elapsed = started.elapsed();
    assert!(output.status.success(), "chromium failed");
    assert!(output.stdout.len() > 30, "nothing rendered");
    elapsed
}

fn median(mut run: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS).map(|_| run()).collect();
    times.sort();
    times[RUNS / 2]
}

fn generate(corpus: &Path, units: usize) {
    std::fs::create_dir_all(corpus).unwrap();
    for year in YEARS {
        for (code, name) in unit_roster(units, 7, year) {
            let spec = realistic_unit(&code, &name, year, 7);
            let path = corpus.join(format!("{code}-{year}.txt"));
            std::fs::write(&path, render_bytes(&[spec], &RenderOptions::default())).unwrap();
        }
    }
}

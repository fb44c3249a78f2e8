//! PDF reader benchmark: the real disclosures of tests/fixtures/pdf/real/
//! read into paragraphs and tables, against `pdftotext -layout` (poppler)
//! on the same files in the same run when it is installed.
//!
//! `cargo bench --bench pdf` (YUSUAN_BENCH_ROUNDS rounds, default 5; the
//! best round counts for each). Reports pages/s for both, their ratio, the
//! machine load from /proc/loadavg, and the peak RSS of a process that
//! reads only the largest file. Results are recorded in BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use yusuan::read::{open, Item, Opened, Place};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Set in the child that measures the peak RSS of one file's reading.
const RSS_CHILD: &str = "YUSUAN_BENCH_PDF_RSS";

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` probes with --list
    }
    if let Ok(path) = std::env::var(RSS_CHILD) {
        let bytes = std::fs::read(&path).expect("read the file");
        let pages = read(&bytes);
        println!("{pages} {}", peak_rss_kb());
        return;
    }
    let rounds: usize = std::env::var("YUSUAN_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1);
    let files = corpus();
    let contents: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("read a PDF"))
        .collect();
    let pages: usize = contents.iter().map(|b| read(b)).sum();
    let megabytes = contents.iter().map(Vec::len).sum::<usize>() as f64 / 1e6;
    println!(
        "corpus: {} files, {pages} pages, {megabytes:.1} MB (tests/fixtures/pdf/real)",
        files.len()
    );
    println!("load before: {}", loadavg());

    let yusuan = best(rounds, || {
        for bytes in &contents {
            read(bytes);
        }
    });
    let yusuan_rate = pages as f64 / yusuan.as_secs_f64();
    println!(
        "yusuan (read into tables, one thread): best of {rounds} {:.3} s, {yusuan_rate:.0} pages/s",
        yusuan.as_secs_f64()
    );

    if installed("pdftotext") {
        let poppler = best(rounds, || {
            for file in &files {
                let status = Command::new("pdftotext")
                    .args(["-layout", "-q"])
                    .arg(file)
                    .arg("-")
                    .stdout(Stdio::null())
                    .status()
                    .expect("run pdftotext");
                assert!(status.success(), "pdftotext failed on {}", file.display());
            }
        });
        let poppler_rate = pages as f64 / poppler.as_secs_f64();
        println!(
            "pdftotext -layout (one process per file): best of {rounds} {:.3} s, {poppler_rate:.0} pages/s",
            poppler.as_secs_f64()
        );
        println!(
            "ratio: yusuan reads {:.2}× as many pages per second as pdftotext -layout",
            yusuan_rate / poppler_rate
        );
    } else {
        println!("pdftotext is not installed: no comparison");
    }
    println!("load after: {}", loadavg());

    let largest = files
        .iter()
        .zip(&contents)
        .max_by_key(|(_, b)| b.len())
        .map(|(f, _)| f.clone())
        .expect("a file");
    let out = Command::new(std::env::current_exe().expect("own path"))
        .env(RSS_CHILD, &largest)
        .output()
        .expect("run the RSS child");
    let report = String::from_utf8_lossy(&out.stdout);
    let mut fields = report.split_whitespace();
    let (pages, rss) = (fields.next().unwrap_or("?"), fields.next().unwrap_or("?"));
    let rss_mb = rss
        .parse::<f64>()
        .map_or("?".into(), |kb| format!("{:.1}", kb / 1024.0));
    println!(
        "peak RSS reading the largest file alone ({}, {:.1} MB, {pages} pages): {rss_mb} MB",
        largest.file_name().unwrap_or_default().to_string_lossy(),
        std::fs::metadata(&largest).map_or(0, |m| m.len()) as f64 / 1e6,
    );
}

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/real");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/pdf/real")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    files
}

/// Read one PDF; the number of pages it has content on (from the places).
fn read(bytes: &[u8]) -> usize {
    let Ok(Opened::Structured(extracted)) = open(bytes) else {
        panic!("a real PDF did not read");
    };
    let page = |place: &Place| match place {
        Place::PageParagraph { page, .. }
        | Place::PageTable { page, .. }
        | Place::PageTableRow { page, .. } => *page,
        _ => 0,
    };
    extracted
        .items
        .iter()
        .map(|item| match item {
            Item::Paragraph { place, .. } => page(place),
            Item::Table { rows } => rows.iter().map(|r| page(&r.place)).max().unwrap_or(0),
        })
        .max()
        .unwrap_or(0)
}

fn best(rounds: usize, mut run: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0)
}

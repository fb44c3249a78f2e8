//! `yusuan report`: the HTML page says what the CLI says — every cell of
//! every table against the CSV of the command the page names — escapes
//! hostile names, and renders in a real browser (headless Chromium) without
//! console errors, with the key figures in the rendered DOM.

mod common;

use common::Scratch;
use rust_decimal::Decimal;
use scraper::{ElementRef, Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

const CHROMIUM: &str = "/usr/bin/chromium";

fn demo(scratch: &Scratch) {
    // The scratch database, so that `scratch.yusuan()` reads the demo.
    // `demo` refuses a typed --db: it is given its database with --out.
    let output = assert_cmd::Command::cargo_bin("yusuan")
        .unwrap()
        .env_remove("YUSUAN_DB")
        .args(["demo", "--out"])
        .arg(scratch.db())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
}

fn report(scratch: &Scratch, args: &[&str], name: &str) -> (PathBuf, String) {
    let page = scratch.path(name);
    let output = scratch
        .yusuan()
        .arg("report")
        .args(args)
        .arg("-o")
        .arg(&page)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
    let html = std::fs::read_to_string(&page).unwrap();
    (page, html)
}

/// The CLI's CSV for `args`: header and rows.
fn cli_csv(scratch: &Scratch, args: &[String], money: &str) -> Vec<Vec<String>> {
    let output = scratch
        .yusuan()
        .args(args)
        .args(["--format", "csv", "--money", money])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        common::stderr_of(&output)
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(output.stdout.as_slice());
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    // The CSV's amount headers name their unit (total_万元); the page says
    // the unit once, in the caption, and heads its columns without it.
    if let Some(header) = rows.first_mut() {
        for name in header.iter_mut() {
            *name = common::without_money_unit(name);
        }
    }
    rows
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn text(cell: &ElementRef) -> String {
    cell.text().collect()
}

/// A number cell shows its exact CSV figure rounded to two decimals, with
/// separators (and % for percentages).
fn assert_display_matches(shown: &str, exact: &str, context: &str) {
    if exact.is_empty() {
        assert_eq!(shown, "", "{context}");
        return;
    }
    let shown_value = Decimal::from_str(&shown.replace([',', '%'], "")).expect(context);
    let exact_value = Decimal::from_str(exact).expect(context);
    assert!(
        (shown_value - exact_value).abs() <= Decimal::new(5, 3),
        "{context}: shows {shown}, CSV says {exact}"
    );
}

/// Every table the page shows: each cell equals the CSV of the command the
/// table names (or, for a table of picked rows, each figure is in its
/// source row). Returns how many cells were compared.
fn compare_page_with_cli(scratch: &Scratch, html: &str, money: &str) -> usize {
    let page = Html::parse_document(html);
    let (th, row_sel, cell_sel) = (selector("thead th"), selector("tbody tr"), selector("td"));
    let mut compared = 0;
    for table in page.select(&selector("table.data")) {
        let args: Vec<String> =
            serde_json::from_str(table.value().attr("data-cli").unwrap()).unwrap();
        let subset = table.value().attr("data-rows") == Some("some");
        let columns = table.select(&th).count();
        let rows: Vec<ElementRef> = table
            .select(&row_sel)
            .filter(|r| !r.value().classes().any(|c| c == "sec"))
            .collect();
        if subset {
            for row in rows {
                let source: Vec<String> =
                    serde_json::from_str(row.value().attr("data-cli").unwrap()).unwrap();
                let csv = cli_csv(scratch, &source, money);
                let cells: Vec<ElementRef> = row.select(&cell_sel).collect();
                let (unit, name) = (text(&cells[0]), text(&cells[2]));
                let header = &csv[0];
                let name_at = header.iter().position(|h| h == "name").unwrap();
                let line = csv[1..]
                    .iter()
                    .find(|r| r[0] == unit && r[name_at] == name)
                    .unwrap_or_else(|| panic!("{unit} {name} not in {source:?}"));
                for cell in &cells[3..] {
                    if let Some(value) = cell.value().attr("data-v").filter(|v| !v.is_empty()) {
                        assert!(line.contains(&value.to_string()), "{value} not in {line:?}");
                        compared += 1;
                    }
                }
            }
            continue;
        }
        let csv = cli_csv(scratch, &args, money);
        let keys = csv[0].len() - columns;
        let header: Vec<String> = table.select(&th).map(|h| text(&h)).collect();
        assert_eq!(header, csv[0][keys..], "{args:?}");
        assert_eq!(rows.len(), csv.len() - 1, "{args:?}: rows");
        for (row, line) in rows.iter().zip(&csv[1..]) {
            let cells: Vec<ElementRef> = row.select(&cell_sel).collect();
            assert_eq!(cells.len(), columns, "{args:?}");
            for (cell, expected) in cells.iter().zip(&line[keys..]) {
                let context = format!("{args:?} {line:?}");
                match cell.value().attr("data-v") {
                    Some(exact) => {
                        assert_eq!(exact, expected, "{context}");
                        assert_display_matches(&text(cell), exact, &context);
                    }
                    None => assert_eq!(&text(cell), expected, "{context}"),
                }
                compared += 1;
            }
        }
    }
    compared
}

#[test]
fn every_figure_on_the_page_is_the_clis() {
    let scratch = Scratch::new();
    demo(&scratch);
    let (_, html) = report(&scratch, &[], "corpus.html");
    let compared = compare_page_with_cli(&scratch, &html, "万元");
    assert!(compared > 1000, "only {compared} cells compared");
    // The corpus part and one part per unit, the movers among them.
    assert!(html.contains("id=\"corpus\""));
    assert!(html.contains("data-rows=\"some\""));
    assert_eq!(html.matches("<section class=\"unit\"").count(), 5);

    let (_, html) = report(
        &scratch,
        &["--unit", "434001", "--from", "2022", "--money", "元"],
        "unit.html",
    );
    assert!(
        !html.contains("id=\"corpus\""),
        "one unit has no corpus part"
    );
    assert!(html.contains("<svg"), "the yoy and 三公 charts are inline");
    let compared = compare_page_with_cli(&scratch, &html, "元");
    assert!(compared > 100, "only {compared} cells compared");
}

#[test]
fn the_page_is_self_contained() {
    let scratch = Scratch::new();
    demo(&scratch);
    let (_, html) = report(&scratch, &["--unit", "434002"], "page.html");
    let page = Html::parse_document(&html);
    for (css, attr) in [
        ("link", "href"),
        ("script", "src"),
        ("img", "src"),
        ("iframe", "src"),
    ] {
        assert_eq!(page.select(&selector(&format!("{css}[{attr}]"))).count(), 0);
    }
    assert!(!html.contains("@import") && !html.contains("url("));
    assert!(html.contains("default-src 'none'"));
    assert!(html.contains("size:A4 landscape"));
}

#[test]
fn names_with_markup_and_controls_are_escaped() {
    let scratch = Scratch::new();
    let sample = std::fs::read_to_string(common::fixture("demo/434001-2021.txt")).unwrap();
    let file = scratch.write(
        "hostile.txt",
        sample.replace(
            "区政府办秦皇岛市山海关区人民政府办公室本级",
            "区政府办<script>alert(1)</script>&公室",
        ),
    );
    common::import(&scratch, &file);
    // Control characters do not pass the text importer; other formats'
    // cells can carry them, so the stored name gets one directly.
    scratch
        .conn()
        .execute(
            "UPDATE disclosures SET unit_name = unit_name || char(1) || '室'",
            [],
        )
        .unwrap();
    let (_, html) = report(&scratch, &[], "hostile.html");
    assert!(
        !html.contains("<script>alert"),
        "markup in a name is escaped"
    );
    assert!(!html.contains('\u{1}'), "controls are not in the page");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;公室\u{2401}室"));
}

/// Headless Chromium with a fresh profile and nothing that reaches out.
fn chromium(profile: &Path) -> Command {
    let mut command = Command::new(CHROMIUM);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
}

fn chromium_present() -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    eprintln!("skipped: {CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)");
    false
}

/// The DOM after scripts ran, and the browser's log.
fn rendered(page: &Path, width: u32, screenshot: &Path) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.display());
    let dump = chromium(profile.path())
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    assert!(
        dump.status.success(),
        "{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let profile = tempfile::tempdir().unwrap();
    let shot = chromium(profile.path())
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(format!("--window-size={width},2000"))
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        shot.status.success(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let png = std::fs::read(screenshot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "screenshot at {width}px"
    );
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&dump.stderr),
        String::from_utf8_lossy(&shot.stderr)
    );
    (String::from_utf8_lossy(&dump.stdout).into_owned(), log)
}

fn assert_no_console_errors(log: &str) {
    for line in log.lines() {
        assert!(
            !line.contains("CONSOLE") && !line.contains("Uncaught"),
            "browser console: {line}"
        );
    }
}

#[test]
fn chromium_renders_the_demo_page() {
    if !chromium_present() {
        return;
    }
    let scratch = Scratch::new();
    demo(&scratch);
    let (page, _) = report(&scratch, &[], "demo.html");
    for width in [1280, 390] {
        let shot = scratch.path(&format!("demo-{width}.png"));
        let (dom, log) = rendered(&page, width, &shot);
        assert_no_console_errors(&log);
        // The script ran: it adds a filter box to every table.
        let dom_page = Html::parse_document(&dom);
        let tables = dom_page.select(&selector("table.data")).count();
        let boxes = dom_page.select(&selector("input.filter")).count();
        assert!(
            tables > 10 && boxes == tables,
            "{boxes} filters, {tables} tables"
        );
        // Key figures, as the rendered cells show them: 434001's 2023
        // 支出总表 合计 and 三公 小计 (万元).
        let cells: Vec<String> = dom_page.select(&selector("td")).map(|c| text(&c)).collect();
        for figure in ["1,079.09", "12.36"] {
            assert!(cells.iter().any(|c| c == figure), "{figure} not rendered");
        }
    }
}

#[test]
fn chromium_renders_a_real_document() {
    if !chromium_present() {
        return;
    }
    let scratch = Scratch::new();
    common::import(
        &scratch,
        &common::fixture("pdf/real/SH-Putuo_区政府办公室_2025_部门预算.pdf"),
    );
    let (page, html) = report(&scratch, &["--money", "元"], "real.html");
    let csv = cli_csv(&scratch, &["sangong".to_string()], "元");
    let total_at = csv[0].iter().position(|h| h == "total").unwrap();
    let total = &csv[1][total_at];
    assert!(html.contains("<svg"));
    let shot = scratch.path("real-390.png");
    let (dom, log) = rendered(&page, 390, &shot);
    assert_no_console_errors(&log);
    // The 三公 total as the CSV gives it, shown rounded and grouped.
    let dom_page = Html::parse_document(&dom);
    let shown: Vec<String> = dom_page
        .select(&selector("td[data-v]"))
        .filter(|c| c.value().attr("data-v") == Some(total.as_str()))
        .map(|c| text(&c))
        .collect();
    assert!(!shown.is_empty(), "三公 total {total} not rendered");
    for cell in shown {
        assert_display_matches(&cell, total, "三公 total");
    }
}

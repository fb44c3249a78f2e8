//! The front door, through the binary: tables that fit the terminal
//! (`$COLUMNS`), whole tables in pipes and with `--wide`, a closed pipe
//! ending quietly, CSV and JSON that say what they hold, and messages that
//! say why nothing was shown.

mod common;

use common::{stderr_of, stdout_of, Scratch};
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use unicode_width::UnicodeWidthStr;

/// The demo's database, made once for this file's tests.
fn demo_db() -> PathBuf {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let db = dir.join("demo.db");
        let output = Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .arg("demo")
            .arg("--out")
            .arg(&db)
            .env_remove("COLUMNS")
            .env_remove("YUSUAN_DB")
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        db
    })
    .clone()
}

/// `yusuan --db <demo> ARGS…` with `$COLUMNS` as given (unset for None).
fn run(columns: Option<u16>, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_yusuan"));
    command
        .arg("--db")
        .arg(demo_db())
        .args(args)
        .env_remove("YUSUAN_DB")
        .env_remove("COLUMNS");
    if let Some(columns) = columns {
        command.env("COLUMNS", columns.to_string());
    }
    command.output().unwrap()
}

/// The widest line of the tables (lines drawn with box characters).
fn table_width(text: &str) -> usize {
    text.lines()
        .filter(|line| line.starts_with(['┌', '│', '╞', '└']))
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

#[test]
fn every_demo_table_fits_an_80_and_a_120_column_terminal() {
    for columns in [80u16, 120] {
        let scratch = Scratch::new();
        let output = Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .arg("demo")
            .arg("--out")
            .arg(scratch.path("demo.db"))
            .env("COLUMNS", columns.to_string())
            .env_remove("YUSUAN_DB")
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        let stdout = stdout_of(&output);
        let tables = stdout.matches('┌').count();
        assert!(tables >= 6, "{stdout}");
        let widest = table_width(&stdout);
        assert!(
            widest <= usize::from(columns),
            "{widest} > {columns}:\n{stdout}"
        );
    }
}

#[test]
fn wide_commands_fit_the_terminal_and_say_what_they_left_out() {
    for args in [
        &["yoy"][..],
        &["check"],
        &["check", "--long"],
        &["show", "434001", "2023", "narrative"],
        &["show", "434001", "2023", "tables"],
        &["projects", "--indicators"],
        &["procurement", "--by", "item"],
        &["query", "--list"],
        &["units"],
        &["sangong"],
        &["assets"],
    ] {
        let output = run(Some(100), args);
        assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
        let stdout = stdout_of(&output);
        assert!(table_width(&stdout) <= 100, "{args:?}:\n{stdout}");
    }
    let yoy = stdout_of(&run(Some(80), &["yoy"]));
    assert!(yoy.contains("--wide"), "{yoy}");
    assert!(yoy.contains("1,079.09"), "{yoy}");
}

#[test]
fn pipes_and_wide_keep_the_whole_table() {
    let piped = stdout_of(&run(None, &["yoy"]));
    let wide = stdout_of(&run(Some(80), &["yoy", "--wide"]));
    assert_eq!(piped, wide);
    assert!(table_width(&piped) > 200, "{piped}");
    for column in ["change_2021_2022", "pct_2022_2023", "former_names"] {
        assert!(piped.contains(column), "{column}");
    }
    assert!(!piped.contains("--wide"), "{piped}");
}

#[test]
fn check_is_one_line_a_finding_unless_long() {
    let compact = stdout_of(&run(None, &["check"]));
    let header = compact.lines().nth(1).unwrap_or_default();
    for column in ["unit_code", "year", "severity", "rule", "place", "message"] {
        assert!(header.contains(column), "{header}");
    }
    assert!(!header.contains("evidence"), "{header}");
    let long = stdout_of(&run(None, &["check", "--long"]));
    assert!(long.lines().nth(1).unwrap_or_default().contains("evidence"));
    // Every finding is in both, one row each.
    let rows = |text: &str| text.lines().filter(|l| l.starts_with("│ ")).count();
    let csv = stdout_of(&run(None, &["check", "--format", "csv"]));
    assert_eq!(rows(&compact) - 1, csv.lines().count() - 1, "{compact}");
}

/// Spawn `yusuan ARGS…` with its standard output a pipe that is closed at
/// once, as `| head -0` would; the command must end without a panic.
fn with_closed_pipe(args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .env_remove("YUSUAN_DB")
        .env_remove("COLUMNS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    std::process::Output {
        status,
        stdout: Vec::new(),
        stderr: stderr.into_bytes(),
    }
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let scratch = Scratch::new();
    let db = demo_db();
    let db = db.to_str().unwrap();
    let out = scratch.path("d.db");
    let fresh = scratch.path("fresh.db");
    let corpus = common::fixture("demo");
    for args in [
        vec!["demo", "--out", out.to_str().unwrap()],
        vec![
            "--db",
            fresh.to_str().unwrap(),
            "import",
            corpus.to_str().unwrap(),
        ],
        vec!["--db", db, "units"],
        vec!["--db", db, "yoy"],
        vec!["--db", db, "check"],
        vec!["--db", db, "query", "sangong", "--show-sql"],
        vec!["--db", db, "sql", "SELECT * FROM figures"],
        vec!["--db", db, "show", "434001", "2023", "narrative"],
    ] {
        let output = with_closed_pipe(&args);
        let stderr = stderr_of(&output);
        assert_ne!(output.status.code(), Some(101), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
    // The import went on to the end: every file landed.
    let conn = rusqlite::Connection::open(&fresh).unwrap();
    let documents: i64 = conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(documents, 6);
}

#[test]
fn csv_amount_headers_say_their_unit() {
    let wan = stdout_of(&run(None, &["sangong", "--format", "csv"]));
    let yuan = stdout_of(&run(None, &["sangong", "--format", "csv", "--money", "元"]));
    let header = |csv: &str| csv.lines().next().unwrap_or_default().to_string();
    assert!(header(&wan).contains(",total_万元,"), "{wan}");
    assert!(header(&yuan).contains(",total_元,"), "{yuan}");
    assert!(header(&wan).starts_with("unit_code,unit_name,year,"));
    // Not money, no unit.
    assert!(header(&wan).contains(",pct,"), "{wan}");
}

#[test]
fn json_keys_follow_the_table_columns() {
    let json = stdout_of(&run(None, &["sangong", "--format", "json"]));
    let csv = stdout_of(&run(None, &["sangong", "--format", "csv"]));
    let records: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys: Vec<&str> = records[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|k| !k.ends_with("_fen"))
        .collect();
    let columns: Vec<String> = csv
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(|c| c.trim_end_matches("_万元").to_string())
        .collect();
    assert_eq!(keys, columns);
}

#[test]
fn help_is_wrapped_with_examples_and_no_empty_env() {
    let output = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("--help")
        .env_remove("YUSUAN_DB")
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let help = stdout_of(&output);
    assert!(!help.contains("YUSUAN_DB="), "{help}");
    assert!(help.contains("Example:"), "{help}");
    let widest = help.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
    assert!(widest <= 80, "{widest}:\n{help}");
}

#[test]
fn demo_refuses_a_db_it_would_not_use() {
    let scratch = Scratch::new();
    let output = scratch.yusuan().arg("demo").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("--out"),
        "{}",
        stderr_of(&output)
    );
    assert!(!scratch.db().exists());
}

#[test]
fn no_matching_unit_says_so_and_lists_near_names() {
    let output = run(
        None,
        &["yoy", "--unit", "区财务局", "--sum", "--chart", "x.svg"],
    );
    assert_eq!(output.status.code(), Some(0));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("区财务局"), "{stderr}");
    assert!(stderr.contains("上海市普陀区财政局"), "{stderr}");
    assert!(!stderr.contains("0 个单位"), "{stderr}");
    assert!(stdout_of(&output).is_empty());
    for command in ["sangong", "assets", "procurement", "projects", "check"] {
        let output = run(None, &[command, "--unit", "不存在的单位"]);
        assert_eq!(output.status.code(), Some(0), "{command}");
        assert!(stderr_of(&output).contains("不存在的单位"), "{command}");
    }
}

#[test]
fn empty_selections_say_why_on_stderr_and_exit_0() {
    let output = run(None, &["yoy", "--from", "2023", "--to", "2021"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr_of(&output).contains("--from 2023"),
        "{}",
        stderr_of(&output)
    );
    let output = run(None, &["check", "--year", "2019", "--unit", "434001"]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("2019"), "{stderr}");
    assert!(stderr.contains("2021, 2022, 2023"), "{stderr}");
}

#[test]
fn a_chart_is_svg_or_refused() {
    let scratch = Scratch::new();
    let png = scratch.path("yoy.png");
    let output = run(
        None,
        &["yoy", "--unit", "434001", "--chart", png.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains(".svg"),
        "{}",
        stderr_of(&output)
    );
    assert!(!png.exists());
}

#[test]
fn twelve_chart_lines_are_twelve_different_strokes() {
    let scratch = Scratch::new();
    let svg = scratch.path("yoy.svg");
    let output = run(
        None,
        &[
            "yoy",
            "--unit",
            "434001",
            "--level",
            "项",
            "--top",
            "12",
            "--chart",
            svg.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let svg = std::fs::read_to_string(svg).unwrap();
    let strokes: std::collections::BTreeSet<String> = svg
        .lines()
        .filter(|l| l.starts_with("<line") && l.contains("stroke-width=\"3\""))
        .map(|l| {
            let attr = |name: &str| {
                l.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or("")
                    .to_string()
            };
            format!("{} {}", attr("stroke"), attr("stroke-dasharray"))
        })
        .collect();
    assert_eq!(strokes.len(), 12, "{strokes:?}");
}

#[test]
fn a_sum_of_one_unit_names_it() {
    let scratch = Scratch::new();
    let svg = scratch.path("one.svg");
    let output = run(
        None,
        &[
            "yoy",
            "--unit",
            "434002",
            "--sum",
            "--chart",
            svg.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert!(
        stdout.contains("区政府办秦皇岛市山海关区金融服务中心"),
        "{stdout}"
    );
    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(svg.contains("区政府办秦皇岛市山海关区金融服务中心"));
    assert!(!svg.contains("1 units"));
}

#[test]
fn a_database_yusuan_did_not_write_is_refused_and_left_alone() {
    let scratch = Scratch::new();
    let foreign = scratch.path("other.db");
    {
        let conn = rusqlite::Connection::open(&foreign).unwrap();
        conn.execute_batch("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);")
            .unwrap();
    }
    let before = std::fs::read(&foreign).unwrap();
    for args in [
        vec![
            "import",
            common::sample().to_str().unwrap().to_string().leak(),
        ],
        vec!["units"],
        vec!["yoy"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .arg("--db")
            .arg(&foreign)
            .args(&args)
            .env_remove("YUSUAN_DB")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = stderr_of(&output);
        assert!(stderr.contains("other.db"), "{stderr}");
        assert!(stderr.contains("not a yusuan database"), "{stderr}");
    }
    assert_eq!(std::fs::read(&foreign).unwrap(), before);
    let text = scratch.write("notes.db", "just some text, not SQLite at all");
    let output = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("--db")
        .arg(&text)
        .arg("units")
        .env_remove("YUSUAN_DB")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("not an SQLite file"));
}

#[test]
fn summary_lines_left_blank_are_marked_dropped() {
    let csv = stdout_of(&run(
        None,
        &[
            "yoy", "--by", "summary", "--unit", "434002", "--format", "csv",
        ],
    ));
    let line = csv
        .lines()
        .find(|l| l.contains(",城乡社区支出,"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(line.contains("取消 dropped 2022"), "{line}");
    // A line published every year is not marked.
    let income = csv.lines().find(|l| l.contains(",收入总计,")).unwrap();
    assert!(
        !income.contains("dropped") && !income.contains("new"),
        "{income}"
    );
}

#[test]
fn import_and_check_count_the_same_findings() {
    let scratch = Scratch::new();
    let db = scratch.path("demo.db");
    let output = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("demo")
        .arg("--out")
        .arg(&db)
        .env_remove("COLUMNS")
        .env_remove("YUSUAN_DB")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    // "  核对：29 处不相符，其中 3 处错误 (29 findings, 3 errors): yusuan check …"
    let (mut findings, mut errors) = (0, 0);
    for line in stdout_of(&output).lines() {
        let Some(counts) = line.split(" (").nth(1) else {
            continue;
        };
        let Some((n, rest)) = counts.split_once(" findings, ") else {
            continue;
        };
        let e = rest.split(' ').next().unwrap();
        findings += n.parse::<usize>().unwrap();
        errors += e.parse::<usize>().unwrap();
    }
    let check = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("--db")
        .arg(&db)
        .args(["check", "--format", "csv"])
        .env_remove("YUSUAN_DB")
        .output()
        .unwrap();
    let csv = stdout_of(&check);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(findings > 0);
    assert_eq!(findings, rows.len(), "{csv}");
    assert_eq!(
        errors,
        rows.iter().filter(|r| r.contains(",error,")).count()
    );
    // The cross-year finding names both documents, the generated one as such.
    let cross = rows
        .iter()
        .find(|r| r.contains("narrative.previous_year"))
        .expect("the demo's cross-year finding");
    assert!(cross.contains("shanhaiguan-zfb-2023.txt"), "{cross}");
    assert!(cross.contains("434001-2022-generated.txt"), "{cross}");
}

#[test]
fn the_amounts_import_reports_are_the_amounts_stored() {
    let scratch = Scratch::new();
    let output = scratch
        .yusuan()
        .arg("import")
        .arg(common::sample())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    let reported: usize = stdout
        .split(" lines, ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"));
    let stored: usize = scratch
        .conn()
        .query_row("SELECT count(*) FROM amounts", [], |r| r.get(0))
        .unwrap();
    let blank: usize = scratch
        .conn()
        .query_row(
            "SELECT count(*) FROM figures WHERE state = 'blank'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(blank > 0, "the sample has blank cells");
    assert_eq!(reported, stored, "{stdout}");
}

#[test]
fn query_yoy_csv_holds_plain_values_in_fen() {
    let output = run(
        None,
        &[
            "query",
            "yoy",
            "-p",
            "unit=434001",
            "-p",
            "level=1",
            "--format",
            "csv",
        ],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let csv = stdout_of(&output);
    assert!(!csv.contains('['), "{csv}");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert!(
        header.contains(&"amount_fen") && header.contains(&"code"),
        "{header:?}"
    );
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    // The 合计 of 2023 is the real document's 1,079.09 万元.
    let total = lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|r| r[at("year")] == "2023" && r[at("item")] == "合计")
        .unwrap_or_else(|| panic!("{csv}"));
    assert_eq!(total[at("amount_fen")], "1079090000");
}

/// The demo imports the files it bundles and nothing else: a file left in
/// its samples folder (by an earlier run, or put there) neither shows as a
/// duplicate nor lands in the database, and the folder's file is kept.
#[test]
fn demo_imports_its_own_files_whatever_else_the_samples_folder_holds() {
    let scratch = Scratch::new();
    let db = scratch.path("demo.db");
    let samples = scratch.path("demo.samples");
    std::fs::create_dir_all(&samples).unwrap();
    let stray = samples.join("434009-2023-left-over.txt");
    let text = common::sample_text().replace(common::CODE, "434009");
    std::fs::write(&stray, &text).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("demo")
        .arg("--out")
        .arg(&db)
        .env_remove("YUSUAN_DB")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert!(stdout.contains("导入 16，未变化 0，失败 0"), "{stdout}");
    assert!(!stdout.contains("left-over"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&stray).unwrap(), text);
    let units = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("--db")
        .arg(&db)
        .args(["units", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        !stdout_of(&units).contains("434009"),
        "{}",
        stdout_of(&units)
    );
}

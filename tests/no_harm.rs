//! What a user types or a document holds cannot destroy data, hijack the
//! terminal or run without end (issue 20): outputs never overwrite the
//! database, document text is shown with its control characters escaped,
//! totals never saturate, ad-hoc SQL streams and stops at its time limit,
//! and messages quote a bounded excerpt.

mod common;
mod formats;

use common::{seeded, stderr_of, stdout_of, Scratch};
use std::path::{Path, PathBuf};

/// Every way of naming the database and its companions.
fn spellings(scratch: &Scratch) -> Vec<PathBuf> {
    let db = scratch.db();
    let dir = scratch.dir.path();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::os::unix::fs::symlink(&db, dir.join("link.csv")).unwrap();
    std::fs::hard_link(&db, dir.join("hard.csv")).unwrap();
    // Charts must be named .svg (refused otherwise before anything opens):
    // the database under such names.
    std::os::unix::fs::symlink(&db, dir.join("link.svg")).unwrap();
    std::fs::hard_link(&db, dir.join("hard.svg")).unwrap();
    vec![
        db.clone(),
        dir.join("./test.db"),
        dir.join("sub/../test.db"),
        dir.join("link.csv"),
        dir.join("hard.csv"),
        dir.join("test.db-wal"),
        dir.join("sub/../test.db-shm"),
        dir.join("link.svg"),
        dir.join("sub/../hard.svg"),
    ]
}

#[test]
fn no_output_or_chart_path_can_be_the_database() {
    let scratch = seeded();
    let before = std::fs::read(scratch.db()).unwrap();
    let spelt = spellings(&scratch);
    let commands: Vec<Vec<&str>> = vec![
        vec!["sql", "SELECT 1 AS x", "--format", "csv", "--output"],
        vec!["units", "--output"],
        vec!["yoy", "--format", "json", "-o"],
        vec!["query", "yoy", "--show-sql", "-o"],
        vec!["sangong", "--chart"],
        vec!["yoy", "--chart"],
    ];
    for path in &spelt {
        for args in &commands {
            let svg = path.extension().is_some_and(|e| e == "svg");
            if args.contains(&"--chart") != svg {
                continue;
            }
            let output = scratch.yusuan().args(args).arg(path).output().unwrap();
            assert_eq!(
                output.status.code(),
                Some(2),
                "{args:?} {}: {}",
                path.display(),
                stderr_of(&output)
            );
            assert!(
                stderr_of(&output).contains("refused: this is the database"),
                "{}",
                stderr_of(&output)
            );
        }
    }
    assert_eq!(std::fs::read(scratch.db()).unwrap(), before);
    assert!(!scratch.path("test.db-wal").exists() || scratch.path("test.db-wal").is_file());
    common::assert_units_list_the_sample(&scratch);
}

#[test]
fn an_output_is_replaced_whole_and_a_failed_one_leaves_the_old_file() {
    let scratch = seeded();
    let out = scratch.path("units.csv");
    std::fs::write(&out, "old,file\n").unwrap();
    let units = |path: &Path| {
        scratch
            .yusuan()
            .args(["units", "--format", "csv", "-o"])
            .arg(path)
            .output()
            .unwrap()
    };
    let output = units(&out);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains(common::CODE), "{written}");
    // Written through a link, the link still points at the file it named.
    let link = scratch.path("latest.csv");
    std::os::unix::fs::symlink(&out, &link).unwrap();
    std::fs::write(&out, "old,file\n").unwrap();
    assert!(units(&link).status.success());
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), written);
    // A device is written straight through, as before.
    assert!(units(Path::new("/dev/null")).status.success());
    // A query that fails halfway leaves the previous file as it was, and no
    // temporary file beside it.
    std::fs::write(&out, "old,file\n").unwrap();
    let output = scratch
        .yusuan()
        .args([
            "sql",
            "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 10000) \
             SELECT CASE WHEN n < 5000 THEN n ELSE abs(-9223372036854775807 - 1) END AS n FROM s",
            "--format",
            "csv",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stdout_of(&output));
    assert!(
        stderr_of(&output).contains("integer overflow"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old,file\n");
    let left: Vec<String> = std::fs::read_dir(scratch.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".part"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The sample as a web page whose unit name holds an escape sequence that
/// would retitle the terminal, and a bell, as numeric references.
fn page_with_control_characters() -> String {
    let page = formats::html::build(&formats::layout(&common::sample_text()));
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("山海关区"));
    page.replace("山海关区", "山海关&#x1b;]0;PWNED&#x7;区")
}

const PLANTED: &str = "山海关\u{1b}]0;PWNED\u{7}区";
const SHOWN: &str = "山海关\\u{1b}]0;PWNED\\u{7}区";

#[test]
fn control_characters_in_a_document_never_reach_the_terminal() {
    let scratch = Scratch::new();
    let page = scratch.write("page.html", page_with_control_characters());
    let output = scratch.yusuan().arg("import").arg(&page).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let printed = stdout_of(&output) + &stderr_of(&output);
    assert!(printed.contains(SHOWN), "{printed}");
    // Stored as published.
    let name: String = scratch
        .conn()
        .query_row("SELECT unit_name FROM disclosures", [], |r| r.get(0))
        .unwrap();
    assert!(name.contains(PLANTED), "{name:?}");

    for args in [
        vec!["units"],
        vec!["units", "--format", "md"],
        vec!["sangong"],
        vec!["yoy"],
        vec!["sql", "SELECT unit_name AS \"名\u{1b}[2J\" FROM units"],
        vec!["yoy", "--unit", "PWNED\u{7}"],
    ] {
        let output = scratch.yusuan().args(&args).output().unwrap();
        let printed = stdout_of(&output) + &stderr_of(&output);
        assert!(
            !printed.chars().any(|c| c.is_control() && c != '\n'),
            "{args:?} printed a control character: {printed:?}"
        );
        assert!(
            printed.contains("\\u{1b}") || printed.contains("\\u{7}"),
            "{args:?}: {printed}"
        );
    }
    // CSV and JSON are for programs: they keep the text as it is.
    let csv = scratch
        .yusuan()
        .args(["units", "--format", "csv"])
        .output()
        .unwrap();
    assert!(stdout_of(&csv).contains(PLANTED));
    let json = scratch
        .yusuan()
        .args(["units", "--format", "json"])
        .output()
        .unwrap();
    let records: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(records.to_string().contains("PWNED\\u0007"), "{records}");
}

#[test]
fn a_ten_megabyte_amount_cell_is_quoted_in_a_few_hundred_characters() {
    let scratch = Scratch::new();
    let huge = format!("1079.09{}", "元".repeat(10 * 1024 * 1024 / 3));
    let text = common::sample_text().replacen("\t1079.09\n", &format!("\t{huge}\n"), 1);
    assert!(text.len() > 10_000_000);
    let file = scratch.write("huge.txt", text);
    // Past the text export's size limit: raised, so the cell is reached.
    let output = scratch
        .yusuan()
        .args(["import", "--max-size", "16M"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(stderr.len() < 1500, "{} bytes of message", stderr.len());
    let chars = huge.chars().count();
    assert!(
        stderr.contains(&format!("…（共 {chars} 个字符 ({chars} characters)）")),
        "{stderr}"
    );
}

#[test]
fn sql_files_are_bounded_and_a_syntax_error_quotes_an_excerpt() {
    let scratch = seeded();
    // A long file that is not SQL: the syntax error quotes its start.
    let passwd: String = (0..2000)
        .map(|i| format!("user{i}:x:{i}:{i}::/home/user{i}:/bin/sh\n"))
        .collect();
    let file = scratch.write("passwd", &passwd);
    let output = scratch
        .yusuan()
        .args(["sql", "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("syntax error"), "{stderr}");
    assert!(stderr.len() < 1000, "{} bytes of message", stderr.len());
    assert!(stderr.contains("characters)"), "{stderr}");

    // A device that never ends, a folder, and a file of many megabytes are
    // refused before reading them whole.
    let big = scratch.write("big.sql", "SELECT 1; --".repeat(1_000_000));
    for (path, why) in [
        (Path::new("/dev/zero"), "not a regular file"),
        (scratch.dir.path(), "not a regular file"),
        (big.as_path(), "MB of SQL"),
    ] {
        let started = std::time::Instant::now();
        let output = scratch
            .yusuan()
            .args(["sql", "--file"])
            .arg(path)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", path.display());
        assert!(stderr_of(&output).contains(why), "{}", stderr_of(&output));
        assert!(started.elapsed().as_secs() < 20);
    }
    // So is as much on standard input.
    let output = scratch
        .yusuan()
        .arg("sql")
        .write_stdin("SELECT 1; --".repeat(1_000_000))
        .output()
        .unwrap();
    assert!(
        stderr_of(&output).contains("MB of SQL"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn sql_streams_its_rows_and_stops_at_its_time_limit() {
    let scratch = seeded();
    // Four rows at once, then a search that never ends: the rows are out
    // before the time limit stops it.
    let endless = "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s) \
                   SELECT n FROM s WHERE n < 5 OR n < 0";
    let started = std::time::Instant::now();
    let output = scratch
        .yusuan()
        .args(["sql", "--timeout", "2", "--format", "csv", endless])
        .output()
        .unwrap();
    let took = started.elapsed();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout_of(&output), "n\n1\n2\n3\n4\n");
    let stderr = stderr_of(&output);
    assert!(stderr.contains("ran longer than 2 s"), "{stderr}");
    assert!(stderr.contains("--timeout"), "{stderr}");
    assert!(took.as_secs_f64() < 15.0, "{took:?}");
    // To a file, a stopped query leaves no file at all.
    let out = scratch.path("endless.csv");
    let output = scratch
        .yusuan()
        .args(["sql", "--timeout", "1", endless, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!out.exists());
    // The connection stays read-only, time limit or not.
    for timeout in ["0", "5"] {
        let output = scratch
            .yusuan()
            .args(["sql", "--timeout", timeout, "DELETE FROM units"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr_of(&output).contains("read-only"),
            "{}",
            stderr_of(&output)
        );
    }
    common::assert_units_list_the_sample(&scratch);
}

/// The sample as unit `code`, its 支出总表 合计 and 三公 小计 set to the
/// largest amount a cell may hold in 万元 (it fits i64 分).
fn unit_at_the_limit(code: &str) -> String {
    const HUGE: &str = "9223372036854.77";
    let text = common::sample_text().replace(common::CODE, code);
    let at = text.find("单位预算支出总表").unwrap();
    let (before, after) = text.split_at(at);
    let after = after.replacen("\t合计\n\t1079.09\n", &format!("\t合计\n\t{HUGE}\n"), 1);
    let after = after.replacen(
        "“三公”经费小计\n\t12.36\n\t12.36\n",
        &format!("“三公”经费小计\n\t{HUGE}\n\t{HUGE}\n"),
        1,
    );
    let text = format!("{before}{after}");
    assert_eq!(text.matches(HUGE).count(), 3, "both cells replaced");
    text
}

#[test]
fn totals_beyond_i64_are_exact_not_saturated() {
    let scratch = Scratch::new();
    for code in ["434001", "434002"] {
        let file = scratch.write(&format!("{code}.txt"), unit_at_the_limit(code));
        let output = scratch.yusuan().arg("import").arg(&file).output().unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
    }
    const SUM: &str = "18,446,744,073,709.54";
    let yoy = scratch.yusuan().args(["yoy", "--sum"]).output().unwrap();
    assert!(yoy.status.success(), "{}", stderr_of(&yoy));
    let table = stdout_of(&yoy);
    let total = table
        .lines()
        .find(|l| l.starts_with('│') && l.contains("合计"))
        .unwrap_or_default();
    assert!(total.contains(SUM), "{table}");
    let csv = scratch
        .yusuan()
        .args(["yoy", "--sum", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        stdout_of(&csv).contains(",18446744073709.54,"),
        "{}",
        stdout_of(&csv)
    );
    let json = scratch
        .yusuan()
        .args(["yoy", "--sum", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        stdout_of(&json).contains("18446744073709540000"),
        "{}",
        stdout_of(&json)
    );

    let sangong = scratch.yusuan().arg("sangong").output().unwrap();
    assert!(sangong.status.success(), "{}", stderr_of(&sangong));
    let table = stdout_of(&sangong);
    let total = table
        .lines()
        .find(|l| l.starts_with('│') && l.contains("合计") && l.contains("2023"))
        .unwrap_or_default();
    assert!(total.contains(SUM), "{table}");
}

/// Figures the store adds into one (the 三公 table's lines of one part)
/// that together pass an amount's range: the document is refused with the
/// table and row named, never stored with a total cut short.
#[test]
fn a_document_whose_stored_sums_overflow_is_refused_not_clamped() {
    const HUGE: &str = "9223372036854.77";
    let scratch = seeded();
    let text = common::sample_text().replace(common::CODE, "434009");
    let reception = "\t6\n\t三、公务接待费\n\t1.49\n\t1.49\n\t\n\t\n";
    assert_eq!(text.matches(reception).count(), 1);
    // The part printed twice, each time at the largest amount a cell holds.
    let twice = format!(
        "\t6\n\t三、公务接待费\n\t{HUGE}\n\t{HUGE}\n\t\n\t\n\n\t7\n\t三、公务接待费\n\t{HUGE}\n\t{HUGE}\n\t\n\t\n"
    );
    let file = scratch.write("overflow.txt", text.replace(reception, &twice));
    let message = common::assert_refused(
        &scratch,
        &file,
        &[
            "“三公”经费支出表",
            "序号 7",
            "无法存储",
            "92,233,720,368,547,758.07",
        ],
    );
    assert!(!message.contains("panicked"), "{message}");
}

/// Quantities added across units (here 车辆: two units each holding the
/// largest count a cell may store) are exact in the totals row, not
/// clamped at the largest stored value.
#[test]
fn asset_quantities_summed_across_units_are_exact() {
    const HUGE: &str = "9223372036854775";
    let scratch = Scratch::new();
    for code in ["434001", "434002"] {
        let text = common::sample_text().replace(common::CODE, code);
        let vehicles = "（台、辆）\n\t8\n\t184.69\n";
        assert_eq!(text.matches(vehicles).count(), 1);
        let text = text.replace(vehicles, &format!("（台、辆）\n\t{HUGE}\n\t184.69\n"));
        let file = scratch.write(&format!("{code}.txt"), text);
        let output = scratch.yusuan().arg("import").arg(&file).output().unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
    }
    let output = scratch
        .yusuan()
        .args(["assets", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let csv = stdout_of(&output);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let vehicles = header.iter().position(|h| *h == "vehicles").unwrap();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert_eq!(rows[0][vehicles], HUGE, "{csv}");
    assert_eq!(rows[2][0], "合计", "{csv}");
    assert_eq!(rows[2][vehicles], "18446744073709550", "{csv}");
}

/// A total and two of its parts at the largest amount a cell holds: the
/// audit adds the parts beyond an amount's range. The debug build used to
/// panic on the overflow and the release build to wrap it into a false
/// sum; the finding now gives the exact sum and difference.
#[test]
fn the_audit_adds_parts_past_an_amounts_range_exactly() {
    const HUGE: &str = "9223372036854.77";
    let scratch = Scratch::new();
    let mut text = common::sample_text();
    for (row, published) in [
        ("1\n\t“三公”经费小计", "12.36"),
        ("3\n\t二、公务用车购置及运维费", "10.86"),
        ("6\n\t三、公务接待费", "1.49"),
    ] {
        let cells = format!("\t{row}\n\t{published}\n\t{published}\n");
        assert_eq!(text.matches(&cells).count(), 1, "{row}");
        text = text.replace(&cells, &format!("\t{row}\n\t{HUGE}\n\t{HUGE}\n"));
    }
    let file = scratch.write("huge-parts.txt", text);
    let output = scratch.yusuan().arg("import").arg(&file).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let check = scratch
        .yusuan()
        .args(["check", "--format", "csv"])
        .output()
        .unwrap();
    let csv = stdout_of(&check);
    let total = csv
        .lines()
        .find(|l| l.contains("identity.sangong_total") && l.contains(",合计,"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        total.contains("= 18446744073709.54（差 -9223372036854.77 万元）"),
        "{total}"
    );
}

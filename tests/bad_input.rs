//! Bad input through the binary: every refused file gets exactly one clear
//! message on stderr that names the file and the place in it, the exit status
//! is not 0, and the database is left byte-for-byte as it was.
//!
//! Each bad document is the real sample with one precise edit, so that the
//! only thing wrong with it is the thing under test.

mod common;

use common::{
    assert_contains_all, assert_failed_exit, assert_refused, assert_units_list_the_sample, noise,
    sample, sample_text, seeded, stderr_lines, stderr_of, stdout_of, units_csv, CODE, NAME,
};

/// The sample's lines; `lines[n - 1]` is line `n` (the file ends with "\n").
fn sample_lines() -> Vec<String> {
    let text = sample_text();
    assert!(text.ends_with('\n') && !text.contains('\r'));
    text.lines().map(str::to_string).collect()
}

fn join(lines: &[String]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// The sample with line `number` (1-based), which must read `old`, replaced
/// by `new`.
fn with_line(number: usize, old: &str, new: &str) -> String {
    edit_line(&sample_text(), number, old, new)
}

/// `text` with line `number` (1-based), which must read `old`, replaced by
/// `new`.
fn edit_line(text: &str, number: usize, old: &str, new: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert_eq!(lines[number - 1], old, "line {number}");
    lines[number - 1] = new.to_string();
    join(&lines)
}

/// The sample as another unit: a valid, different document.
fn as_other_unit(code: &str, name: &str) -> String {
    let text = sample_text().replace(CODE, code).replace(NAME, name);
    assert!(!text.contains(CODE) && !text.contains(NAME));
    text
}

/// The line number a message points at: "(line N)".
fn line_of(message: &str) -> usize {
    let rest = &message[message.find("(line ").expect("(line N) in message") + 6..];
    rest[..rest.find(')').unwrap()].parse().unwrap()
}

#[test]
fn empty_and_whitespace_only_files_are_refused() {
    let scratch = seeded();
    let empty = scratch.write("empty.txt", b"");
    assert_refused(&scratch, &empty, &["文件为空", "empty"]);
    let blank = scratch.write("blank.txt", " \n\t\n\r\n\u{3000}\n   \t \n");
    assert_refused(&scratch, &blank, &["文件为空", "empty"]);
}

#[test]
fn binary_files_are_refused() {
    let scratch = seeded();
    // A .docx is a zip archive; cut after its first header it is damaged.
    let mut docx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".to_vec();
    docx.extend_from_slice(b"[Content_Types].xml");
    let docx = scratch.write("预算公开.docx", docx);
    assert_refused(&scratch, &docx, &["zip 文件已损坏", "damaged zip archive"]);

    // Random-looking bytes with NULs, named .txt.
    let noise = scratch.write("noise.txt", noise());
    assert_refused(&scratch, &noise, &["二进制", "binary"]);

    // A text export with a NUL at the start of line 700 (in the 支出总表).
    let mut text = sample_text().into_bytes();
    let at = sample_lines()[..699]
        .iter()
        .map(|l| l.len() + 1)
        .sum::<usize>();
    text.insert(at, 0);
    let nul = scratch.write("nul.txt", text);
    let message = assert_refused(&scratch, &nul, &["binary"]);
    assert!(message.contains(&format!("byte {at}")), "{message}");
}

#[test]
fn a_document_cut_in_the_middle_of_a_data_row_is_refused() {
    let scratch = seeded();
    let lines = sample_lines();
    // 单位预算支出总表, row 序号 4 (行政运行) is lines 631..=639; keep the
    // first 7 of its 9 cells.
    assert_eq!(lines[566], "单位预算支出总表");
    assert_eq!(lines[630], "\t4");
    assert_eq!(lines[632], "\t行政运行");
    let cut = scratch.write("cut.txt", join(&lines[..637]));
    let message = assert_refused(
        &scratch,
        &cut,
        &[
            "单位预算支出总表",
            "序号 4",
            "第 631 行",
            "7 格",
            "9 格",
            "row has 7 cells",
            "truncated",
        ],
    );
    assert_eq!(line_of(&message), 631);

    // The same cut in the middle of a cell, with no final newline: the row
    // ends "…411.51 | 41".
    let text = sample_text();
    let offset = lines[..634].iter().map(|l| l.len() + 1).sum::<usize>() + "\t41".len();
    assert!(text[..offset].ends_with("\t411.51\n\t41"));
    let mid_cell = scratch.write("mid-cell.txt", &text[..offset]);
    assert_refused(
        &scratch,
        &mid_cell,
        &[
            "单位预算支出总表",
            "序号 4",
            "第 631 行",
            "row has 5 cells",
            "truncated",
        ],
    );
}

#[test]
fn a_document_cut_inside_a_character_names_the_line_and_says_truncated() {
    let scratch = seeded();
    let text = sample_text();
    let lines = sample_lines();
    assert_eq!(lines[632], "\t行政运行");
    let start = lines[..632].iter().map(|l| l.len() + 1).sum::<usize>() + 1;
    // Keep "\t" and the first two of the three bytes of 行.
    let cut = scratch.write("cut-char.txt", &text.as_bytes()[..start + 2]);
    let message = assert_refused(&scratch, &cut, &[]);
    assert!(message.contains("633"), "names line 633: {message}");
    assert!(
        ["truncated", "截断", "不完整"]
            .iter()
            .any(|w| message.contains(w)),
        "says truncated: {message}"
    );
}

#[test]
fn a_document_without_any_budget_year_is_refused() {
    let scratch = seeded();
    let year_cell = "\t预算年度：2023";
    let text = sample_text();
    assert_eq!(text.matches(year_cell).count(), 9);

    // The year cell kept, but empty.
    let emptied = scratch.write("no-year-empty-cell.txt", text.replace(year_cell, "\t"));
    let message = assert_refused(&scratch, &emptied, &["预算年度", CODE, "单位预算收支总表"]);
    assert_eq!(line_of(&message), 4, "the unit's heading: {message}");

    // The label kept, with no year after it.
    let label_only = scratch.write(
        "no-year-label-only.txt",
        text.replace(year_cell, "\t预算年度："),
    );
    assert_refused(&scratch, &label_only, &["预算年度", CODE]);

    // The cell line removed: the metadata row is the first row of each
    // table, so only that row gets shorter.
    let removed: Vec<String> = sample_lines()
        .into_iter()
        .filter(|l| l != year_cell)
        .collect();
    let removed = scratch.write("no-year-removed.txt", join(&removed));
    assert_refused(&scratch, &removed, &["预算年度", CODE, "单位预算收支总表"]);
}

#[test]
fn an_amount_that_is_not_a_number_is_refused_with_table_row_and_column() {
    let scratch = seeded();
    // 单位预算支出总表, row 序号 4 行政运行 (line 631), 基本支出 (栏次 4) on line 635.
    let text = with_line(635, "\t411.51", "\t38O.00");
    let bad = scratch.write("38O.txt", text);
    let message = assert_refused(
        &scratch,
        &bad,
        &[
            "单位预算支出总表",
            "序号 4",
            "基本支出",
            "栏次 4",
            "38O.00",
            "not a number",
        ],
    );
    // The row starts on line 631; the cell itself is on line 635.
    assert!(
        [631, 635].contains(&line_of(&message)),
        "points into the row: {message}"
    );
}

#[test]
fn a_table_whose_year_contradicts_the_others_is_refused() {
    let scratch = seeded();
    // 单位预算财政拨款收支总表 starts on line 814 with its metadata row.
    let text = with_line(815, "\t预算年度：2023", "\t预算年度：2022");
    let bad = scratch.write("year-2022.txt", text);
    let message = assert_refused(
        &scratch,
        &bad,
        &["单位预算财政拨款收支总表", "预算年度", "2022", "2023"],
    );
    assert!(
        [814, 815].contains(&line_of(&message)),
        "points at the table: {message}"
    );
}

#[test]
fn a_budget_year_that_is_not_a_year_is_refused() {
    let scratch = seeded();
    // Another unit, so that no conflict with the stored sample can hide the
    // problem; the 三公 table (metadata row on line 1646) says 2O23.
    let other = as_other_unit("434011", "区测试办秦皇岛市山海关区测试办本级");
    let text = edit_line(&other, 1647, "\t预算年度：2023", "\t预算年度：2O23");
    let bad = scratch.write("year-2O23.txt", text);
    let message = assert_refused(
        &scratch,
        &bad,
        &["单位预算财政拨款“三公”经费支出表", "预算年度", "2O23"],
    );
    assert!(
        [1646, 1647].contains(&line_of(&message)),
        "points at the table: {message}"
    );
}

#[test]
fn a_table_naming_another_unit_inside_the_section_is_refused() {
    let scratch = seeded();
    let text = with_line(814, &format!("\t{CODE}{NAME}"), &format!("\t434002{NAME}"));
    let bad = scratch.write("other-unit.txt", text);
    let message = assert_refused(
        &scratch,
        &bad,
        &["单位预算财政拨款收支总表", "434002", CODE],
    );
    assert_eq!(line_of(&message), 814, "{message}");
}

#[test]
fn in_a_mixed_batch_the_good_file_lands_and_the_bad_one_does_not() {
    let scratch = seeded();
    let good = scratch.write(
        "batch/good-434009.txt",
        as_other_unit("434009", "区测试局秦皇岛市山海关区测试局本级"),
    );
    let bad = scratch.write(
        "batch/bad-38O.txt",
        with_line(635, "\t411.51", "\t38O.00").replace(CODE, "434010"),
    );
    let output = scratch
        .yusuan()
        .arg("import")
        .arg(&good)
        .arg(&bad)
        .output()
        .unwrap();
    assert_failed_exit(&output);
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{}", stderr_of(&output));
    assert_contains_all(&lines[0], &[&bad.display().to_string(), "序号 4", "38O.00"]);
    assert!(!lines[0].contains(&good.display().to_string()));
    let stdout = stdout_of(&output);
    assert!(
        stdout.contains("1 imported") && stdout.contains("1 failed"),
        "{stdout}"
    );

    let units = units_csv(&scratch);
    assert!(
        units.contains(&format!(
            "434009,区测试局秦皇岛市山海关区测试局本级,2023,预算,,万元,9,{}",
            good.display()
        )),
        "{units}"
    );
    assert!(!units.contains("434010"), "{units}");
    assert!(!units.contains(&bad.display().to_string()), "{units}");
    assert_units_list_the_sample(&scratch);
    let conn = scratch.conn();
    let documents: i64 = conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(documents, 2);
}

#[test]
fn importing_the_identical_file_twice_changes_nothing_and_says_so() {
    let scratch = seeded();
    let before = scratch.db_bytes();
    let output = scratch
        .yusuan()
        .arg("import")
        .arg(sample())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(stderr_lines(&output).is_empty(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert_contains_all(
        &stdout,
        &["未作改动", "nothing changed", "1 unchanged", "0 failed"],
    );
    assert!(scratch.db_bytes() == before, "the database changed");

    // The same bytes under another name are the same document.
    let copy = scratch.write("copy.txt", sample_text());
    let output = scratch.yusuan().arg("import").arg(&copy).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert_contains_all(
        &stdout,
        &[
            "未作改动",
            "nothing changed",
            &sample().display().to_string(),
        ],
    );
    assert!(scratch.db_bytes() == before, "the database changed");
    assert_units_list_the_sample(&scratch);
}

#[test]
fn another_document_for_the_same_unit_and_year_needs_replace() {
    let scratch = seeded();
    // The same unit and year, one narrative sentence revised.
    let last = "我单位无其他需要说明的事项。";
    let revised_text = with_line(2492, last, "我单位无其他需要说明的事项（修订版）。");
    let revised = scratch.write("revised.txt", revised_text);
    let sample_path = sample().display().to_string();

    let message = assert_refused(
        &scratch,
        &revised,
        &[CODE, "2023", &sample_path, "--replace"],
    );
    assert!(!message.contains("panicked"));

    let output = scratch
        .yusuan()
        .arg("import")
        .arg("--replace")
        .arg(&revised)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert_contains_all(&stdout, &["替换", &sample_path, "1 imported"]);

    let output = scratch
        .yusuan()
        .args(["docs", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let path_column = headers
        .iter()
        .position(|h| h == "source_path")
        .expect("source_path column");
    let paths: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[path_column].to_string())
        .collect();
    assert_eq!(paths, vec![revised.display().to_string()]);

    let units = units_csv(&scratch);
    assert!(
        units.contains(&format!(
            "{CODE},{NAME},2023,预算,,万元,9,{}",
            revised.display()
        )),
        "{units}"
    );
    assert!(!units.contains(&sample_path), "{units}");
    // Only the new document's figures are left.
    let conn = scratch.conn();
    let (disclosures, amounts): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM disclosures), (SELECT count(*) FROM figures)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((disclosures, amounts), (1, 701));
    // The replaced document's rows are gone at every level.
    let orphans: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM amounts) + (SELECT count(*) FROM lines)
                  + (SELECT count(*) FROM table_columns) + (SELECT count(*) FROM tables)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 247 + 187 + 56 + 9);
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
}

#[test]
fn a_document_cut_between_two_rows_is_refused_as_truncated() {
    let scratch = seeded();
    // The first 660 lines end cleanly after row 序号 6 of 单位预算支出总表:
    // every row is whole, but six standard tables never arrive.
    let kept: String = sample_lines()[..660]
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    let cut = scratch.write("cut-at-row.txt", kept);
    let message = assert_refused(
        &scratch,
        &cut,
        &["单位预算支出总表", "truncated", "三公经费表"],
    );
    assert!(line_of(&message) < 660, "{message}");
}

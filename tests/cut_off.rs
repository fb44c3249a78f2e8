//! A text export cut off at the end of the file: inside its last table
//! (the 三公 table, after any of its rows) it is refused, naming the table
//! and the last row read; inside the 情况说明 it imports with a warning that
//! names the place where the sentence stops.

mod common;

use common::{sample_text, stderr_of, stdout_of, Scratch};

/// The sample's lines up to and including the blank line that ends data
/// row `row` of its 三公 table, and the line (1-based) that row starts on.
fn cut_after_sangong_row(row: usize) -> (String, usize) {
    let text = sample_text();
    let lines: Vec<&str> = text.lines().collect();
    // Row 1 is 序号 1 followed by “三公”经费小计.
    let first = (1..lines.len())
        .find(|&i| lines[i - 1].trim() == "1" && lines[i].contains("“三公”经费小计"))
        .expect("the sample's 三公 table")
        - 1;
    let blanks: Vec<usize> = (first..lines.len())
        .filter(|&i| lines[i].is_empty())
        .take(row)
        .collect();
    let end = blanks[row - 1];
    let row_start = if row == 1 { first } else { blanks[row - 2] + 1 };
    (lines[..=end].join("\n") + "\n", row_start + 1)
}

#[test]
fn a_sangong_table_cut_after_any_row_is_refused_naming_the_row() {
    for row in 1..=5 {
        let scratch = Scratch::new();
        let (cut, last_row_line) = cut_after_sangong_row(row);
        let file = scratch.write("cut.txt", cut);
        let output = scratch.yusuan().arg("import").arg(&file).output().unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "row {row}: {stderr}");
        common::assert_contains_all(
            &stderr,
            &[
                "“三公”经费支出表",
                &format!("序号 {row}"),
                &format!("第 {last_row_line} 行"),
                "公务接待费",
                "truncated",
            ],
        );
    }
    // The whole table, ending the file, imports.
    let scratch = Scratch::new();
    let (whole, _) = cut_after_sangong_row(6);
    let file = scratch.write("whole-table.txt", whole);
    let output = scratch.yusuan().arg("import").arg(&file).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
}

#[test]
fn a_narrative_cut_mid_sentence_imports_with_a_warning_naming_the_line() {
    let text = sample_text();
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("收支预算总表支出栏"))
        .expect("the sample's 情况说明 paragraph");
    let sentence: String = lines[at].chars().take(40).collect();
    let cut = format!("{}\n{sentence}", lines[..at].join("\n"));
    let scratch = Scratch::new();
    let file = scratch.write("cut.txt", cut);
    let output = scratch.yusuan().arg("import").arg(&file).output().unwrap();
    let stdout = stdout_of(&output);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stdout.contains(&format!("第 {} 行", at + 1)) && stdout.contains("mid-sentence"),
        "{stdout}"
    );
    // The whole sample ends with a full sentence: no such warning.
    let scratch = Scratch::new();
    let output = scratch
        .yusuan()
        .arg("import")
        .arg(common::sample())
        .output()
        .unwrap();
    assert!(!stdout_of(&output).contains("mid-sentence"));
}

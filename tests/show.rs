//! `yusuan show UNIT YEAR [SECTION]` through the binary: every section, in
//! CSV and JSON, read back from the imported sample.

mod common;

use common::{sample, stderr_of, stdout_of, Scratch};
use serde_json::Value as Json;

fn imported() -> Scratch {
    common::seeded()
}

/// `yusuan show ARGS… --format csv`: header and records.
fn csv(scratch: &Scratch, args: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let output = scratch
        .yusuan()
        .arg("show")
        .args(args)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(common::without_money_unit)
        .collect();
    let records = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (headers, records)
}

fn json(scratch: &Scratch, args: &[&str]) -> Vec<serde_json::Map<String, Json>> {
    let output = scratch
        .yusuan()
        .arg("show")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The value of `column` in a CSV record.
fn at<'r>(headers: &[String], record: &'r [String], column: &str) -> &'r str {
    let i = headers
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column} in {headers:?}"));
    &record[i]
}

#[test]
fn overview_counts_every_part() {
    let scratch = imported();
    let (headers, records) = csv(&scratch, &["434001", "2023"]);
    let parts: Vec<(String, String, String)> = records
        .iter()
        .map(|r| {
            (
                at(&headers, r, "part").to_string(),
                at(&headers, r, "count").to_string(),
                at(&headers, r, "rows").to_string(),
            )
        })
        .collect();
    let want = [
        ("tables", "9", "187"),
        ("narrative", "10", "10"),
        ("institution", "1", "1"),
        ("procurement", "2", "4"),
        ("assets", "6", "6"),
        ("projects", "10", "52"),
        ("figures", "54", "54"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(p, c, r)| (p.to_string(), c.to_string(), r.to_string()))
        .collect();
    assert_eq!(parts, want);
    // Part of the name finds the unit too.
    let by_name = json(&scratch, &["人民政府办公室", "2023"]);
    assert_eq!(by_name.len(), 7);
    assert_eq!(by_name[5]["rows"], Json::from(52));
}

#[test]
fn tables_cell_by_cell() {
    let scratch = imported();
    let (headers, records) = csv(&scratch, &["434001", "2023", "tables"]);
    assert_eq!(records.len(), 247, "every published (non-blank) cell");
    let total = records
        .iter()
        .find(|r| {
            at(&headers, r, "table_kind") == "支出总表"
                && at(&headers, r, "name") == "合计"
                && at(&headers, r, "column_key") == "合计"
        })
        .unwrap();
    assert_eq!(at(&headers, total, "amount"), "1079.09");
    assert_eq!(at(&headers, total, "raw"), "1079.09");
    let records = json(&scratch, &["434001", "2023", "tables", "--money", "元"]);
    assert_eq!(records.len(), 247);
    let sangong = records
        .iter()
        .find(|r| r["table_kind"] == "三公经费表" && r["seq"] == "1" && r["column_key"] == "合计")
        .unwrap();
    assert_eq!(sangong["amount"], "123600.00");
    assert_eq!(sangong["amount_fen"], 12_360_000);
}

#[test]
fn narrative_sections() {
    let scratch = imported();
    let (headers, records) = csv(&scratch, &["434001", "2023", "narrative"]);
    let numbers: Vec<&str> = records.iter().map(|r| at(&headers, r, "number")).collect();
    assert_eq!(
        numbers,
        ["", "一", "二", "三", "四", "5", "六", "七", "八", "九"]
    );
    let records = json(&scratch, &["434001", "2023", "narrative"]);
    assert_eq!(records[0]["number"], Json::Null);
    assert_eq!(records[3]["heading"], "机关运行经费安排情况");
    assert!(records[3]["text"]
        .as_str()
        .unwrap()
        .contains("公务接待费0.34元"));
    assert_eq!(records[9]["text"], "我单位无其他需要说明的事项。");
}

#[test]
fn institution_row() {
    let scratch = imported();
    let (headers, records) = csv(&scratch, &["434001", "2023", "institution"]);
    assert_eq!(records.len(), 1);
    let row = &records[0];
    assert_eq!(
        [
            at(&headers, row, "name"),
            at(&headers, row, "nature"),
            at(&headers, row, "grade"),
            at(&headers, row, "funding_form"),
        ],
        [
            "区政府办秦皇岛市山海关区人民政府办公室本级",
            "行政",
            "正科级",
            "财政拨款"
        ]
    );
    let records = json(&scratch, &["434001", "2023", "institution"]);
    assert_eq!(records[0]["source_line"], 1747);
}

#[test]
fn procurement_rows() {
    let scratch = imported();
    let (headers, records) = csv(&scratch, &["434001", "2023", "procurement"]);
    let kinds: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (at(&headers, r, "kind"), at(&headers, r, "total")))
        .collect();
    assert_eq!(
        kinds,
        [
            ("total", "229.00"),
            ("subtotal", "229.00"),
            ("item", "109.00"),
            ("item", "120.00")
        ]
    );
    assert_eq!(at(&headers, &records[2], "budget"), "138.00");
    assert_eq!(at(&headers, &records[2], "catalogue_code"), "B02149900");
    assert_eq!(
        at(&headers, &records[2], "by_fund_source"),
        "一般公共预算拨款=109.00"
    );
    let records = json(&scratch, &["434001", "2023", "procurement"]);
    assert_eq!(records[3]["project"], "一中国控站点搬迁经费");
    assert_eq!(records[3]["unit_price_fen"], 120_000_000);
    assert_eq!(records[0]["budget_fen"], Json::Null, "blank stays null");
}

#[test]
fn asset_lines() {
    let scratch = imported();
    let (headers, records) = csv(&scratch, &["434001", "2023", "assets"]);
    let lines: Vec<(&str, &str, &str, &str)> = records
        .iter()
        .map(|r| {
            (
                at(&headers, r, "item"),
                at(&headers, r, "quantity"),
                at(&headers, r, "measure"),
                at(&headers, r, "value"),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("资产总额", "", "", "491.15"),
            ("房屋", "3911", "平方米", "150.00"),
            ("办公用房", "3911", "平方米", "150.00"),
            ("车辆", "8", "台、辆", "184.69"),
            ("单价在20万元以上的设备", "", "", ""),
            ("其他固定资产", "314", "", "156.46"),
        ]
    );
    let records = json(&scratch, &["434001", "2023", "assets"]);
    assert!(records.iter().all(|r| r["as_of"] == "2022-12-31"));
    assert_eq!(records[3]["value_fen"], 184_690_000);
}

#[test]
fn projects_and_indicators() {
    let scratch = imported();
    let (headers, records) = csv(&scratch, &["434001", "2023", "projects"]);
    assert_eq!(records.len(), 52);
    let cost = records
        .iter()
        .find(|r| at(&headers, r, "project") == "1" && at(&headers, r, "level2") == "成本指标")
        .unwrap();
    assert_eq!(
        [
            at(&headers, cost, "level1"),
            at(&headers, cost, "value"),
            at(&headers, cost, "comparator"),
            at(&headers, cost, "value_number"),
            at(&headers, cost, "value_unit"),
        ],
        ["产出指标", "≤2.8万元", "≤", "2.8", "万元"]
    );
    let records = json(&scratch, &["434001", "2023", "projects"]);
    let names: std::collections::BTreeSet<&str> = records
        .iter()
        .map(|r| r["project_name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 10);
    assert_eq!(records[51]["project_name"], "综合事务保障经费");
}

#[test]
fn stated_figures_keep_the_unit_as_written() {
    let scratch = imported();
    let (headers, records) = csv(&scratch, &["434001", "2023", "figures"]);
    assert_eq!(records.len(), 54);
    let reception = &records[40];
    assert_eq!(
        [
            at(&headers, reception, "claim"),
            at(&headers, reception, "item"),
            at(&headers, reception, "raw"),
            at(&headers, reception, "unit_as_written"),
            at(&headers, reception, "amount"),
        ],
        ["机关运行经费明细", "公务接待费", "0.34元", "元", "0.000034"]
    );
    let records = json(&scratch, &["434001", "2023", "figures", "--money", "元"]);
    assert_eq!(records[40]["amount"], "0.34");
    assert_eq!(records[40]["amount_fen"], 34);
    assert_eq!(records[31]["qualifier"], "增减");
    assert_eq!(records[31]["amount_fen"], -400_000);
    assert!(records[31]["sentence"]
        .as_str()
        .unwrap()
        .contains("车辆保险费减少0.4万元"));
}

#[test]
fn tables_and_markdown_for_people() {
    let scratch = imported();
    for (format, cell) in [("table", "0.34元"), ("md", "| 0.34元 |")] {
        let output = scratch
            .yusuan()
            .args(["show", "434001", "2023", "figures", "--format", format])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        let text = stdout_of(&output);
        assert!(text.contains(cell), "{format}: {text}");
        assert!(
            text.starts_with(
                "434001 区政府办秦皇岛市山海关区人民政府办公室本级 2023 年 情况说明所述金额"
            ),
            "{format}: caption"
        );
    }
}

#[test]
fn output_file_with_bom() {
    let scratch = imported();
    let path = scratch.path("figures.csv");
    let output = scratch
        .yusuan()
        .args([
            "show", "434001", "2023", "figures", "--format", "csv", "--bom", "-o",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFordinal,section,claim"));
    assert_eq!(String::from_utf8(bytes).unwrap().lines().count(), 55);
}

#[test]
fn unknown_or_ambiguous_units_are_refused() {
    let scratch = imported();
    let output = scratch
        .yusuan()
        .args(["show", "434001", "2019"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr_of(&output);
    assert!(
        message.contains("没有找到单位「434001」2019 年") && message.contains("2023"),
        "{message}"
    );
    assert!(stdout_of(&output).is_empty());
    let other = std::fs::read_to_string(sample())
        .unwrap()
        .replace("434001", "434009")
        .replace("人民政府办公室本级", "人民政府办公室分部");
    let file = scratch.write("other.txt", other);
    scratch.yusuan().arg("import").arg(&file).assert().success();
    let output = scratch
        .yusuan()
        .args(["show", "人民政府办公室", "2023", "institution"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr_of(&output);
    assert!(
        message.contains("434001") && message.contains("434009") && message.contains("ambiguous"),
        "{message}"
    );
    // A code is never ambiguous.
    let (_, records) = csv(&scratch, &["434009", "2023", "institution"]);
    assert_eq!(records[0][1], "区政府办秦皇岛市山海关区人民政府办公室分部");
}

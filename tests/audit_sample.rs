//! The real sample's audit findings, reviewed by hand. Every finding below
//! is true (checked against the document), and no inconsistency of the
//! kinds the rules cover is missing: the list is exact.

mod common;

use common::{sample, Scratch};

/// (rule, table, 序号, column, published 分, expected 分): why it is true.
const REVIEWED: &[(&str, &str, &str, &str, i64, i64, &str)] = &[
    // 款 20805 行政事业单位养老支出 prints 155.59; its 项 2080501 103.80 + 2080505 51.80 = 155.60.
    (
        "hierarchy.parent",
        "收入总表",
        "7",
        "合计",
        155_590_000,
        155_600_000,
        "20805 is a cent short of its 项",
    ),
    (
        "hierarchy.parent",
        "收入总表",
        "7",
        "本年收入",
        155_590_000,
        155_600_000,
        "same row, 本年收入 column",
    ),
    (
        "hierarchy.parent",
        "收入总表",
        "7",
        "财政拨款收入",
        155_590_000,
        155_600_000,
        "same row, 财政拨款收入 column",
    ),
    (
        "hierarchy.parent",
        "支出总表",
        "7",
        "合计",
        155_590_000,
        155_600_000,
        "20805 repeated in 支出总表",
    ),
    (
        "hierarchy.parent",
        "支出总表",
        "7",
        "基本支出",
        155_590_000,
        155_600_000,
        "its 基本支出 column",
    ),
    (
        "hierarchy.parent",
        "一般公共预算支出表",
        "7",
        "合计",
        155_590_000,
        155_600_000,
        "20805 repeated again",
    ),
    (
        "hierarchy.parent",
        "一般公共预算支出表",
        "7",
        "基本支出",
        155_590_000,
        155_600_000,
        "its 基本支出 column",
    ),
    // 合计 1079.09 while the 类 681.91 + 158.92 + 60.47 + 138.00 + 39.78 = 1079.08 (208 inherits 20805's cent).
    (
        "hierarchy.total",
        "收入总表",
        "1",
        "合计",
        1_079_090_000,
        1_079_080_000,
        "合计 a cent above Σ类",
    ),
    (
        "hierarchy.total",
        "收入总表",
        "1",
        "本年收入",
        1_079_090_000,
        1_079_080_000,
        "same, 本年收入",
    ),
    (
        "hierarchy.total",
        "收入总表",
        "1",
        "财政拨款收入",
        1_079_090_000,
        1_079_080_000,
        "same, 财政拨款收入",
    ),
    (
        "hierarchy.total",
        "支出总表",
        "1",
        "合计",
        1_079_090_000,
        1_079_080_000,
        "same in 支出总表",
    ),
    (
        "hierarchy.total",
        "支出总表",
        "1",
        "基本支出",
        670_690_000,
        670_680_000,
        "基本 670.69 vs 411.51+158.92+60.47+39.78",
    ),
    (
        "hierarchy.total",
        "一般公共预算支出表",
        "1",
        "合计",
        1_079_090_000,
        1_079_080_000,
        "same in 一般公共预算支出表",
    ),
    (
        "hierarchy.total",
        "一般公共预算支出表",
        "1",
        "基本支出",
        670_690_000,
        670_680_000,
        "its 基本支出",
    ),
    // 基本支出表 合计 670.69 vs 301 510.33 + 302 58.68 + 303 101.67 = 670.68, and vs 612.00 + 58.68.
    (
        "hierarchy.total",
        "基本支出表",
        "1",
        "合计",
        670_690_000,
        670_680_000,
        "合计 a cent above Σ类",
    ),
    (
        "identity.basic",
        "基本支出表",
        "1",
        "合计",
        670_690_000,
        670_680_000,
        "合计 ≠ 人员经费 612.00 + 公用经费 58.68",
    ),
    // 三公 小计 12.36 vs 出国 (blank) + 公务用车 10.86 + 接待 1.49 = 12.35.
    (
        "identity.sangong_total",
        "三公经费表",
        "1",
        "合计",
        12_360_000,
        12_350_000,
        "小计 a cent above its parts",
    ),
    (
        "identity.sangong_total",
        "三公经费表",
        "1",
        "一般公共预算",
        12_360_000,
        12_350_000,
        "same, 一般公共预算 column",
    ),
    // 本年支出合计 1079.09 vs the 类 lines summing to 1079.08.
    (
        "balance.subtotal",
        "收支总表",
        "32",
        "预算数",
        1_079_090_000,
        1_079_080_000,
        "本年支出合计 vs Σ类 lines",
    ),
    (
        "balance.subtotal",
        "财政拨款收支总表",
        "32",
        "合计",
        1_079_090_000,
        1_079_080_000,
        "same in 财政拨款收支总表",
    ),
    (
        "balance.subtotal",
        "财政拨款收支总表",
        "32",
        "一般公共预算",
        1_079_090_000,
        1_079_080_000,
        "its 一般公共预算 column",
    ),
];

#[test]
fn the_sample_findings_are_exactly_the_reviewed_ones() {
    let scratch = Scratch::new();
    scratch
        .yusuan()
        .arg("import")
        .arg(sample())
        .assert()
        .success();
    let conn = scratch.conn();
    let mut stored: Vec<(String, String, String, String, i64, i64, String)> = conn
        .prepare(
            "SELECT rule, table_kind, seq, column_key, published_fen, expected_fen, severity
             FROM findings WHERE rule NOT LIKE 'narrative.%' ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // Every one is within 0.01 万元 per summed figure: rounding, not error.
    assert!(stored.iter().all(|f| f.6 == "rounding"), "{stored:?}");
    let mut expected: Vec<(String, String, String, String, i64, i64, String)> = REVIEWED
        .iter()
        .map(|(rule, table, seq, column, published, expected, _why)| {
            (
                rule.to_string(),
                table.to_string(),
                seq.to_string(),
                column.to_string(),
                *published,
                *expected,
                "rounding".to_string(),
            )
        })
        .collect();
    stored.sort();
    expected.sort();
    assert_eq!(stored, expected);
}

#[test]
fn check_shows_the_evidence_through_the_binary() {
    let scratch = Scratch::new();
    scratch
        .yusuan()
        .arg("import")
        .arg(sample())
        .assert()
        .success();
    let output = scratch
        .yusuan()
        .args([
            "check", "--unit", "434001", "--year", "2023", "--format", "csv",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let csv = common::stdout_of(&output);
    assert!(csv.contains(
        "三公经费表[“三公”经费小计 合计] 12.36 ≠ 三公经费表[一、因公出国（境）费 合计] 空 + \
         三公经费表[二、公务用车购置及运维费 合计] 10.86 + 三公经费表[三、公务接待费 合计] 1.49 = 12.35（差 0.01 万元）"
    ), "{csv}");
    let errors = scratch
        .yusuan()
        .args(["check", "--severity", "error", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        common::stdout_of(&errors).lines().count(),
        1,
        "header only: no errors among the tables"
    );
    let bad = scratch
        .yusuan()
        .args(["check", "--severity", "fatal"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(common::stderr_of(&bad).contains("--severity fatal"));
}

#[test]
fn the_matrix_shows_present_and_empty_tables() {
    let scratch = Scratch::new();
    scratch
        .yusuan()
        .arg("import")
        .arg(sample())
        .assert()
        .success();
    let output = scratch
        .yusuan()
        .args(["check", "--matrix", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        common::stdout_of(&output),
        "unit_code,unit_name,2023\n434001,区政府办秦皇岛市山海关区人民政府办公室本级,9/9 空(注):政府性基金支出表、国有资本经营支出表\n"
    );
}

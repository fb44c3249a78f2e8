//! The real sample's audit findings, reviewed by hand. Every finding below
//! is true (checked against the document), and no inconsistency of the
//! kinds the rules cover is missing: the list is exact. Not findings, on
//! purpose: 1079.09 − 702.04 = 377.05 (the stated change is right), and the
//! narrative's 其他商品和服务支出 2.52 vs 30299's 9.17 (the narrative splits that
//! 款 into 离休干部公用经费 6.13 + 党组织活动经费 0.52 + 2.52).

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

/// (rule, severity, table, column, stated 分, table 分): why it is true.
const NARRATIVE: &[(&str, &str, &str, &str, i64, i64, &str)] = &[
    (
        "narrative.stated",
        "error",
        "收支总表",
        "预算数",
        702_040_000,
        1_079_090_000,
        "支出说明: “2023年预算支出为702.04万元” — last year's figure; the tables say 1079.09",
    ),
    (
        "narrative.stated",
        "rounding",
        "三公经费表",
        "合计",
        12_350_000,
        12_360_000,
        "“三公”经费预算安排12.35万元 vs the table's 小计 12.36",
    ),
    (
        "narrative.unit_slip",
        "warning",
        "基本支出表",
        "合计",
        34,
        340_000,
        "公务接待费0.34元: 30217 公务接待费 is 0.34 万元",
    ),
    (
        "narrative.unit_slip",
        "warning",
        "基本支出表",
        "合计",
        611,
        6_110_000,
        "工会经费6.11元: 30228 工会经费 is 6.11 万元",
    ),
    (
        "narrative.unit_slip",
        "warning",
        "基本支出表",
        "合计",
        412,
        4_120_000,
        "福利费4.12元: 30229 福利费 is 4.12 万元",
    ),
    (
        "narrative.unit_slip",
        "warning",
        "三公经费表",
        "合计",
        149,
        1_490_000,
        "三公 paragraph: 公务接待费1.49元; the table's 公务接待费 is 1.49 万元",
    ),
    (
        "narrative.projects",
        "error",
        "",
        "",
        408_400_000,
        398_400_000,
        "项目支出408.4万元 but the ten listed projects add up to 398.4万元",
    ),
    (
        "narrative.operating_items",
        "error",
        "",
        "",
        58_680_000,
        48_111_057,
        "机关运行经费58.68万元 vs its items as written (three of them in 元) = 481,110.57 元",
    ),
];

#[test]
fn the_sample_findings_are_exactly_the_reviewed_ones() {
    let scratch = common::seeded();
    let conn = scratch.conn();
    let mut stored: Vec<(String, String, String, String, i64, i64, String)> = common::tuples(
        &conn,
        "SELECT rule, coalesce(table_kind, ''), coalesce(seq, ''), coalesce(column_key, ''), published_fen, expected_fen, severity
             FROM findings ORDER BY id",
    );
    // Every table finding is within 0.01 万元 per summed figure: rounding.
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
        .chain(NARRATIVE.iter().map(
            |(rule, severity, table, column, published, expected, _why)| {
                (
                    rule.to_string(),
                    table.to_string(),
                    String::new(),
                    column.to_string(),
                    *published,
                    *expected,
                    severity.to_string(),
                )
            },
        ))
        .collect();
    for f in &mut stored {
        // Narrative findings have no 序号; compare them on the other fields.
        if f.0.starts_with("narrative.") {
            f.2 = String::new();
        }
    }
    stored.sort();
    expected.sort();
    assert_eq!(stored, expected);
}

#[test]
fn check_shows_the_evidence_through_the_binary() {
    let scratch = Scratch::new();
    let imported = scratch
        .yusuan()
        .arg("import")
        .arg(sample())
        .output()
        .unwrap();
    assert!(imported.status.success());
    // The import says there is something to look at, and how to see it.
    let said = common::stdout_of(&imported);
    assert!(
        said.contains("(29 findings, 3 errors): yusuan check --unit 434001 --year 2023"),
        "{said}"
    );
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
    let errors = common::stdout_of(&errors);
    let rules: Vec<&str> = errors
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap())
        .collect();
    // The tables only round; the errors are the narrative's.
    assert_eq!(
        rules,
        vec![
            "narrative.stated",
            "narrative.projects",
            "narrative.operating_items"
        ],
        "{errors}"
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
        "unit_code,unit_name,2023\n434001,区政府办秦皇岛市山海关区人民政府办公室本级,9/9 空(注):政府性基金支出表、国有资本经营支出表 说明7/7\n"
    );
}

/// The 2023 sample says 2022's budget was 702.04万元; held against the
/// stored 2022 document of the same unit, whichever is imported first.
#[test]
fn the_stated_previous_year_is_held_against_last_years_document() {
    let demo = common::fixture("demo");
    for order in [
        ["434001-2022.txt", "shanhaiguan-zfb-2023.txt"],
        ["shanhaiguan-zfb-2023.txt", "434001-2022.txt"],
    ] {
        let scratch = Scratch::new();
        for file in order {
            scratch
                .yusuan()
                .arg("import")
                .arg(demo.join(file))
                .assert()
                .success();
        }
        let conn = scratch.conn();
        let last_year: i64 = conn
            .query_row(
                "SELECT fen FROM figures WHERE unit_code = '434001' AND year = 2022 AND table_kind = '收支总表'
                   AND item = '本年支出合计' AND column_key = '预算数'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let found: Vec<(i64, i64, i64)> = conn
            .prepare(
                "SELECT d.year, f.published_fen, f.expected_fen FROM findings f
                 JOIN disclosures d ON d.id = f.disclosure_id WHERE f.rule = 'narrative.previous_year'",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(found, vec![(2023, 702_040_000, last_year)], "{order:?}");
    }
    // Generated years state last year's figure as it was published: no finding.
    let scratch = Scratch::new();
    for file in ["434002-2021.txt", "434002-2022.txt", "434002-2023.txt"] {
        scratch
            .yusuan()
            .arg("import")
            .arg(demo.join(file))
            .assert()
            .success();
    }
    let none: i64 = scratch
        .conn()
        .query_row(
            "SELECT count(*) FROM findings WHERE rule = 'narrative.previous_year'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(none, 0);
}

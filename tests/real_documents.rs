//! Every real disclosure PDF in tests/fixtures/pdf/real/ (Shanghai 普陀区
//! 2023–2026 部门/单位预算 and a 决算, Jiangsu 省级 2017–2019) imported through
//! the binary: who published it, for which year, stage and scope, which
//! standard tables were recognised, and, for the tables hand-checked in
//! tests/fixtures/pdf/expected/, every printed amount stored once with its
//! exact value in 分 in the table's published unit.

mod common;

use common::Scratch;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

fn real(name: &str) -> PathBuf {
    common::fixture(&format!("pdf/real/{name}.pdf"))
}

/// (file stem, unit name, year, stage, scope, standard tables recognised)
const DOCUMENTS: &[(&str, &str, i64, &str, &str, i64)] = &[
    (
        "JS_江苏省人民检察院_2017年省检察院部门预算",
        "江苏省人民检察院",
        2017,
        "预算",
        "部门",
        10,
    ),
    (
        "JS_江苏省人民检察院_2018年省检察院部门预算公开",
        "江苏省人民检察院",
        2018,
        "预算",
        "部门",
        10,
    ),
    (
        "JS_江苏省政协办公厅_2017年度部门预算公开表",
        "江苏省政协办公厅",
        2017,
        "预算",
        "部门",
        10,
    ),
    // The 2018 and 2019 公开表 print no 部门/单位 anywhere: the scope is not guessed.
    (
        "JS_江苏省政协办公厅_江苏省政协办公厅2018度部门预算公开表",
        "江苏省政协办公厅",
        2018,
        "预算",
        "",
        10,
    ),
    (
        "JS_江苏省政协办公厅_江苏省政协办公厅2019年预算公开表",
        "江苏省政协办公厅",
        2019,
        "预算",
        "",
        10,
    ),
    (
        "SH-Putuo_万里街道办事处_2023_部门预算",
        "上海市普陀区人民政府万里街道办事处",
        2023,
        "预算",
        "部门",
        9,
    ),
    (
        "SH-Putuo_万里街道办事处_2024_部门预算",
        "上海市普陀区人民政府万里街道办事处",
        2024,
        "预算",
        "部门",
        9,
    ),
    (
        "SH-Putuo_区政府办公室_2025_单位预算",
        "上海市普陀区人民政府办公室",
        2025,
        "预算",
        "单位",
        9,
    ),
    (
        "SH-Putuo_区政府办公室_2025_部门预算",
        "上海市普陀区人民政府办公室",
        2025,
        "预算",
        "部门",
        9,
    ),
    (
        "SH-Putuo_司法局_2026_单位预算",
        "上海市普陀区司法局",
        2026,
        "预算",
        "单位",
        9,
    ),
    (
        "SH-Putuo_司法局_2026_部门预算",
        "上海市普陀区司法局",
        2026,
        "预算",
        "部门",
        9,
    ),
    (
        "SH-Putuo_财政局_2024_部门决算",
        "上海市普陀区财政局",
        2024,
        "决算",
        "部门",
        9,
    ),
    (
        "SH-Putuo_财政局_2025_部门预算",
        "上海市普陀区财政局",
        2025,
        "预算",
        "部门",
        9,
    ),
];

fn imported(stem: &str) -> Scratch {
    let scratch = Scratch::new();
    let output = scratch
        .yusuan()
        .arg("import")
        .arg(real(stem))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{stem}: {}",
        common::stderr_of(&output)
    );
    scratch
}

/// The hand-checked tables of a document: title → every printed amount.
fn printed_amounts(stem: &str) -> Vec<(String, Vec<String>)> {
    let path = common::fixture(&format!("pdf/expected/{stem}.txt"));
    let Ok(golden) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    for line in golden.lines() {
        if let Some(rest) = line.strip_prefix("## ") {
            let title = rest.split_once(": ").map_or(rest, |(_, t)| t);
            tables.push((title.to_string(), Vec::new()));
        } else if line.starts_with("# ") || line.is_empty() {
            continue;
        } else if let Some((_, amounts)) = tables.last_mut() {
            for cell in line.split('|') {
                let text: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
                let text = text.split('<').next().unwrap_or("").to_string();
                if is_amount(&text) {
                    amounts.push(text);
                }
            }
        }
    }
    tables
}

/// A printed figure or code: digits with an optional point and separators.
fn is_amount(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && text.bytes().any(|b| b.is_ascii_digit())
}

fn fen(text: &str, unit: &str) -> i64 {
    let value = Decimal::from_str(&text.replace(',', "")).unwrap();
    let per = if unit == "万元" { 1_000_000 } else { 100 };
    let fen = value * Decimal::from(per);
    assert!(fen.fract().is_zero(), "{text} {unit}");
    i64::try_from(fen).unwrap()
}

#[test]
fn every_real_table_document_lands_with_its_unit_year_stage_and_scope() {
    for &(stem, name, year, stage, scope, tables) in DOCUMENTS {
        let scratch = imported(stem);
        let row: (String, i64, String, String, i64) = scratch
            .conn()
            .query_row(
                "SELECT unit_name, year, stage, scope,
                        (SELECT count(*) FROM tables t WHERE t.disclosure_id = d.id)
                 FROM disclosures d",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(
            row,
            (name.into(), year, stage.into(), scope.into(), tables),
            "{stem}"
        );
    }
}

#[test]
fn every_hand_checked_amount_is_stored_once_with_its_exact_value() {
    let mut checked = 0;
    for &(stem, ..) in DOCUMENTS {
        let golden = printed_amounts(stem);
        if golden.is_empty() {
            continue;
        }
        let scratch = imported(stem);
        for (title, printed) in golden {
            // The stored table of that title (a heading printed at the foot
            // of the page before, 第二部分…, is not part of it): its amounts'
            // raw texts and values, and the table's unit.
            let found: Vec<(i64, String)> = common::tuples(
                &scratch.conn(),
                &format!(
                    "SELECT id, amount_unit FROM tables WHERE replace(title, ' ', '') = '{}'",
                    title.replace('\'', "''")
                ),
            );
            let kinds = found.len();
            let (id, unit) = found.first().cloned().unwrap_or_default();
            let stored: Vec<(String, Option<i64>, String)> = common::tuples(
                &scratch.conn(),
                &format!(
                    "SELECT a.raw, a.fen, t.amount_unit FROM amounts a
                     JOIN lines l ON l.id = a.line_id JOIN tables t ON t.id = l.table_id
                     WHERE t.id = {id}"
                ),
            );
            assert_eq!(kinds, 1, "{stem}: no stored table titled {title}");
            // Figures printed with a point or separators are compared as a
            // multiset; a plain integer may be a 科目 code part (204, 06), so
            // plain integers stored as amounts must each have been printed.
            let formatted = |t: &String| t.contains(['.', ',']);
            let mut want: BTreeMap<&str, usize> = BTreeMap::new();
            for text in printed.iter().filter(|t| formatted(t)) {
                *want.entry(text).or_default() += 1;
            }
            let mut got: BTreeMap<&str, usize> = BTreeMap::new();
            for (raw, value, _) in &stored {
                if is_amount(raw) {
                    assert_eq!(*value, Some(fen(raw, &unit)), "{stem} {title}: {raw}");
                    if formatted(raw) {
                        *got.entry(raw).or_default() += 1;
                    } else {
                        assert!(
                            printed.contains(raw),
                            "{stem} {title}: {raw} was not printed"
                        );
                    }
                }
            }
            assert_eq!(got, want, "{stem}: {title}");
            checked += printed.len();
        }
    }
    assert!(checked > 2_000, "only {checked} amounts checked");
}

/// Every finding the audit makes on the real files, each a fault of the
/// document itself (the figures quoted are the printed ones), or a table
/// the document does not publish. (severity, rule, table, code, column)
type Expected = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const FINDINGS: &[(&str, &[Expected])] = &[
    // 司法局 2026 单位预算, 支出总表 and 一般公共预算支出表: the row 2040601 行政运行
    // prints 项目支出 64,840,547.00, the figure of its 款 20406 司法, so the
    // row and the 款 do not add up; its 基本支出 合计 22,118,861.00 drops the
    // 0.34 元 its classes and the 基本支出表 carry.
    (
        "SH-Putuo_司法局_2026_单位预算",
        &[
            ("error", "hierarchy.parent", "支出总表", "20406", "项目支出"),
            (
                "error",
                "hierarchy.parent",
                "一般公共预算支出表",
                "20406",
                "项目支出",
            ),
            (
                "error",
                "identity.expenditure",
                "支出总表",
                "2040601",
                "合计",
            ),
            (
                "error",
                "identity.expenditure",
                "一般公共预算支出表",
                "2040601",
                "合计",
            ),
            ("rounding", "hierarchy.total", "支出总表", "", "基本支出"),
            (
                "rounding",
                "hierarchy.total",
                "一般公共预算支出表",
                "",
                "基本支出",
            ),
            ("rounding", "identity.expenditure", "支出总表", "", "合计"),
            (
                "rounding",
                "identity.expenditure",
                "一般公共预算支出表",
                "",
                "合计",
            ),
            (
                "rounding",
                "cross_table.basic",
                "一般公共预算支出表",
                "",
                "基本支出",
            ),
            ("rounding", "cross_table.basic", "支出总表", "", "基本支出"),
        ],
    ),
    // 财政局 2024 决算: the 情况说明 says 财政拨款收入支出总计 0.3万元 where its
    // 财政拨款收入支出决算总表 prints 2,961.68; the tables' 万元 figures are
    // rounded one by one, so 合计 rows differ from their classes by 0.01.
    (
        "SH-Putuo_财政局_2024_部门决算",
        &[
            (
                "error",
                "narrative.stated",
                "财政拨款收支总表",
                "",
                "决算数",
            ),
            (
                "rounding",
                "hierarchy.total",
                "收入总表",
                "",
                "本年收入合计",
            ),
            (
                "rounding",
                "hierarchy.total",
                "收入总表",
                "",
                "财政拨款收入",
            ),
            (
                "rounding",
                "hierarchy.total",
                "支出总表",
                "",
                "本年支出合计",
            ),
            ("rounding", "hierarchy.total", "支出总表", "", "基本支出"),
            (
                "rounding",
                "hierarchy.total",
                "一般公共预算支出表",
                "",
                "合计",
            ),
            (
                "rounding",
                "hierarchy.total",
                "一般公共预算支出表",
                "",
                "基本支出",
            ),
            ("rounding", "hierarchy.parent", "基本支出表", "301", "合计"),
            ("rounding", "hierarchy.parent", "基本支出表", "301", "合计"),
            ("rounding", "cross_table.class", "收支总表", "", "决算数"),
            (
                "rounding",
                "cross_table.class",
                "财政拨款收支总表",
                "",
                "一般公共预算",
            ),
        ],
    ),
    // 检察院 2017: the 情况说明 says 基本支出 12,323.46万元, the 支出预算总表
    // prints 12,323.48; its 政府性基金 table is printed empty without a note;
    // Jiangsu publishes no 国有资本经营 table; its 情况说明 (第三部分, 一 to
    // 十二, one per table) has no part on 绩效 or 国有资产.
    (
        "JS_江苏省人民检察院_2017年省检察院部门预算",
        &[
            ("error", "narrative.stated", "支出总表", "", "基本支出"),
            ("warning", "completeness.narrative", "", "", ""),
            (
                "warning",
                "completeness.empty_note",
                "政府性基金支出表",
                "",
                "",
            ),
            (
                "warning",
                "completeness.table",
                "国有资本经营支出表",
                "",
                "",
            ),
        ],
    ),
    // 检察院 2018: the 情况说明 has 绩效 (十三、其他重要事项 (一)) but no part
    // on 国有资产.
    (
        "JS_江苏省人民检察院_2018年省检察院部门预算公开",
        &[
            ("warning", "completeness.narrative", "", "", ""),
            (
                "warning",
                "completeness.empty_note",
                "政府性基金支出表",
                "",
                "",
            ),
            (
                "warning",
                "completeness.table",
                "国有资本经营支出表",
                "",
                "",
            ),
        ],
    ),
    // The 政协 公开表 are the tables alone: their 情况说明 is a PDF of its own.
    (
        "JS_江苏省政协办公厅_2017年度部门预算公开表",
        &[
            ("warning", "completeness.narrative", "", "", ""),
            (
                "warning",
                "completeness.table",
                "国有资本经营支出表",
                "",
                "",
            ),
        ],
    ),
    (
        "JS_江苏省政协办公厅_江苏省政协办公厅2018度部门预算公开表",
        &[
            ("warning", "completeness.narrative", "", "", ""),
            (
                "warning",
                "completeness.table",
                "国有资本经营支出表",
                "",
                "",
            ),
        ],
    ),
    (
        "JS_江苏省政协办公厅_江苏省政协办公厅2019年预算公开表",
        &[
            ("warning", "completeness.narrative", "", "", ""),
            (
                "warning",
                "completeness.table",
                "国有资本经营支出表",
                "",
                "",
            ),
        ],
    ),
    ("SH-Putuo_万里街道办事处_2023_部门预算", &[]),
    ("SH-Putuo_万里街道办事处_2024_部门预算", &[]),
    ("SH-Putuo_区政府办公室_2025_单位预算", &[]),
    ("SH-Putuo_区政府办公室_2025_部门预算", &[]),
    ("SH-Putuo_司法局_2026_部门预算", &[]),
    ("SH-Putuo_财政局_2025_部门预算", &[]),
];

#[test]
fn every_finding_on_the_real_files_is_a_fault_of_the_document() {
    for &(stem, expected) in FINDINGS {
        let scratch = imported(stem);
        let mut found: Vec<(String, String, String, String, String)> = common::tuples(
            &scratch.conn(),
            "SELECT severity, rule, coalesce(table_kind, ''), coalesce(code, ''), coalesce(column_key, '')
             FROM findings",
        );
        let mut expected: Vec<(String, String, String, String, String)> = expected
            .iter()
            .map(|(a, b, c, d, e)| {
                (
                    a.to_string(),
                    b.to_string(),
                    c.to_string(),
                    d.to_string(),
                    e.to_string(),
                )
            })
            .collect();
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "{stem}");
    }
}

/// Jiangsu's 支出预算总表 is one 合计 row: `yoy --by function` reads the
/// classes of the 财政拨款支出预算表 instead (every 类 of 2017 and 2018).
#[test]
fn yoy_by_function_reads_the_classes_where_the_expenditure_summary_has_none() {
    let scratch = Scratch::new();
    for stem in [
        "JS_江苏省政协办公厅_2017年度部门预算公开表",
        "JS_江苏省政协办公厅_江苏省政协办公厅2018度部门预算公开表",
    ] {
        let output = scratch
            .yusuan()
            .arg("import")
            .arg(real(stem))
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", common::stderr_of(&output));
    }
    let output = scratch
        .yusuan()
        .args(["yoy", "--unit", "政协", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
    let stdout = common::stdout_of(&output);
    let codes: Vec<&str> = stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(2))
        .collect();
    assert_eq!(codes, ["201", "208", "221", ""], "{stdout}");
    assert!(
        stdout.contains(",201,一般公共服务支出,6463.55,7747.46,"),
        "{stdout}"
    );
}

//! Tests of the fixture generator itself: layout, internal consistency,
//! units, encodings and determinism. Everything is checked by reading the
//! rendered text back with a small splitter written here from FORMAT.md, so
//! the tests do not trust the generator's own notion of rows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proptest::prelude::*;
use yusuan_fixture::{
    format_amount, realistic_unit, render_bytes, render_text, sample_unit_2023, unit_roster,
    AmountUnit, EconomicLine, FunctionLine, RenderOptions, Sangong, TextEncoding, UnitSpec,
};

// ---------------------------------------------------------------- splitter

/// A table as read back: its title paragraph and its rows of cells.
#[derive(Debug, Clone)]
struct Table {
    title: String,
    rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
enum Block {
    Paragraph(String),
    Table(Table),
}

/// FORMAT.md's rules: a tab line is a cell, a blank line ends a row, two
/// blank lines or a paragraph end a table. A table's title is the paragraph
/// before it.
fn split(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut table: Option<Vec<Vec<String>>> = None;
    let mut row: Vec<String> = Vec::new();
    let mut blanks = 0;
    let mut last_paragraph = String::new();
    let close = |blocks: &mut Vec<Block>, table: &mut Option<Vec<Vec<String>>>, title: &str| {
        if let Some(rows) = table.take() {
            blocks.push(Block::Table(Table {
                title: title.to_string(),
                rows,
            }));
        }
    };
    for line in text.lines() {
        if let Some(cell) = line.strip_prefix('\t') {
            row.push(cell.to_string());
            blanks = 0;
            table.get_or_insert_with(Vec::new);
        } else if line.is_empty() {
            blanks += 1;
            if !row.is_empty() {
                table
                    .get_or_insert_with(Vec::new)
                    .push(std::mem::take(&mut row));
            }
            if blanks >= 2 {
                close(&mut blocks, &mut table, &last_paragraph);
            }
        } else {
            if !row.is_empty() {
                table
                    .get_or_insert_with(Vec::new)
                    .push(std::mem::take(&mut row));
            }
            close(&mut blocks, &mut table, &last_paragraph);
            blanks = 0;
            last_paragraph = line.to_string();
            blocks.push(Block::Paragraph(line.to_string()));
        }
    }
    if !row.is_empty() {
        table.get_or_insert_with(Vec::new).push(row);
    }
    close(&mut blocks, &mut table, &last_paragraph);
    blocks
}

fn tables(text: &str) -> Vec<Table> {
    split(text)
        .into_iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .collect()
}

/// The nine standard tables (the narrative's own tables follow them).
fn standard_tables(text: &str) -> Vec<Table> {
    tables(text)
        .into_iter()
        .filter(|t| t.title.starts_with("单位预算"))
        .collect()
}

fn paragraphs(text: &str) -> Vec<String> {
    split(text)
        .into_iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Table(_) => None,
        })
        .collect()
}

/// The rows after the 栏次 row.
fn data_rows(table: &Table) -> &[Vec<String>] {
    let lanci = lanci_index(table);
    &table.rows[lanci + 1..]
}

fn lanci_index(table: &Table) -> usize {
    table
        .rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("栏次"))
        .unwrap_or_else(|| panic!("no 栏次 row in {}", table.title))
}

fn find<'a>(tables: &'a [Table], title: &str) -> &'a Table {
    tables
        .iter()
        .find(|t| t.title == title)
        .unwrap_or_else(|| panic!("no table {title}"))
}

/// An amount cell in hundredths of the published unit; blank is None.
fn amount(cell: &str) -> Option<i128> {
    if cell.is_empty() {
        return None;
    }
    let plain = cell.replace(',', "");
    let (negative, digits) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, plain),
    };
    let (whole, frac) = digits
        .split_once('.')
        .unwrap_or_else(|| panic!("not an amount: {cell:?}"));
    assert_eq!(frac.len(), 2, "two decimals: {cell:?}");
    let value = whole.parse::<i128>().unwrap() * 100 + frac.parse::<i128>().unwrap();
    Some(if negative { -value } else { value })
}

fn amt(row: &[String], column: usize) -> i128 {
    amount(&row[column]).unwrap_or(0)
}

/// Hundredths of 万元 for a fen amount (fixtures use whole 0.01 万元).
fn wan(fen: i64) -> i128 {
    assert_eq!(fen % 10_000, 0, "not a whole 0.01 万元: {fen}");
    i128::from(fen / 10_000)
}

const TITLES: [&str; 9] = [
    "单位预算收支总表",
    "单位预算收入总表",
    "单位预算支出总表",
    "单位预算财政拨款收支总表",
    "单位预算一般公共预算财政拨款支出表",
    "单位预算一般公共预算财政拨款基本支出表",
    "单位预算政府基金预算财政拨款支出表",
    "单位预算国有资本经营预算财政拨款支出表",
    "单位预算财政拨款“三公”经费支出表",
];

// ---------------------------------------------------------------- checks

/// Every layout rule a recogniser relies on, for a one-unit document.
fn check_layout(unit: &UnitSpec, text: &str, label: &str) {
    let tables = standard_tables(text);
    let titles: Vec<&str> = tables.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, TITLES, "table order");
    // Header rows before 栏次: (cells per header row..., columns).
    let shapes: [(&[usize], usize); 9] = [
        (&[3, 5], 5),
        (&[5, 13], 13),
        (&[8, 9], 9),
        (&[3, 8], 8),
        (&[5, 6], 6),
        (&[3, 6], 6),
        (&[5, 6], 6),
        (&[5, 6], 6),
        (&[3, 6], 6),
    ];
    for (table, (headers, width)) in tables.iter().zip(shapes) {
        let meta = &table.rows[0];
        assert_eq!(
            meta,
            &[
                format!("{}{}", unit.code, unit.name),
                format!("预算年度：{}", unit.year),
                format!("单位：{label}"),
            ]
        );
        let lanci = lanci_index(table);
        let header_widths: Vec<usize> = table.rows[1..lanci].iter().map(Vec::len).collect();
        assert_eq!(header_widths, headers, "{}", table.title);
        let expected_lanci: Vec<String> = std::iter::once("栏次".to_string())
            .chain((1..width).map(|n| n.to_string()))
            .collect();
        assert_eq!(table.rows[lanci], expected_lanci, "{}", table.title);
        for (i, row) in data_rows(table).iter().enumerate() {
            assert_eq!(row.len(), width, "{} row {i}", table.title);
            if !table.title.contains("政府基金") && !table.title.contains("国有资本") {
                assert_eq!(row[0], (i + 1).to_string(), "{} 序号", table.title);
            }
        }
    }
    let rows = |title| data_rows(find(&tables, title)).len();
    assert_eq!(rows("单位预算收支总表"), 34);
    assert_eq!(rows("单位预算财政拨款收支总表"), 37);
    assert_eq!(rows("单位预算财政拨款“三公”经费支出表"), 6);
    for title in [TITLES[6], TITLES[7]] {
        let body = data_rows(find(&tables, title));
        assert_eq!(body, [vec![String::new(); 6]], "{title} is one empty row");
    }
    let paras = paragraphs(text);
    assert!(paras
        .iter()
        .any(|p| p.starts_with("注：无政府基金预算财政拨款预算")));
    assert!(paras
        .iter()
        .any(|p| p.starts_with("注：无国有资本经营预算财政拨款预算")));
    let narrative = format!("{}{}年单位预算信息公开情况说明", unit.name, unit.year);
    assert!(paras.contains(&narrative), "narrative title");
}

/// In a function table's rows (序号, code, name, amounts…), every 类 and 款
/// row equals the sum of its children and 合计 equals the sum of the 类.
fn check_tree(rows: &[Vec<String>], columns: &[usize], title: &str) {
    let by_code: Vec<(&str, &Vec<String>)> = rows.iter().map(|r| (r[1].as_str(), r)).collect();
    for &(code, row) in &by_code {
        let children: Vec<&Vec<String>> = by_code
            .iter()
            .filter(|(c, _)| match code.len() {
                0 => c.len() == 3,
                3 => c.len() == 5 && c.starts_with(code),
                5 => c.len() == 7 && c.starts_with(code),
                _ => false,
            })
            .map(|(_, r)| *r)
            .collect();
        if code.len() == 7 {
            continue;
        }
        for &col in columns {
            let sum: i128 = children.iter().map(|r| amt(r, col)).sum();
            assert_eq!(amt(row, col), sum, "{title}: row {code:?} column {col}");
        }
    }
}

/// Every figure of every table agrees with the spec and with each other.
fn check_consistency(unit: &UnitSpec, text: &str) {
    let tables = tables(text);
    let total = wan(unit.total_fen());
    let basic = wan(unit.basic_fen());
    let project = wan(unit.project_fen());

    // 收入总表: 合计 = 小计 = 财政拨款; other sources blank.
    let income = data_rows(find(&tables, "单位预算收入总表"));
    check_tree(income, &[3, 4, 5], "收入总表");
    for row in income {
        assert_eq!(amt(row, 3), amt(row, 4));
        assert_eq!(amt(row, 4), amt(row, 5));
        assert!(row[6..].iter().all(String::is_empty));
    }
    assert_eq!(income[0][2], "合计");
    assert_eq!(amount(&income[0][3]), Some(total));

    // 支出总表 and 一般公共预算支出表: 合计 = 基本 + 项目, tree sums, spec rows.
    for title in ["单位预算支出总表", "单位预算一般公共预算财政拨款支出表"]
    {
        let rows = data_rows(find(&tables, title));
        check_tree(rows, &[3, 4, 5], title);
        for row in rows {
            assert_eq!(amt(row, 3), amt(row, 4) + amt(row, 5), "{title} {row:?}");
            assert!(row[6..].iter().all(String::is_empty));
        }
        assert_eq!(
            rows[0][3..6].iter().map(|c| amount(c)).collect::<Vec<_>>(),
            [Some(total), Some(basic), Some(project)]
        );
        let spec_rows = unit.function_rows();
        assert_eq!(rows.len(), spec_rows.len());
        for (row, (code, name, b, p)) in rows.iter().zip(&spec_rows) {
            assert_eq!((&row[1], &row[2]), (code, name));
            assert_eq!((amt(row, 4), amt(row, 5)), (wan(*b), wan(*p)));
        }
    }

    // 基本支出表: tree sums, 合计 = 人员 + 公用, equals the basic total.
    let economic = data_rows(find(&tables, "单位预算一般公共预算财政拨款基本支出表"));
    for row in economic {
        assert_eq!(amt(row, 3), amt(row, 4) + amt(row, 5));
    }
    for (i, row) in economic.iter().enumerate() {
        let code = &row[1];
        if code.len() == 3 || code.is_empty() {
            let children = economic[i + 1..]
                .iter()
                .take_while(|r| code.is_empty() || r[1].len() != 3)
                .filter(|r| r[1].len() == if code.is_empty() { 3 } else { 5 });
            let sums = children.fold([0i128; 3], |mut acc, r| {
                (0..3).for_each(|k| acc[k] += amt(r, 3 + k));
                acc
            });
            assert_eq!(
                [amt(row, 3), amt(row, 4), amt(row, 5)],
                sums,
                "基本支出表 {code:?}"
            );
        }
    }
    assert_eq!(
        amount(&economic[0][3]),
        Some(wan(unit.personnel_fen() + unit.public_fen()))
    );

    // 收支总表 and 财政拨款收支总表: 类 lines add up to the total everywhere.
    let summary = data_rows(find(&tables, "单位预算收支总表"));
    assert_eq!(amt(&summary[0], 2), total);
    assert!(summary[1..31].iter().all(|r| r[2].is_empty()));
    let class_sum: i128 = summary[..31].iter().map(|r| amt(r, 4)).sum();
    assert_eq!(class_sum, total, "Σ 类 lines");
    for (i, label_in, label_out) in [
        (31, "本年收入合计", "本年支出合计"),
        (33, "收入总计", "支出总计"),
    ] {
        assert_eq!(summary[i][1], label_in);
        assert_eq!(summary[i][3], label_out);
        assert_eq!(
            (amount(&summary[i][2]), amount(&summary[i][4])),
            (Some(total), Some(total))
        );
    }
    assert!(
        summary[32][2].is_empty() && summary[32][4].is_empty(),
        "结转 blank"
    );
    let fiscal = data_rows(find(&tables, "单位预算财政拨款收支总表"));
    assert_eq!(amt(&fiscal[0], 2), total);
    for (f, s) in fiscal[..31].iter().zip(&summary[..31]) {
        assert_eq!(f[3], s[3], "same expenditure lines");
        assert_eq!((amt(f, 4), amt(f, 5)), (amt(s, 4), amt(s, 4)));
        assert!(f[6].is_empty() && f[7].is_empty());
    }
    for i in [31, 36] {
        assert_eq!(
            [amt(&fiscal[i], 2), amt(&fiscal[i], 4), amt(&fiscal[i], 5)],
            [total; 3]
        );
    }
    assert!(
        fiscal[32..36]
            .iter()
            .all(|r| [2, 4, 5, 6, 7].iter().all(|&k| r[k].is_empty())),
        "结转 rows blank"
    );

    // 三公: 小计 = parts, 车辆 = 购置 + 运维, 合计 = 一般公共预算.
    let sangong = data_rows(find(&tables, "单位预算财政拨款“三公”经费支出表"));
    let part = |i: usize| amt(&sangong[i], 2);
    assert_eq!(part(0), part(1) + part(2) + part(5), "小计");
    assert_eq!(part(2), part(3) + part(4), "车辆");
    assert_eq!(part(0), wan(unit.sangong_total_fen()));
    for row in sangong {
        assert_eq!(row[2], row[3]);
        assert!(row[4].is_empty() && row[5].is_empty());
    }
}

fn realistic_sample(count: usize) -> Vec<UnitSpec> {
    let mut units = Vec::new();
    for seed in 0..count as u64 {
        for (code, name) in unit_roster(3, seed, 2022) {
            for year in 2021..=2023 {
                units.push(realistic_unit(&code, &name, year, seed));
            }
        }
    }
    units
}

// ---------------------------------------------------------------- tests

#[test]
fn amounts_print_like_the_sample() {
    let fen = 1_079_090_000; // 1079.09 万元
    assert_eq!(format_amount(fen, AmountUnit::Wanyuan, false), "1079.09");
    assert_eq!(format_amount(fen, AmountUnit::Wanyuan, true), "1,079.09");
    assert_eq!(format_amount(fen, AmountUnit::Yuan, false), "10790900.00");
    assert_eq!(format_amount(fen, AmountUnit::Yuan, true), "10,790,900.00");
    assert_eq!(format_amount(0, AmountUnit::Wanyuan, false), "0.00");
    assert_eq!(format_amount(1_500_000, AmountUnit::Wanyuan, false), "1.50");
    assert_eq!(format_amount(-12_345, AmountUnit::Yuan, true), "-123.45");
    assert_eq!(
        format_amount(99_999_900, AmountUnit::Yuan, true),
        "999,999.00"
    );
    assert_eq!(format_amount(100_000, AmountUnit::Yuan, true), "1,000.00");
    // Rounding half away from zero in 万元; a tiny negative rounds to 0.00.
    assert_eq!(format_amount(5_000, AmountUnit::Wanyuan, false), "0.01");
    assert_eq!(format_amount(4_999, AmountUnit::Wanyuan, false), "0.00");
    assert_eq!(format_amount(-4_999, AmountUnit::Wanyuan, false), "0.00");
    assert_eq!(format_amount(-15_000, AmountUnit::Wanyuan, false), "-0.02");
    assert_eq!(
        format_amount(i64::MIN, AmountUnit::Yuan, true),
        "-92,233,720,368,547,758.08"
    );
    assert_eq!(
        format_amount(i64::MAX, AmountUnit::Wanyuan, false),
        "9223372036854.78"
    );
}

#[test]
fn sample_unit_has_the_published_figures() {
    let unit = sample_unit_2023();
    assert_eq!(unit.total_fen(), 1_079_090_000);
    assert_eq!(unit.basic_fen(), 670_690_000);
    assert_eq!(unit.project_fen(), 408_400_000);
    assert_eq!(unit.personnel_fen(), 612_000_000);
    assert_eq!(unit.public_fen(), 58_690_000, "30299 adjusted by 0.01");
    assert_eq!(unit.personnel_fen() + unit.public_fen(), unit.basic_fen());
    assert_eq!(unit.sangong_total_fen(), 12_350_000);
    let rows = unit.function_rows();
    let printed: Vec<(&str, i64)> = rows.iter().map(|r| (r.0.as_str(), r.2 + r.3)).collect();
    assert_eq!(
        printed,
        [
            ("", 1_079_090_000),
            ("201", 681_910_000),
            ("20103", 681_910_000),
            ("2010301", 411_510_000),
            ("2010302", 270_400_000),
            // Published as 158.92 and 155.59: their 项 add up to a cent more.
            ("208", 158_930_000),
            ("20805", 155_600_000),
            ("2080501", 103_800_000),
            ("2080505", 51_800_000),
            ("20808", 3_330_000),
            ("2080899", 3_330_000),
            ("210", 60_470_000),
            ("21011", 60_470_000),
            ("2101101", 20_630_000),
            ("2101103", 39_840_000),
            ("211", 138_000_000),
            ("21103", 138_000_000),
            ("2110399", 138_000_000),
            ("221", 39_780_000),
            ("22102", 39_780_000),
            ("2210201", 39_780_000),
        ]
    );
    let economic = unit.economic_rows();
    assert_eq!(
        economic[0],
        (String::new(), "合计".into(), 612_000_000, 58_690_000)
    );
    assert_eq!(
        economic[1],
        ("301".into(), "工资福利支出".into(), 510_330_000, 0)
    );
    assert_eq!(economic.len(), 29, "合计 + 3 类 + 25 款, as published");
}

/// Renders the sample spec and compares it with the real document line by
/// line through the narrative title: only the documented corrections differ.
#[test]
fn sample_unit_renders_like_the_published_document() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/demo/shanhaiguan-zfb-2023.txt");
    let published = std::fs::read_to_string(&path).expect("the sample is in tests/fixtures");
    let opts = RenderOptions {
        bookmark: true,
        ..RenderOptions::default()
    };
    let ours = render_text(&[sample_unit_2023()], &opts);
    let published: Vec<&str> = published.lines().collect();
    let ours: Vec<&str> = ours.lines().collect();
    let end = published
        .iter()
        .position(|l| l.ends_with("2023年单位预算信息公开情况说明"))
        .expect("narrative title in the sample");
    let differences: BTreeMap<usize, (&str, &str)> = (0..=end)
        .filter(|&i| published[i] != ours[i])
        .map(|i| (i + 1, (published[i], ours[i])))
        .collect();
    // The published 208 / 20805 rows are a cent short of their 项 (which
    // do add up to the published 合计); every table repeating them differs.
    let class_208 = [72, 344, 345, 346, 654, 655, 907, 908, 1238, 1239];
    let kuan_20805 = [358, 359, 360, 664, 665, 1245, 1246];
    let mut expected: BTreeMap<usize, (&str, &str)> = [
        (1377, ("\t58.68", "\t58.69")), // 基本支出表 合计 公用经费
        (1452, ("\t58.68", "\t58.69")), // 302 合计
        (1454, ("\t58.68", "\t58.69")), // 302 公用经费
        (1529, ("\t9.17", "\t9.18")),   // 30299 合计
        (1531, ("\t9.17", "\t9.18")),   // 30299 公用经费
        (1670, ("\t12.36", "\t12.35")), // 三公 小计 合计
        (1671, ("\t12.36", "\t12.35")), // 三公 小计 一般公共预算
    ]
    .into_iter()
    .collect();
    expected.extend(class_208.map(|n| (n, ("\t158.92", "\t158.93"))));
    expected.extend(kuan_20805.map(|n| (n, ("\t155.59", "\t155.60"))));
    assert_eq!(differences, expected);
}

#[test]
fn realistic_units_are_laid_out_and_add_up() {
    for unit in realistic_sample(12) {
        for amount_unit in [AmountUnit::Wanyuan, AmountUnit::Yuan] {
            let opts = RenderOptions {
                amount_unit,
                thousands_separators: amount_unit == AmountUnit::Yuan,
                ..RenderOptions::default()
            };
            let text = render_text(std::slice::from_ref(&unit), &opts);
            let label = if amount_unit == AmountUnit::Yuan {
                "元"
            } else {
                "万元"
            };
            check_layout(&unit, &text, label);
            if amount_unit == AmountUnit::Wanyuan {
                check_consistency(&unit, &text);
            }
        }
    }
    check_consistency(
        &sample_unit_2023(),
        &render_text(&[sample_unit_2023()], &RenderOptions::default()),
    );
}

#[test]
fn realistic_units_are_plausible() {
    let units = realistic_sample(40);
    let mut codes = BTreeSet::new();
    let mut zero_parts = 0;
    for unit in &units {
        let n = unit.function_lines.len();
        assert!((8..=20).contains(&n), "{} lines in {}", n, unit.code);
        assert_eq!(
            unit.personnel_fen() + unit.public_fen(),
            unit.basic_fen(),
            "economic = basic"
        );
        for line in &unit.function_lines {
            assert_eq!(line.code.len(), 7);
            assert!(line.basic_fen >= 0 && line.project_fen >= 0);
            assert!(line.basic_fen + line.project_fen > 0);
            codes.insert(line.code.clone());
        }
        for (code, name, ..) in unit.function_rows().iter().chain(&unit.economic_rows()) {
            assert!(!name.is_empty(), "name of {code:?} in {}", unit.code);
        }
        let fens = unit
            .function_lines
            .iter()
            .flat_map(|l| [l.basic_fen, l.project_fen])
            .chain(
                unit.economic_lines
                    .iter()
                    .flat_map(|l| [l.personnel_fen, l.public_fen]),
            );
        assert!(fens.into_iter().all(|f| f % 10_000 == 0), "whole 0.01 万元");
        let s = unit.sangong;
        let parts = [
            s.overseas_fen,
            s.vehicle_purchase_fen,
            s.vehicle_operation_fen,
            s.reception_fen,
        ];
        assert!(parts
            .iter()
            .all(|p| *p >= 0 && p % 10_000 == 0 && *p <= 500_000_000));
        zero_parts += parts.iter().filter(|p| **p == 0).count();
        assert!(unit.sangong_total_fen() < unit.total_fen());
    }
    let classes: BTreeSet<&str> = codes.iter().map(|c| &c[..3]).collect();
    assert!(codes.len() >= 25, "{} codes", codes.len());
    assert!(classes.len() >= 6, "{classes:?}");
    assert!(
        zero_parts > 0 && zero_parts < units.len() * 4,
        "三公 parts sometimes zero"
    );
}

#[test]
fn years_drift_coherently() {
    let mut appeared_or_vanished = 0;
    let mut renamed = 0;
    for seed in 0..30u64 {
        for (code, name) in unit_roster(4, seed, 2023) {
            let years: Vec<UnitSpec> = (2021..=2023)
                .map(|y| realistic_unit(&code, &name, y, seed))
                .collect();
            assert_ne!(years[0], years[1]);
            for pair in years.windows(2) {
                let lines = |u: &UnitSpec| -> BTreeMap<String, (String, i64)> {
                    u.function_lines
                        .iter()
                        .map(|l| {
                            (
                                l.code.clone(),
                                (l.name.clone(), (l.basic_fen + l.project_fen) / 10_000),
                            )
                        })
                        .collect()
                };
                let (before, after) = (lines(&pair[0]), lines(&pair[1]));
                let shared: Vec<&String> =
                    before.keys().filter(|c| after.contains_key(*c)).collect();
                assert!(shared.len() * 2 >= before.len(), "most lines persist");
                if shared.len() != before.len() || shared.len() != after.len() {
                    appeared_or_vanished += 1;
                }
                for code in shared {
                    let (a, b) = (before[code].1 as f64, after[code].1 as f64);
                    // ±20 % per year, give or take one 0.01 万元 of rounding.
                    assert!(
                        b >= a * 0.8 - 1.0 && b <= a * 1.2 + 1.0,
                        "{code}: {a} → {b}"
                    );
                    if before[code].0 != after[code].0 {
                        renamed += 1;
                    }
                }
                let class_renames = pair[0]
                    .class_names
                    .iter()
                    .filter(|(c, n)| pair[1].class_names.get(*c).is_some_and(|m| m != *n))
                    .count();
                renamed += class_renames;
            }
        }
    }
    assert!(appeared_or_vanished > 0, "codes come and go");
    assert!(renamed > 0, "names change");
}

#[test]
fn generation_is_deterministic() {
    let a = realistic_unit(
        "434001",
        "区政府办秦皇岛市山海关区人民政府办公室本级",
        2022,
        42,
    );
    let b = realistic_unit(
        "434001",
        "区政府办秦皇岛市山海关区人民政府办公室本级",
        2022,
        42,
    );
    assert_eq!(a, b);
    let opts = RenderOptions {
        encoding: TextEncoding::Gbk,
        crlf: true,
        bookmark: true,
        ..RenderOptions::default()
    };
    assert_eq!(
        render_bytes(std::slice::from_ref(&a), &opts),
        render_bytes(&[b], &opts)
    );
    let differing = (0..20u64)
        .filter(|seed| {
            realistic_unit(
                "434001",
                "区政府办秦皇岛市山海关区人民政府办公室本级",
                2022,
                *seed,
            ) != a
        })
        .count();
    assert!(differing >= 19, "the seed matters");
    assert_ne!(
        realistic_unit("434002", &a.name, 2022, 42).function_lines,
        a.function_lines,
        "the code matters"
    );
    assert_eq!(unit_roster(50, 9, 2022), unit_roster(50, 9, 2022));
}

/// Cell for cell, the 元 rendering is the 万元 rendering × 10000.
#[test]
fn yuan_rendering_is_wanyuan_times_ten_thousand() {
    for unit in realistic_sample(4).into_iter().chain([sample_unit_2023()]) {
        let render = |amount_unit, thousands_separators| {
            standard_tables(&render_text(
                std::slice::from_ref(&unit),
                &RenderOptions {
                    amount_unit,
                    thousands_separators,
                    ..RenderOptions::default()
                },
            ))
        };
        let wanyuan = render(AmountUnit::Wanyuan, false);
        for thousands in [false, true] {
            let yuan = render(AmountUnit::Yuan, thousands);
            assert_eq!(wanyuan.len(), yuan.len());
            let mut amounts = 0;
            for (w, y) in wanyuan.iter().zip(&yuan) {
                assert_eq!(w.rows.len(), y.rows.len());
                for (wr, yr) in w.rows.iter().zip(&y.rows).skip(1) {
                    assert_eq!(wr.len(), yr.len());
                    for (wc, yc) in wr.iter().zip(yr) {
                        if wc.contains('.') && wc.chars().all(|c| c.is_ascii_digit() || c == '.') {
                            assert_eq!(amount(yc), amount(wc).map(|v| v * 10_000), "{wc} vs {yc}");
                            assert_eq!(
                                yc.contains(','),
                                thousands && amount(yc).unwrap() >= 100_000
                            );
                            amounts += 1;
                        } else {
                            assert_eq!(wc, yc);
                        }
                    }
                }
                assert_eq!(y.rows[0][2], "单位：元");
            }
            assert!(amounts > 50);
        }
    }
}

#[test]
fn encodings_round_trip() {
    let units = vec![
        sample_unit_2023(),
        realistic_unit("402001", "区财政局秦皇岛市山海关区财政局本级", 2023, 3),
    ];
    let base = RenderOptions {
        bookmark: true,
        ..RenderOptions::default()
    };
    let text = render_text(&units, &base);
    for crlf in [false, true] {
        let expected = if crlf {
            text.replace('\n', "\r\n")
        } else {
            text.clone()
        };

        let utf8 = render_bytes(&units, &RenderOptions { crlf, ..base });
        assert_eq!(String::from_utf8(utf8).unwrap(), expected);

        let bom = render_bytes(
            &units,
            &RenderOptions {
                crlf,
                encoding: TextEncoding::Utf8Bom,
                ..base
            },
        );
        assert_eq!(&bom[..3], b"\xEF\xBB\xBF");
        assert_eq!(std::str::from_utf8(&bom[3..]).unwrap(), expected);
        let (decoded, used, had_errors) = encoding_rs::UTF_8.decode(&bom);
        assert!(!had_errors && used == encoding_rs::UTF_8);
        assert_eq!(decoded, expected);

        let gbk = render_bytes(
            &units,
            &RenderOptions {
                crlf,
                encoding: TextEncoding::Gbk,
                ..base
            },
        );
        assert!(std::str::from_utf8(&gbk).is_err(), "really GBK, not UTF-8");
        let (decoded, had_errors) = encoding_rs::GBK.decode_without_bom_handling(&gbk);
        assert!(!had_errors);
        assert_eq!(decoded, expected, "every character representable in GBK");
        assert!(!decoded.contains("&#"));

        if crlf {
            let raw =
                String::from_utf8(render_bytes(&units, &RenderOptions { crlf, ..base })).unwrap();
            assert!(!raw.replace("\r\n", "").contains('\n'), "no bare LF");
        }
    }
    assert!(!text.contains('\r'), "render_text is LF");
}

#[test]
fn a_department_file_holds_one_section_per_unit() {
    let roster = unit_roster(3, 5, 2023);
    let units: Vec<UnitSpec> = roster
        .iter()
        .map(|(c, n)| realistic_unit(c, n, 2023, 5))
        .collect();
    let text = render_text(
        &units,
        &RenderOptions {
            bookmark: true,
            ..RenderOptions::default()
        },
    );
    let paras = paragraphs(&text);
    assert_eq!(paras[..3], [" 第一部分  部门所属单位预算", "2", "1"]);
    let headings: Vec<&String> = paras.iter().filter(|p| p.ends_with("收支预算")).collect();
    assert_eq!(headings.len(), 3);
    for (i, (heading, unit)) in headings.iter().zip(&units).enumerate() {
        let numeral = ["一", "二", "三"][i];
        assert!(heading.starts_with("[bookmark: _Toc"), "{heading}");
        assert!(
            heading.ends_with(&format!("]{numeral}、{}收支预算", unit.name)),
            "{heading}"
        );
    }
    let all = standard_tables(&text);
    assert_eq!(all.len(), 27);
    for (chunk, unit) in all.chunks(9).zip(&units) {
        assert!(chunk
            .iter()
            .all(|t| t.rows[0][0] == format!("{}{}", unit.code, unit.name)));
    }
    let plain = render_text(&units[..1], &RenderOptions::default());
    assert!(
        paragraphs(&plain)[3].starts_with("一、"),
        "no bookmark unless asked"
    );
}

#[test]
fn empty_spec_prints_only_total_rows() {
    let unit = UnitSpec {
        code: "999001".into(),
        name: "空单位".into(),
        year: 2024,
        function_lines: vec![],
        class_names: BTreeMap::new(),
        economic_lines: vec![],
        economic_class_names: BTreeMap::new(),
        sangong: Sangong::default(),
        narrative: Default::default(),
    };
    let text = render_text(std::slice::from_ref(&unit), &RenderOptions::default());
    check_layout(&unit, &text, "万元");
    check_consistency(&unit, &text);
    let tables = tables(&text);
    for title in [TITLES[1], TITLES[2], TITLES[4], TITLES[5]] {
        let rows = data_rows(find(&tables, title));
        assert_eq!(rows.len(), 1, "{title}");
        assert_eq!(rows[0][2], "合计");
        assert_eq!(rows[0][3], "0.00");
    }
    let summary = data_rows(find(&tables, TITLES[0]));
    assert_eq!(summary[0][2], "", "a zero non-total figure is blank");
    assert_eq!(summary[31][2], "0.00");
    let sangong = data_rows(find(&tables, TITLES[8]));
    assert_eq!(sangong[0][2], "0.00");
    assert!(sangong[1..].iter().all(|r| r[2].is_empty()));
}

#[test]
fn odd_specs_do_not_break_the_layout() {
    let line = |code: &str, name: &str, basic, project| FunctionLine {
        code: code.into(),
        name: name.into(),
        basic_fen: basic,
        project_fen: project,
    };
    let unit = UnitSpec {
        code: "X1".into(),
        name: "带\t制表符\n和换行的单位".into(),
        year: i32::MIN,
        function_lines: vec![
            line("人民币", "非数字", 1, -1),
            line("", "空编码", i64::MAX, i64::MAX),
            line("21", "短", i64::MIN, 0),
            line("2010301", "重复", 10_000, 0),
            line("2010301", "重复", 10_000, 0),
            line("9990101", "无法映射的类", 10_000, 0),
        ],
        class_names: BTreeMap::new(),
        economic_lines: vec![EconomicLine {
            code: "3".into(),
            name: "".into(),
            personnel_fen: i64::MAX,
            public_fen: i64::MAX,
        }],
        economic_class_names: BTreeMap::new(),
        sangong: Sangong {
            overseas_fen: i64::MAX,
            vehicle_purchase_fen: i64::MAX,
            vehicle_operation_fen: i64::MIN,
            reception_fen: -1,
        },
        narrative: Default::default(),
    };
    for amount_unit in [AmountUnit::Wanyuan, AmountUnit::Yuan] {
        let opts = RenderOptions {
            amount_unit,
            thousands_separators: true,
            encoding: TextEncoding::Gbk,
            crlf: true,
            bookmark: true,
        };
        let text = render_text(std::slice::from_ref(&unit), &opts);
        let _ = render_bytes(std::slice::from_ref(&unit), &opts);
        for t in tables(&text) {
            let width = t.rows[lanci_index(&t)].len();
            assert!(
                data_rows(&t).iter().all(|r| r.len() == width),
                "{}",
                t.title
            );
        }
        assert!(text.contains("带 制表符 和换行的单位收支预算"));
    }
    // Extreme years walk only so far.
    for year in [i32::MIN, -1, 0, 1900, 3000, i32::MAX] {
        let unit = realistic_unit("434001", "区政府办", year, 1);
        assert_eq!(unit.personnel_fen() + unit.public_fen(), unit.basic_fen());
        render_text(&[unit], &RenderOptions::default());
    }
}

#[test]
fn roster_codes_are_stable_and_names_drift() {
    let count = 2000;
    let y2020 = unit_roster(count, 11, 2020);
    let y2024 = unit_roster(count, 11, 2024);
    let codes: BTreeSet<&String> = y2020.iter().map(|(c, _)| c).collect();
    assert_eq!(codes.len(), count, "unique codes");
    assert!(
        y2020.iter().zip(&y2024).all(|(a, b)| a.0 == b.0),
        "same codes every year"
    );
    let renamed = y2020.iter().zip(&y2024).filter(|(a, b)| a.1 != b.1).count();
    assert!(renamed > 0 && renamed < count / 2, "{renamed} renamed");
    assert!(y2024[0].1.ends_with("本级"));
    let unit = realistic_unit(&y2024[0].0, &y2024[0].1, 2024, 11);
    assert_eq!(unit.file_name(), format!("{}-2024.txt", y2024[0].0));
}

/// A spec of arbitrary lines under real and unmapped 类.
fn arbitrary_unit() -> impl Strategy<Value = UnitSpec> {
    let class = prop::sample::select(vec!["201", "208", "210", "221", "229", "999"]);
    let leaf = (
        class,
        0u32..4,
        0u32..4,
        -1_000_000i64..1_000_000,
        -1_000_000i64..1_000_000,
    )
        .prop_map(|(c, k, x, b, p)| FunctionLine {
            code: format!("{c}{:02}{:02}", k, x),
            name: format!("项{k}{x}"),
            basic_fen: b * 10_000,
            project_fen: p * 10_000,
        });
    let econ = (
        prop::sample::select(vec!["301", "302", "303"]),
        0u32..20,
        0i64..100_000,
        0i64..100_000,
    )
        .prop_map(|(c, k, a, b)| EconomicLine {
            code: format!("{c}{k:02}"),
            name: format!("款{k}"),
            personnel_fen: a * 10_000,
            public_fen: b * 10_000,
        });
    let parts = prop::array::uniform4(0i64..100_000);
    (
        prop::collection::vec(leaf, 0..30),
        prop::collection::vec(econ, 0..15),
        parts,
    )
        .prop_map(|(f, e, s)| UnitSpec {
            code: "500001".into(),
            name: "测试单位".into(),
            year: 2023,
            class_names: f
                .iter()
                .flat_map(|l| [l.code[..3].to_string(), l.code[..5].to_string()])
                .map(|c| (c.clone(), format!("类{c}")))
                .collect(),
            function_lines: f,
            economic_lines: e,
            economic_class_names: BTreeMap::new(),
            sangong: Sangong {
                overseas_fen: s[0] * 10_000,
                vehicle_purchase_fen: s[1] * 10_000,
                vehicle_operation_fen: s[2] * 10_000,
                reception_fen: s[3] * 10_000,
            },
            narrative: Default::default(),
        })
}

proptest! {
    #[test]
    fn arbitrary_specs_render_consistently(unit in arbitrary_unit()) {
        let text = render_text(std::slice::from_ref(&unit), &RenderOptions::default());
        check_layout(&unit, &text, "万元");
        let tables = tables(&text);
        for title in [TITLES[1], TITLES[2], TITLES[4]] {
            check_tree(data_rows(find(&tables, title)), &[3, 4, 5], title);
        }
        // The 收支总表 shows only mappable 类; 999 has no line.
        let summary = data_rows(find(&tables, TITLES[0]));
        let mapped: i64 = unit.function_lines.iter().filter(|l| !l.code.starts_with("999")).map(|l| l.basic_fen + l.project_fen).sum();
        let class_sum: i128 = summary[..31].iter().map(|r| amt(r, 4)).sum();
        prop_assert_eq!(class_sum, wan(mapped));
        prop_assert_eq!(amount(&summary[31][4]), Some(wan(unit.total_fen())));
    }
}

/// The committed demo corpus is exactly what the generator writes, so it
/// can be regenerated and never drifts from the code that describes it.
#[test]
fn bundled_demo_corpus_matches_the_generator() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo");
    let generated = yusuan_fixture::demo_corpus();
    assert_eq!(generated.len(), 5);
    for (name, bytes) in generated {
        let committed = std::fs::read(dir.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            committed == bytes,
            "{name} differs: run cargo run --example fixture -- --demo tests/fixtures/demo"
        );
    }
}

/// 万元 amounts in the 情况说明 are written with no trailing zeros.
#[test]
fn wan_text_is_minimal() {
    assert_eq!(yusuan_fixture::wan_text(2_800_000), "2.8");
    assert_eq!(yusuan_fixture::wan_text(500_000_000), "500");
    assert_eq!(yusuan_fixture::wan_text(12_340_000), "12.34");
    assert_eq!(yusuan_fixture::wan_text(10_000), "0.01");
    assert_eq!(yusuan_fixture::wan_text(-10_000), "-0.01");
}

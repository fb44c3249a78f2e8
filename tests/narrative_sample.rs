//! The real sample's 情况说明 and the tables printed in it, imported through
//! the binary and checked field by field against the document: sections,
//! 机构设置, 政府采购预算, 单位固定资产占用情况表, the ten project 绩效目标表
//! with every indicator, and every figure the text states.
//!
//! Expected values are written out by hand from the document (line numbers
//! included); the indicator rows are also read back by a naive splitter
//! written here, independent of yusuan's reader.

mod common;

use common::{sample, stderr_of, stdout_of, Scratch};
use rusqlite::Connection;

fn imported_sample() -> Scratch {
    let scratch = Scratch::new();
    let output = scratch
        .yusuan()
        .arg("import")
        .arg(sample())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    scratch
}

fn sample_lines() -> Vec<String> {
    std::fs::read_to_string(sample())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn rows<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str) -> Vec<Vec<T>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let width = stmt.column_count();
    stmt.query_map([], |r| (0..width).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Every column as text (NULL → "∅"), for compact expectations.
fn texts(conn: &Connection, sql: &str) -> Vec<Vec<String>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let width = stmt.column_count();
    stmt.query_map([], |r| {
        (0..width)
            .map(|i| {
                let v: rusqlite::types::Value = r.get(i)?;
                Ok(match v {
                    rusqlite::types::Value::Null => "∅".to_string(),
                    rusqlite::types::Value::Integer(n) => n.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    other => format!("{other:?}"),
                })
            })
            .collect()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn strs(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

const UNIT: &str = "区政府办秦皇岛市山海关区人民政府办公室本级";

#[test]
fn sections_keep_the_numbering_as_printed() {
    let scratch = imported_sample();
    let conn = scratch.conn();
    let got = texts(
        &conn,
        "SELECT ordinal, coalesce(number_label, '∅'), coalesce(number, '∅'), heading, topic, source_line
         FROM narrative_sections ORDER BY ordinal",
    );
    let title = format!("{UNIT}2023年单位预算信息公开情况说明");
    let want: Vec<Vec<String>> = strs(&[
        &["0", "∅", "∅", &title, "前言", "1712"],
        &["1", "一", "1", "单位职责及机构设置情况", "职责", "1714"],
        &["2", "二", "2", "单位预算安排的总体情况", "总体情况", "1753"],
        &[
            "3",
            "三",
            "3",
            "机关运行经费安排情况",
            "机关运行经费",
            "1762",
        ],
        &[
            "4",
            "四",
            "4",
            "财政拨款“三公”经费预算情况及增减变化原因",
            "三公",
            "1764",
        ],
        // Printed 5、 between 四、 and 六、: section 5 all the same.
        &["5", "5", "5", "预算绩效信息", "绩效", "1766"],
        &["6", "六", "6", "政府采购预算情况", "政府采购", "2341"],
        &["7", "七", "7", "国有资产信息", "国有资产", "2444"],
        &["8", "八", "8", "名词解释", "名词解释", "2480"],
        &["9", "九", "9", "其他需要说明的事项", "其他", "2491"],
    ]);
    assert_eq!(got, want);

    // Each section's text is its paragraphs as published, one per line.
    let lines = sample_lines();
    let text = |ordinal: i64| -> String {
        conn.query_row(
            "SELECT text FROM narrative_sections WHERE ordinal = ?1",
            [ordinal],
            |r| r.get(0),
        )
        .unwrap()
    };
    let paragraphs = |from: usize, to: usize| -> String {
        lines[from - 1..to]
            .iter()
            .filter(|l| !l.starts_with('\t') && !l.trim().is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(text(0), lines[1712]);
    assert_eq!(text(2), paragraphs(1754, 1761), "二 with its 1、2、3、");
    assert_eq!(text(3), lines[1762]);
    assert_eq!(
        text(6),
        paragraphs(2342, 2442),
        "六 with its table title and note"
    );
    assert_eq!(text(9), "我单位无其他需要说明的事项。");
    // Sub-parts numbered 一、二、三、 inside 5、 stay in its text.
    assert!(text(5).contains("\n一、总体绩效目标\n"));
    assert!(text(5).contains("\n三、工作保障措施\n"));
    // 机构设置：and the table title stay in 一's text, the table does not.
    assert!(text(1).ends_with("（二十三）完成区政府交办的其他任务。\n机构设置：\n单位机构设置情况"));
}

#[test]
fn the_institution_row() {
    let scratch = imported_sample();
    let got = texts(
        &scratch.conn(),
        "SELECT row_no, name, nature, grade, funding_form, source_line FROM institutions",
    );
    assert_eq!(
        got,
        strs(&[&["1", UNIT, "行政", "正科级", "财政拨款", "1747"]])
    );
}

#[test]
fn procurement_rows_and_totals() {
    let scratch = imported_sample();
    let conn = scratch.conn();
    let got = texts(
        &conn,
        "SELECT row_no, kind, coalesce(unit_name, '∅'), project, coalesce(budget_fen, '∅'),
                coalesce(budget_raw, '∅'), coalesce(item, '∅'), coalesce(catalogue_code, '∅'),
                coalesce(measure_unit, '∅'), coalesce(quantity_text, '∅'), coalesce(quantity_milli, '∅'),
                coalesce(unit_price_fen, '∅'), coalesce(unit_price_raw, '∅'), total_fen, total_raw,
                sme_reserved_fen, sme_reserved_raw, amount_unit, source_line
         FROM procurement_items ORDER BY row_no",
    );
    let project = "秦皇岛市\"第一关\"国控城市点位搬迁以及周边环境提升项目经费";
    let subtotal = format!("{UNIT}小计");
    let want = strs(&[
        &[
            "1",
            "total",
            "∅",
            "合  计",
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "229000000",
            "229.00",
            "229000000",
            "229.00",
            "万元",
            "2373",
        ],
        &[
            "2",
            "subtotal",
            UNIT,
            &subtotal,
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "229000000",
            "229.00",
            "229000000",
            "229.00",
            "万元",
            "2390",
        ],
        // 预算资金 138.00 but 单价 and 合计 109.00: as published.
        &[
            "3",
            "item",
            UNIT,
            project,
            "138000000",
            "138.00",
            "其他环保工程施工",
            "B02149900",
            "批",
            "1",
            "1000",
            "109000000",
            "109.00",
            "109000000",
            "109.00",
            "109000000",
            "109.00",
            "万元",
            "2407",
        ],
        &[
            "4",
            "item",
            UNIT,
            "一中国控站点搬迁经费",
            "120000000",
            "120.00",
            "其他环保工程施工",
            "B02149900",
            "批",
            "1",
            "1000",
            "120000000",
            "120.00",
            "120000000",
            "120.00",
            "120000000",
            "120.00",
            "万元",
            "2424",
        ],
    ]);
    assert_eq!(got, want);
    // By fund source: only 一般公共预算拨款 (column 9) is printed.
    let funds = texts(
        &conn,
        "SELECT row_no, position, source, fen, raw FROM procurement_funds ORDER BY row_no, position",
    );
    assert_eq!(
        funds,
        strs(&[
            &["1", "9", "一般公共预算拨款", "229000000", "229.00"],
            &["2", "9", "一般公共预算拨款", "229000000", "229.00"],
            &["3", "9", "一般公共预算拨款", "109000000", "109.00"],
            &["4", "9", "一般公共预算拨款", "120000000", "120.00"],
        ])
    );
}

#[test]
fn asset_lines_and_their_date() {
    let scratch = imported_sample();
    let got = texts(
        &scratch.conn(),
        "SELECT row_no, name, item, coalesce(part_of, '∅'), coalesce(measure, '∅'),
                coalesce(quantity_kind, '∅'), coalesce(quantity_text, '∅'), coalesce(quantity_milli, '∅'),
                coalesce(value_fen, '∅'), coalesce(value_raw, '∅'), amount_unit, as_of, source_line
         FROM asset_lines ORDER BY row_no",
    );
    let d = "2022-12-31";
    let want = strs(&[
        &[
            "1",
            "资产总额",
            "资产总额",
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "491150000",
            "491.15",
            "万元",
            d,
            "2454",
        ],
        &[
            "2",
            "1、房屋（平方米）",
            "房屋",
            "∅",
            "平方米",
            "area",
            "3911",
            "3911000",
            "150000000",
            "150.00",
            "万元",
            d,
            "2458",
        ],
        &[
            "3",
            "其中：办公用房（平方米）",
            "办公用房",
            "房屋",
            "平方米",
            "area",
            "3911",
            "3911000",
            "150000000",
            "150.00",
            "万元",
            d,
            "2462",
        ],
        &[
            "4",
            "2、车辆（台、辆）",
            "车辆",
            "∅",
            "台、辆",
            "count",
            "8",
            "8000",
            "184690000",
            "184.69",
            "万元",
            d,
            "2466",
        ],
        &[
            "5",
            "3、单价在20万元以上的设备",
            "单价在20万元以上的设备",
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "∅",
            "万元",
            d,
            "2470",
        ],
        &[
            "6",
            "4、其他固定资产",
            "其他固定资产",
            "∅",
            "∅",
            "∅",
            "314",
            "314000",
            "156460000",
            "156.46",
            "万元",
            d,
            "2474",
        ],
    ]);
    assert_eq!(got, want);
}

/// (number, name, goal, title line, indicators) of the ten projects.
const PROJECTS: [(&str, &str, &str, usize, usize); 10] = [
    ("1", "车辆保险费", "1.保障车辆合法运行", 1827, 5),
    (
        "2",
        "安可替代设备购置经费",
        "1.保障业务正常开展，单位正常运转",
        1877,
        5,
    ),
    ("3", "大气污染防治经费", "1.大气污染防治工作经费", 1927, 5),
    ("4", "大气业务经费", "1.保障大气业务工作顺利开展", 1977, 5),
    (
        "5",
        "秦皇岛市\"第一关\"国控城市点位搬迁以及周边环境提升项目经费",
        "1.推进我区环境提升。",
        2027,
        7,
    ),
    ("6", "行政后勤费", "1.保障单位正常运转", 2091, 5),
    (
        "7",
        "一中国控站点搬迁经费",
        "1.完成一中国控点搬迁工作",
        2141,
        5,
    ),
    (
        "8",
        "疫情防控工作经费",
        "1.保障疫情防控工作正常运转",
        2191,
        5,
    ),
    ("9", "政府网站工作经费", "1.保障政府网站正常运转", 2241, 5),
    ("10", "综合事务保障经费", "1.保障单位正常运转", 2291, 5),
];

/// The indicator rows after a project title, read the naive way: from the
/// `一级指标` header row, cells until a blank line ends a row, two blank
/// lines end the table; a blank 一级 cell repeats the one above.
fn document_indicators(lines: &[String], title_line: usize) -> Vec<(usize, Vec<String>)> {
    let header = (title_line..lines.len())
        .find(|&i| lines[i] == "\t一级指标")
        .expect("indicator header");
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut start = 0;
    let mut blanks = 0;
    for (i, line) in lines.iter().enumerate().skip(header + 7) {
        if let Some(cell) = line.strip_prefix('\t') {
            if row.is_empty() {
                start = i + 1;
            }
            row.push(cell.trim().to_string());
            blanks = 0;
        } else {
            if !row.is_empty() {
                if row[0].is_empty() {
                    row[0] = out.last().expect("a row above").1[0].clone();
                }
                out.push((start, std::mem::take(&mut row)));
            }
            blanks += 1;
            if blanks >= 2 || !line.is_empty() {
                break;
            }
        }
    }
    out
}

#[test]
fn ten_projects_with_every_indicator() {
    let scratch = imported_sample();
    let conn = scratch.conn();
    let lines = sample_lines();
    let projects = texts(
        &conn,
        "SELECT ordinal, number, name, goal, title, source_line FROM projects ORDER BY ordinal",
    );
    assert_eq!(projects.len(), 10);
    let mut total = 0;
    for (i, (number, name, goal, line, count)) in PROJECTS.iter().enumerate() {
        let title = format!("{number}、{name}绩效目标表");
        assert_eq!(lines[line - 1], title);
        assert_eq!(
            projects[i],
            [
                (i + 1).to_string(),
                number.to_string(),
                name.to_string(),
                goal.to_string(),
                title.clone(),
                line.to_string()
            ]
        );
        let stored = texts(
            &conn,
            &format!(
                "SELECT level1, level2, level3, description, value_text, basis, source_line
                 FROM project_indicators WHERE project = {} ORDER BY row_no",
                i + 1
            ),
        );
        let published = document_indicators(&lines, *line);
        assert_eq!(published.len(), *count, "{title}");
        let want: Vec<Vec<String>> = published
            .into_iter()
            .map(|(line, mut cells)| {
                cells.push(line.to_string());
                cells
            })
            .collect();
        assert_eq!(stored, want, "{title}");
        total += count;
    }
    assert_eq!(total, 52);
    let merged: i64 = conn
        .query_row(
            "SELECT count(*) FROM project_indicators WHERE filled_down = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(merged, 31, "every blank 一级 cell is a vertical merge");
}

#[test]
fn indicator_values_with_a_number_are_parsed() {
    let scratch = imported_sample();
    let got = texts(
        &scratch.conn(),
        "SELECT DISTINCT value_text, coalesce(comparator, '∅'), coalesce(value_number, '∅'),
                coalesce(value_unit, '∅')
         FROM project_indicators ORDER BY value_text",
    );
    let mut want = strs(&[
        &["7辆", "=", "7", "辆"],
        &["≥95%", "≥", "95", "%"],
        &["≤2.8万元", "≤", "2.8", "万元"],
        &["≤9.3万元", "≤", "9.3", "万元"],
        &["≤7万元", "≤", "7", "万元"],
        &["≥10次", "≥", "10", "次"],
        &["≥90%", "≥", "90", "%"],
        &["≤10万元", "≤", "10", "万元"],
        // "1各" is a slip for 1个: the number and the word as written.
        &["1各", "=", "1", "各"],
        &["100%", "=", "100", "%"],
        &["≥30次", "≥", "30", "次"],
        &["≤60万元", "≤", "60", "万元"],
        &["1次", "=", "1", "次"],
        &["≤120万元", "≤", "120", "万元"],
        &["≤8万元", "≤", "8", "万元"],
        &["≤3.3万元", "≤", "3.3", "万元"],
        &["≤50万元", "≤", "50", "万元"],
    ]);
    for text in [
        "及时缴纳",
        "保障有力",
        "按要求购置",
        "购置设备质量合格",
        "按时完成",
        "按需求完成",
        "有所提升",
        "是",
        "环境明显提升",
        "持续影响",
        "按要求数量",
        "达到合格标准",
        "按时公开",
    ] {
        want.push(strs(&[&[text, "∅", "∅", "∅"]]).remove(0));
    }
    want.sort();
    assert_eq!(got, want);
}

/// (claim, item, qualifier, raw as written, unit as written, 分, line).
type Figure = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    &'static str,
    i64,
    usize,
);

/// Every amount the sample's 情况说明 states, in order, by hand.
const FIGURES: &[Figure] = &[
    // 1、收入说明
    (
        "预算收入",
        None,
        None,
        "1079.09万元",
        "万元",
        1_079_090_000,
        1757,
    ),
    (
        "收入来源",
        Some("一般公共预算收入"),
        None,
        "1079.09万元",
        "万元",
        1_079_090_000,
        1757,
    ),
    ("收入来源", Some("基金预算收入"), None, "0元", "元", 0, 1757),
    (
        "收入来源",
        Some("财政专户核拨收入"),
        None,
        "0元",
        "元",
        0,
        1757,
    ),
    ("收入来源", Some("其他来源收入"), None, "0元", "元", 0, 1757),
    // 2、支出说明: "2023年预算支出为702.04万元" is last year's figure, as written.
    (
        "预算支出",
        None,
        None,
        "702.04万元",
        "万元",
        702_040_000,
        1759,
    ),
    (
        "基本支出",
        None,
        None,
        "670.69万元",
        "万元",
        670_690_000,
        1759,
    ),
    ("人员经费", None, None, "612万元", "万元", 612_000_000, 1759),
    (
        "公用经费",
        Some("日常公用经费"),
        None,
        "58.68万元",
        "万元",
        58_680_000,
        1759,
    ),
    (
        "项目支出",
        None,
        None,
        "408.4万元",
        "万元",
        408_400_000,
        1759,
    ),
    (
        "项目",
        Some("车保险项目"),
        None,
        "2.8万元",
        "万元",
        2_800_000,
        1759,
    ),
    (
        "项目",
        Some("综合事务经费"),
        None,
        "50万元",
        "万元",
        50_000_000,
        1759,
    ),
    (
        "项目",
        Some("疫情防控办工作经费"),
        None,
        "8万元",
        "万元",
        8_000_000,
        1759,
    ),
    (
        "项目",
        Some("行政后勤经费"),
        None,
        "50万元",
        "万元",
        50_000_000,
        1759,
    ),
    (
        "项目",
        Some("大气污染环境治理工作经费"),
        None,
        "7万元",
        "万元",
        7_000_000,
        1759,
    ),
    (
        "项目",
        Some("大气业务经费"),
        None,
        "10万",
        "万",
        10_000_000,
        1759,
    ),
    (
        "项目",
        Some("一中国控点搬迁经费"),
        None,
        "120万",
        "万",
        120_000_000,
        1759,
    ),
    (
        "项目",
        Some("秦皇岛“第一关”国控城市点位搬迁以及周边环境提升项目经费"),
        None,
        "138万",
        "万",
        138_000_000,
        1759,
    ),
    (
        "项目",
        Some("安可替代设备购置经费"),
        None,
        "9.3万",
        "万",
        9_300_000,
        1759,
    ),
    (
        "项目",
        Some("政府网站工作经费"),
        None,
        "3.3万",
        "万",
        3_300_000,
        1759,
    ),
    // 3、比上年增减情况
    (
        "预算支出",
        None,
        None,
        "1079.09万元",
        "万元",
        1_079_090_000,
        1761,
    ),
    (
        "预算支出",
        None,
        Some("上年"),
        "702.04万元",
        "万元",
        702_040_000,
        1761,
    ),
    (
        "预算支出",
        None,
        Some("增减"),
        "377.05万元",
        "万元",
        377_050_000,
        1761,
    ),
    (
        "基本支出",
        None,
        Some("增减"),
        "82.85万元",
        "万元",
        82_850_000,
        1761,
    ),
    (
        "项目支出",
        None,
        Some("增减"),
        "294.2万元",
        "万元",
        294_200_000,
        1761,
    ),
    (
        "项目",
        Some("大气污染业务经费"),
        Some("增减"),
        "10万",
        "万",
        10_000_000,
        1761,
    ),
    (
        "项目",
        Some("一中国控点搬迁经费"),
        Some("增减"),
        "120万",
        "万",
        120_000_000,
        1761,
    ),
    (
        "项目",
        Some("秦皇岛“第一关”国控城市点位搬迁以及周边环境提升项目经费"),
        Some("增减"),
        "138万",
        "万",
        138_000_000,
        1761,
    ),
    (
        "项目",
        Some("安可替代设备购置经费"),
        Some("增减"),
        "9.3万",
        "万",
        9_300_000,
        1761,
    ),
    (
        "项目",
        Some("政府网站工作经费"),
        Some("增减"),
        "3.3万",
        "万",
        3_300_000,
        1761,
    ),
    (
        "项目",
        Some("行政后勤经费"),
        Some("增减"),
        "14万元",
        "万元",
        14_000_000,
        1761,
    ),
    (
        "项目",
        Some("车辆保险费"),
        Some("增减"),
        "0.4万元",
        "万元",
        -400_000,
        1761,
    ),
    // 三、机关运行经费: 公务接待费, 工会经费 and 福利费 written in 元.
    (
        "机关运行经费",
        None,
        None,
        "58.68万元",
        "万元",
        58_680_000,
        1763,
    ),
    (
        "机关运行经费明细",
        Some("办公费"),
        None,
        "5.84万元",
        "万元",
        5_840_000,
        1763,
    ),
    (
        "机关运行经费明细",
        Some("邮电费"),
        None,
        "4.44万元",
        "万元",
        4_440_000,
        1763,
    ),
    (
        "机关运行经费明细",
        Some("差旅费"),
        None,
        "2万元",
        "万元",
        2_000_000,
        1763,
    ),
    (
        "机关运行经费明细",
        Some("公务用车运行维护费"),
        None,
        "4.2万元",
        "万元",
        4_200_000,
        1763,
    ),
    (
        "机关运行经费明细",
        Some("离休干部公用经费"),
        None,
        "6.13万元",
        "万元",
        6_130_000,
        1763,
    ),
    (
        "机关运行经费明细",
        Some("公务交通补贴"),
        None,
        "20.63万元",
        "万元",
        20_630_000,
        1763,
    ),
    (
        "机关运行经费明细",
        Some("培训费"),
        None,
        "1.68万元",
        "万元",
        1_680_000,
        1763,
    ),
    (
        "机关运行经费明细",
        Some("公务接待费"),
        None,
        "0.34元",
        "元",
        34,
        1763,
    ),
    (
        "机关运行经费明细",
        Some("工会经费"),
        None,
        "6.11元",
        "元",
        611,
        1763,
    ),
    (
        "机关运行经费明细",
        Some("福利费"),
        None,
        "4.12元",
        "元",
        412,
        1763,
    ),
    (
        "机关运行经费明细",
        Some("党组织活动经费"),
        None,
        "0.52万元",
        "万元",
        520_000,
        1763,
    ),
    (
        "机关运行经费明细",
        Some("网络运行维护费"),
        None,
        "0.15万元",
        "万元",
        150_000,
        1763,
    ),
    (
        "机关运行经费明细",
        Some("其他商品和服务支出"),
        None,
        "2.52万元",
        "万元",
        2_520_000,
        1763,
    ),
    // 四、三公: 12.35 (the table prints 12.36); 公务接待费 written in 元.
    (
        "三公经费",
        None,
        None,
        "12.35万元",
        "万元",
        12_350_000,
        1765,
    ),
    (
        "三公经费明细",
        Some("因公出国（境）费"),
        None,
        "0元",
        "元",
        0,
        1765,
    ),
    (
        "三公经费明细",
        Some("公务用车购置费"),
        None,
        "0元",
        "元",
        0,
        1765,
    ),
    (
        "三公经费明细",
        Some("公务用车运行维护费"),
        None,
        "10.86万元",
        "万元",
        10_860_000,
        1765,
    ),
    (
        "三公经费明细",
        Some("公务接待费"),
        None,
        "1.49元",
        "元",
        149,
        1765,
    ),
    // 六、政府采购
    (
        "政府采购",
        None,
        None,
        "229.00万元",
        "万元",
        229_000_000,
        2342,
    ),
    // 七、国有资产
    (
        "固定资产",
        None,
        Some("上年末"),
        "491.15万元",
        "万元",
        491_150_000,
        2445,
    ),
    ("固定资产购置", None, None, "0.00万元", "万元", 0, 2445),
];

#[test]
fn every_stated_figure_with_its_claim_and_unit_and_nothing_else() {
    let scratch = imported_sample();
    let conn = scratch.conn();
    type Row = (
        String,
        Option<String>,
        Option<String>,
        String,
        String,
        i64,
        i64,
    );
    let got: Vec<Row> = common::tuples(
        &conn,
        "SELECT claim, item, qualifier, raw, unit_as_written, fen, source_line
             FROM stated_figures ORDER BY ordinal",
    );
    let want: Vec<Row> = FIGURES
        .iter()
        .map(|(claim, item, qualifier, raw, unit, fen, line)| {
            (
                claim.to_string(),
                item.map(str::to_string),
                qualifier.map(str::to_string),
                raw.to_string(),
                unit.to_string(),
                *fen,
                *line as i64,
            )
        })
        .collect();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "figure {i}");
    }
    assert_eq!(got.len(), want.len(), "no figure missing, none spurious");

    // Each figure's sentence is a sentence of its source line that states it.
    let lines = sample_lines();
    let cited: Vec<(String, String, i64)> = conn
        .prepare("SELECT raw, sentence, source_line FROM stated_figures_cited ORDER BY ordinal")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(cited.len(), FIGURES.len());
    for (raw, sentence, line) in &cited {
        let published = &lines[*line as usize - 1];
        assert!(published.contains(sentence.as_str()), "{sentence}");
        assert!(
            sentence.contains(raw.as_str()) && sentence.ends_with('。'),
            "{sentence}"
        );
    }
    let sentence_of = |raw: &str, line: i64| -> String {
        cited
            .iter()
            .find(|(r, _, l)| r == raw && *l == line)
            .map(|(_, s, _)| s.clone())
            .unwrap()
    };
    // The slips, with the sentence that states them.
    assert_eq!(
        sentence_of("0.34元", 1763),
        lines[1762].split_inclusive('。').next().unwrap()
    );
    assert!(
        sentence_of("0.34元", 1763).contains("、公务接待费0.34元、工会经费6.11元、福利费4.12元、")
    );
    assert_eq!(
        sentence_of("1.49元", 1765),
        "其中：因公出国（境）费0元，与上年持平，无增减变化；公务用车购置费0元，与上年持平，无增减变化；公务用车运行维护费10.86万元，与上年持平，无增减变化；公务接待费1.49元，与上年持平，无增减变化。"
    );
    assert!(sentence_of("702.04万元", 1759).starts_with("2023年预算支出为702.04万元，其中："));
    // The narrative says 12.35 where the 三公 table prints 12.36: both kept.
    let table: i64 = conn
        .query_row(
            "SELECT fen FROM figures WHERE table_kind='三公经费表' AND item='小计' AND column_key='合计'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let stated: i64 = conn
        .query_row(
            "SELECT fen FROM stated_figures WHERE claim='三公经费'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!((table, stated), (12_360_000, 12_350_000));
}

#[test]
fn replace_leaves_one_narrative_and_no_orphans() {
    let scratch = imported_sample();
    let text = std::fs::read_to_string(sample()).unwrap();
    let revised = text.replace(
        "本年度拟购置固定资产总额为0.00万元",
        "本年度拟购置固定资产总额为1.50万元",
    );
    assert_ne!(revised, text);
    let file = scratch.write("revised.txt", revised);
    let output = scratch
        .yusuan()
        .arg("import")
        .arg("--replace")
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let conn = scratch.conn();
    let counts: Vec<Vec<i64>> = rows(
        &conn,
        "SELECT (SELECT count(*) FROM narrative_sections), (SELECT count(*) FROM institutions),
                (SELECT count(*) FROM procurement_items), (SELECT count(*) FROM procurement_funds),
                (SELECT count(*) FROM asset_lines), (SELECT count(*) FROM projects),
                (SELECT count(*) FROM project_indicators), (SELECT count(*) FROM stated_figures),
                (SELECT count(*) FROM pragma_foreign_key_check),
                (SELECT count(DISTINCT disclosure_id) FROM stated_figures)",
    );
    assert_eq!(counts, [vec![10, 1, 4, 4, 6, 10, 52, 54, 0, 1]]);
    let purchase: i64 = conn
        .query_row(
            "SELECT fen FROM stated_figures WHERE claim='固定资产购置'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(purchase, 1_500_000, "the new document's figure");
}

#[test]
fn an_unknown_table_in_the_narrative_is_named_and_the_rest_imported() {
    let scratch = Scratch::new();
    let text = std::fs::read_to_string(sample()).unwrap();
    let extra = "八、名词解释\n单位人员编制统计\n\t类别\n\t人数\n\n\t行政编制\n\t12\n\n\n";
    let doc = text.replacen("八、名词解释\n", extra, 1);
    let file = scratch.write("extra.txt", doc);
    let output = scratch.yusuan().arg("import").arg(&file).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert!(
        stdout.contains(
            "未识别的表格「单位人员编制统计」，未导入 (unrecognised table, not imported)"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("暂未导入"), "{stdout}");
    let conn = scratch.conn();
    let counts: Vec<Vec<i64>> = rows(
        &conn,
        "SELECT (SELECT count(*) FROM narrative_sections), (SELECT count(*) FROM project_indicators),
                (SELECT count(*) FROM stated_figures)",
    );
    assert_eq!(counts, [vec![10, 52, 54]]);
}

//! The real sample (2023, 山海关区人民政府办公室本级), imported through the
//! binary and compared with the document cell by cell, for all nine tables.
//!
//! The document side is read by a deliberately naive splitter written here,
//! independent of yusuan's reader, and amounts are converted to 分 by string
//! arithmetic, not by yusuan's parser.

mod common;

use common::{sample, Scratch};
use std::collections::BTreeMap;

/// The nine titles as the sample prints them, with the column keys yusuan
/// must give their columns (after 序号), in order.
const TABLES: &[(&str, &str, &[&str])] = &[
    (
        "单位预算收支总表",
        "收支总表",
        &["项目", "预算数", "项目", "预算数"],
    ),
    (
        "单位预算收入总表",
        "收入总表",
        &[
            "科目编码",
            "科目名称",
            "合计",
            "本年收入",
            "财政拨款收入",
            "财政专户收入",
            "事业收入",
            "经营收入",
            "上级补助收入",
            "附属单位上缴收入",
            "其他收入",
            "上年结转",
        ],
    ),
    (
        "单位预算支出总表",
        "支出总表",
        &[
            "科目编码",
            "科目名称",
            "合计",
            "基本支出",
            "项目支出",
            "经营支出",
            "上解上级支出",
            "对附属单位补助支出",
        ],
    ),
    (
        "单位预算财政拨款收支总表",
        "财政拨款收支总表",
        &[
            "项目",
            "金额",
            "项目",
            "合计",
            "一般公共预算",
            "政府性基金",
            "国有资本经营",
        ],
    ),
    (
        "单位预算一般公共预算财政拨款支出表",
        "一般公共预算支出表",
        &["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ),
    (
        "单位预算一般公共预算财政拨款基本支出表",
        "基本支出表",
        &["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
    ),
    (
        "单位预算政府基金预算财政拨款支出表",
        "政府性基金支出表",
        &["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ),
    (
        "单位预算国有资本经营预算财政拨款支出表",
        "国有资本经营支出表",
        &["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ),
    (
        "单位预算财政拨款“三公”经费支出表",
        "三公经费表",
        &["项目", "合计", "一般公共预算", "政府性基金", "国有资本经营"],
    ),
];

/// Naive reading of one table: the rows after its title, split the simple way.
fn document_rows(text: &str, title: &str) -> Vec<Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| *l == title)
        .expect("title in sample")
        + 1;
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut blanks = 0;
    for line in &lines[start..] {
        if line.is_empty() {
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            blanks += 1;
            continue;
        }
        match line.strip_prefix('\t') {
            Some(cell) if blanks < 2 => {
                blanks = 0;
                row.push(cell.to_string());
            }
            _ => break,
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    // Data rows are the ones after the 栏次 row.
    let lanci = rows
        .iter()
        .position(|r| r[0].trim() == "栏次")
        .expect("栏次 row");
    rows.split_off(lanci + 1)
}

/// "1079.09" 万元 → 1_079_090_000 分, by string arithmetic.
fn wanyuan_to_fen(text: &str) -> i64 {
    let (int_part, frac) = text.split_once('.').unwrap_or((text, ""));
    let frac = format!("{frac:0<6}");
    int_part.parse::<i64>().unwrap() * 1_000_000 + frac.parse::<i64>().unwrap()
}

#[derive(Debug, Default)]
struct StoredTable {
    columns: Vec<(i64, String, String)>, // position, key, role
    /// (row_no, position) → (raw, fen, state)
    amounts: BTreeMap<(i64, i64), (String, Option<i64>, String)>,
    /// (row_no, side) → (code, name)
    lines: BTreeMap<(i64, Option<String>), (Option<String>, String)>,
    is_empty: bool,
    note: Option<String>,
}

fn stored(conn: &rusqlite::Connection, kind: &str) -> StoredTable {
    let table_id: i64 = conn
        .query_row("SELECT id FROM tables WHERE kind = ?1", [kind], |r| {
            r.get(0)
        })
        .unwrap_or_else(|_| panic!("table {kind} stored"));
    let mut out = StoredTable::default();
    (out.is_empty, out.note) = conn
        .query_row(
            "SELECT is_empty, note FROM tables WHERE id = ?1",
            [table_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT position, key, role FROM table_columns WHERE table_id = ?1 ORDER BY position",
        )
        .unwrap();
    out.columns = stmt
        .query_map([table_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut stmt = conn
        .prepare("SELECT row_no, side, code, name FROM lines WHERE table_id = ?1")
        .unwrap();
    for row in stmt
        .query_map([table_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap()
    {
        let (row_no, side, code, name) = row.unwrap();
        assert!(out.lines.insert((row_no, side), (code, name)).is_none());
    }
    let mut stmt = conn
        .prepare(
            "SELECT f.row_no, f.position, f.raw, f.fen, f.state FROM figures f
             JOIN lines l ON l.table_id = ?1 AND l.row_no = f.row_no AND l.side IS f.side
             WHERE f.table_kind = (SELECT kind FROM tables WHERE id = ?1)",
        )
        .unwrap();
    for row in stmt
        .query_map([table_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
    {
        let (row_no, position, raw, fen, state) = row.unwrap();
        assert!(out
            .amounts
            .insert((row_no, position), (raw, fen, state))
            .is_none());
    }
    out
}

fn imported_sample() -> Scratch {
    common::seeded()
}

#[test]
fn every_cell_of_the_nine_tables_is_stored_as_published() {
    let scratch = imported_sample();
    let conn = scratch.conn();
    let text = std::fs::read_to_string(sample()).unwrap();
    let mut checked_amounts = 0;
    for (title, kind, keys) in TABLES {
        let table = stored(&conn, kind);
        let stored_keys: Vec<&str> = table.columns.iter().map(|c| c.1.as_str()).collect();
        assert_eq!(&stored_keys, keys, "column meaning of {kind}");
        let rows = document_rows(&text, title);
        let summary = kind.contains("收支总表");
        let mut seen = 0;
        for (index, row) in rows.iter().enumerate() {
            let row_no = index as i64 + 1;
            assert_eq!(row.len(), keys.len() + 1, "{kind} row {row_no} width");
            for (position, key, role) in &table.columns {
                let cell = row[*position as usize].trim();
                // Both summary tables have 项目 + one amount on the income side.
                let side = summary.then(|| {
                    if *position <= 2 {
                        "income"
                    } else {
                        "expenditure"
                    }
                    .to_string()
                });
                match role.as_str() {
                    "amount" => match table.amounts.get(&(row_no, *position)) {
                        Some((raw, fen, state)) => {
                            seen += 1;
                            assert_eq!(raw, cell, "{kind} row {row_no} {key}");
                            let (want_fen, want_state) = match cell {
                                "" => (None, "blank"),
                                "-" => (None, "dash"),
                                n => (Some(wanyuan_to_fen(n)), "value"),
                            };
                            assert_eq!(
                                (fen.as_ref(), state.as_str()),
                                (want_fen.as_ref(), want_state),
                                "{kind} row {row_no} {key}"
                            );
                        }
                        None => {
                            // Only an empty table, or a summary side with no
                            // name and no figures, is not stored.
                            assert!(
                                cell.is_empty(),
                                "{kind} row {row_no} {key}: «{cell}» not stored"
                            );
                            assert!(
                                table.is_empty
                                    || !table.lines.contains_key(&(row_no, side.clone())),
                                "{kind} row {row_no} {key}: a stored line lacks this cell"
                            );
                        }
                    },
                    "code" | "name" => {
                        let line = table.lines.get(&(row_no, side.clone()));
                        match line {
                            Some((code, name)) => {
                                let stored = if role == "code" {
                                    code.clone().unwrap_or_default()
                                } else {
                                    name.clone()
                                };
                                assert_eq!(stored, cell, "{kind} row {row_no} {key}");
                            }
                            None => assert!(
                                cell.is_empty(),
                                "{kind} row {row_no} {key}: «{cell}» not stored"
                            ),
                        }
                    }
                    other => panic!("unexpected role {other}"),
                }
            }
        }
        assert_eq!(
            seen,
            table.amounts.len(),
            "{kind}: stored amounts that are not in the document"
        );
        checked_amounts += seen;
    }
    assert_eq!(checked_amounts, 701);
}

#[test]
fn key_figures_in_fen_and_the_empty_tables() {
    let scratch = imported_sample();
    let conn = scratch.conn();
    let fen = |sql: &str| -> Option<i64> { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    // 支出总表 合计 1079.09 万元 = 10,790,900.00 元.
    assert_eq!(
        fen("SELECT fen FROM figures WHERE table_kind='支出总表' AND item='合计' AND column_key='合计'"),
        Some(1_079_090_000)
    );
    // 三公 小计 as published (12.36, although its parts add up to 12.35).
    assert_eq!(
        fen("SELECT fen FROM figures WHERE table_kind='三公经费表' AND item='小计' AND column_key='合计'"),
        Some(12_360_000)
    );
    // 一、因公出国（境）费 is blank: NULL, not 0.
    assert_eq!(
        fen("SELECT fen FROM figures WHERE table_kind='三公经费表' AND item='因公出国（境）费' AND column_key='合计'"),
        None
    );
    // 基本支出表 302 商品和服务支出 公用经费 58.68.
    assert_eq!(
        fen("SELECT fen FROM figures WHERE table_kind='基本支出表' AND code='302' AND column_key='公用经费'"),
        Some(58_680_000)
    );
    let (empty, note): (bool, String) = conn
        .query_row(
            "SELECT is_empty, note FROM tables WHERE kind='政府性基金支出表'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(empty);
    assert_eq!(note, "注：无政府基金预算财政拨款预算，空表列示。");
    let levels: Vec<(String, i64)> = conn
        .prepare("SELECT code, level FROM lines l JOIN tables t ON t.id=l.table_id WHERE t.kind='支出总表' AND code IN ('201','20103','2010301')")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        levels,
        vec![
            ("201".into(), 1),
            ("20103".into(), 2),
            ("2010301".into(), 3)
        ]
    );
    let (code, name, year, unit): (String, String, i64, String) = conn
        .query_row(
            "SELECT unit_code, unit_name, year, amount_unit FROM disclosures",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (code.as_str(), name.as_str(), year, unit.as_str()),
        (
            "434001",
            "区政府办秦皇岛市山海关区人民政府办公室本级",
            2023,
            "万元"
        )
    );
}

#[test]
fn summary_lines_keep_their_side_and_context() {
    let scratch = imported_sample();
    let conn = scratch.conn();
    let items: Vec<(String, String, Option<i64>)> = conn
        .prepare(
            "SELECT side, item, fen FROM figures WHERE table_kind='财政拨款收支总表'
             AND column_key IN ('金额','合计') AND (item LIKE '%结转%' OR item LIKE '%总计') ORDER BY row_no, side DESC",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let names: Vec<&str> = items.iter().map(|i| i.1.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "年初财政拨款结转和结余",
            "年末财政拨款结转和结余",
            "年初财政拨款结转和结余/一般公共预算拨款",
            "年初财政拨款结转和结余/政府性基金预算拨款",
            "年初财政拨款结转和结余/国有资本经营预算拨款",
            "收入总计",
            "支出总计",
        ]
    );
    assert_eq!(items.last().unwrap().2, Some(1_079_090_000));
}

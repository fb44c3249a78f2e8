//! The compact copies `yoy` and `sangong` read (migrations/V4): written with
//! each disclosure, from the same typed tables as its lines and amounts.

use super::write::insert_rows;
use crate::model::{Line, StandardTable, TableKind, UnitDisclosure};
use rusqlite::{params, Connection, ToSql};

/// Column keys in the order of yoy_lines' amount columns (total_fen …
/// public_fen). The 收支总表's 预算数 is its total.
const COLUMN_KEYS: [&[&str]; 8] = [
    &["合计", "预算数"],
    &["基本支出"],
    &["项目支出"],
    &["经营支出"],
    &["上解上级支出"],
    &["对附属单位补助支出"],
    &["人员经费"],
    &["公用经费"],
];

pub fn insert(tx: &Connection, disclosure_id: i64, unit: &UnitDisclosure) -> rusqlite::Result<()> {
    for table in &unit.tables {
        match table.kind {
            TableKind::Expenditure => yoy_lines(tx, disclosure_id, table, "function", 3)?,
            TableKind::BasicEconomic => yoy_lines(tx, disclosure_id, table, "economic", 2)?,
            TableKind::Summary => yoy_lines(tx, disclosure_id, table, "summary", 0)?,
            TableKind::Sangong => sangong(tx, disclosure_id, table)?,
            _ => {}
        }
    }
    Ok(())
}

pub fn delete(tx: &Connection, disclosure_id: i64) -> rusqlite::Result<()> {
    // The key leads with (by, level): name every prefix so that the delete
    // seeks instead of scanning the table.
    tx.prepare_cached(
        "DELETE FROM yoy_lines WHERE by IN ('function', 'economic', 'summary')
           AND level IN (0, 1, 2, 3) AND disclosure_id = ?1",
    )?
    .execute([disclosure_id])?;
    tx.prepare_cached("DELETE FROM sangong_totals WHERE disclosure_id = ?1")?
        .execute([disclosure_id])?;
    Ok(())
}

/// The line's amount in the columns whose key is one of `keys`, summed
/// (a table printing a key twice is added up, as the queries always did);
/// `None` when every such cell is blank or "-" or there is none.
fn amount(table: &StandardTable, line: &Line, keys: &[&str]) -> Option<i64> {
    table
        .columns
        .iter()
        .filter(|c| c.side == line.side && keys.contains(&c.key.as_str()))
        .filter_map(|c| line.cells.iter().find(|cell| cell.position == c.position))
        .filter_map(|cell| cell.value.fen())
        .reduce(i64::saturating_add)
}

/// One yoy_lines row before binding.
struct YoyRow<'a> {
    line: &'a Line,
    level: i64,
    row_no: i64,
    side: &'static str,
    fen: [Option<i64>; 8],
}

/// `deepest`: the table's deepest level (3 项 for 功能分类, 2 款 for 经济分类;
/// 0 for the summary, whose lines have none). The 合计 row is listed at
/// every level so that each level reads with its total.
fn yoy_lines(
    tx: &Connection,
    disclosure_id: i64,
    table: &StandardTable,
    by: &'static str,
    deepest: u8,
) -> rusqlite::Result<()> {
    let mut values: Vec<YoyRow> = Vec::new();
    for line in &table.lines {
        let levels = match (deepest, &line.code, line.level) {
            (0, _, _) if line.item.is_some() => 0..=0,
            (0, _, _) => continue,
            (_, None, _) if line.item.as_deref() == Some("合计") => 1..=deepest,
            (_, Some(_), Some(level)) => level..=level,
            _ => continue,
        };
        let fen = COLUMN_KEYS.map(|keys| amount(table, line, keys));
        for level in levels {
            values.push(YoyRow {
                line,
                level: i64::from(level),
                row_no: line.row_no as i64,
                side: line.side.map_or("", |s| s.key()),
                fen,
            });
        }
    }
    let rows: Vec<[&dyn ToSql; 16]> = values
        .iter()
        .map(|v| -> [&dyn ToSql; 16] {
            let fen = &v.fen;
            [
                &by,
                &v.level,
                &disclosure_id,
                &v.row_no,
                &v.side,
                &v.line.code,
                &v.line.name,
                &v.line.item,
                &fen[0],
                &fen[1],
                &fen[2],
                &fen[3],
                &fen[4],
                &fen[5],
                &fen[6],
                &fen[7],
            ]
        })
        .collect();
    insert_rows(
        tx,
        "INSERT OR ROLLBACK INTO yoy_lines (by, level, disclosure_id, row_no, side, code, name, item,
           total_fen, basic_fen, project_fen, operating_fen, remit_fen, subsidy_fen, personnel_fen, public_fen) VALUES ",
        &rows,
    )
}

fn sangong(tx: &Connection, disclosure_id: i64, table: &StandardTable) -> rusqlite::Result<()> {
    let part = |item: &str| -> i64 {
        table
            .lines
            .iter()
            .filter(|line| line.item.as_deref() == Some(item))
            .filter_map(|line| amount(table, line, &["合计"]))
            .fold(0, i64::saturating_add)
    };
    tx.prepare_cached(
        "INSERT OR ROLLBACK INTO sangong_totals (disclosure_id, total_fen, overseas_fen, vehicle_fen,
           vehicle_purchase_fen, vehicle_operation_fen, reception_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        disclosure_id,
        part("小计"),
        part("因公出国（境）费"),
        part("公务用车购置及运行维护费"),
        part("公务用车购置费"),
        part("公务用车运行维护费"),
        part("公务接待费"),
    ])?;
    Ok(())
}

//! The compact copies `yoy` and `sangong` read (migrations/V4, V5): written with
//! each disclosure, from the same typed tables as its lines and amounts.

use crate::model::{Line, StandardTable, TableKind, UnitDisclosure};
use rusqlite::{params, Connection};

/// Column keys in the order of yoy_packs' amount columns (total …
/// public). The 收支总表's 预算数 is its total.
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
            TableKind::Expenditure => yoy_packs(tx, disclosure_id, table, "function", 3)?,
            TableKind::BasicEconomic => yoy_packs(tx, disclosure_id, table, "economic", 2)?,
            TableKind::Summary => yoy_packs(tx, disclosure_id, table, "summary", 0)?,
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
        "DELETE FROM yoy_packs WHERE by IN ('function', 'economic', 'summary')
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

/// A line's amount in each of `COLUMN_KEYS`.
type Amounts = [Option<i64>; 8];

/// `deepest`: the table's deepest level (3 项 for 功能分类, 2 款 for 经济分类;
/// 0 for the summary, whose lines have none). The 合计 row is listed at
/// every level so that each level reads with its total.
fn yoy_packs(
    tx: &Connection,
    disclosure_id: i64,
    table: &StandardTable,
    by: &'static str,
    deepest: u8,
) -> rusqlite::Result<()> {
    // Index 0 is the summary's level 0; 1..=3 the classification levels.
    let mut levels: [Vec<(&Line, Amounts)>; 4] = Default::default();
    for line in &table.lines {
        let listed_at = match (deepest, &line.code, line.level) {
            (0, _, _) if line.item.is_some() => 0..=0,
            (0, _, _) => continue,
            (_, None, _) if line.item.as_deref() == Some("合计") => 1..=deepest,
            // The migration lists levels 1 to 3 only.
            (_, Some(_), Some(level)) if (1..=3).contains(&level) => level..=level,
            _ => continue,
        };
        let fen = COLUMN_KEYS.map(|keys| amount(table, line, keys));
        for level in listed_at {
            levels[usize::from(level)].push((line, fen));
        }
    }
    let side = |line: &Line| line.side.map(|s| s.key());
    for (level, mut lines) in levels.into_iter().enumerate() {
        if lines.is_empty() {
            continue;
        }
        // The migration's order: row_no, then side as text (none first).
        lines.sort_by_key(|(line, _)| (line.row_no, side(line).unwrap_or("")));
        let row_nos: Vec<i64> = lines.iter().map(|(l, _)| l.row_no as i64).collect();
        let names: Vec<&str> = lines.iter().map(|(l, _)| l.name.as_str()).collect();
        let sides = array(lines.iter().map(|(l, _)| side(l)));
        let codes = array(lines.iter().map(|(l, _)| l.code.as_deref()));
        let items = array(lines.iter().map(|(l, _)| l.item.as_deref()));
        let fens: [Option<String>; 8] =
            std::array::from_fn(|c| array(lines.iter().map(|(_, fen)| fen[c])));
        tx.prepare_cached(
            "INSERT OR ROLLBACK INTO yoy_packs (by, level, disclosure_id, row_nos, sides, codes, names,
               items, total, basic, project, operating, remit, subsidy, personnel, public)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?
        .execute(params![
            by,
            level as i64,
            disclosure_id,
            json(&row_nos),
            sides,
            codes,
            json(&names),
            items,
            fens[0],
            fens[1],
            fens[2],
            fens[3],
            fens[4],
            fens[5],
            fens[6],
            fens[7],
        ])?;
    }
    Ok(())
}

/// A pack's array of one field, or `None` (SQL NULL) when every element is
/// null, as the migration writes it.
fn array<T: serde::Serialize>(values: impl Iterator<Item = Option<T>>) -> Option<String> {
    let values: Vec<Option<T>> = values.collect();
    values.iter().any(Option::is_some).then(|| json(&values))
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serialising numbers, strings and null into a String cannot fail.
    serde_json::to_string(value).expect("plain values serialise")
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

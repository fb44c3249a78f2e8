//! The compact copies `yoy` and `sangong` read (migrations/V4, V5): written with
//! each disclosure, from the same typed tables as its lines and amounts.

use super::writer::Writer;
use crate::model::{AmountCell, Line, Side, StandardTable, TableKind, UnitDisclosure};
use crate::recognise::{Problem, Refusal};
use crate::yoy_packs::{self, By, AMOUNT_COLUMNS, KEY_COLUMNS, LINE_COLUMNS, TOTAL};
use rusqlite::{params, ToSql};
use std::sync::LazyLock;

/// The table `yoy --by function` reads: the 支出总表, unless it prints no
/// class line (Jiangsu's 支出预算总表 is one 合计 row), then the 财政拨款
/// 支出表 (every fund) or the 一般公共预算 one, whichever has classes.
fn function_table(unit: &UnitDisclosure) -> Option<&StandardTable> {
    let has_classes = |t: &&StandardTable| t.lines.iter().any(|l| l.code.is_some());
    let choices = [
        TableKind::Expenditure,
        TableKind::FiscalExpenditure,
        TableKind::GeneralPublic,
    ];
    choices
        .iter()
        .filter_map(|&kind| unit.table(kind))
        .find(has_classes)
        .or_else(|| unit.table(TableKind::Expenditure))
}

/// yoy_packs' amount columns (see [`yoy_packs::AMOUNT_COLUMNS`]).
const AMOUNTS: usize = AMOUNT_COLUMNS.len();

/// A disclosure's compact copies, computed on the reading thread (they are
/// pure functions of its tables) so that the writer only binds them.
#[derive(Debug, Default)]
pub struct Summaries {
    packs: Vec<Pack>,
    /// sangong_totals: 小计, 出国, 公务用车, 购置, 运行维护, 接待.
    sangong: Vec<[i64; 6]>,
}

/// One yoy_packs row, its arrays already written as JSON.
#[derive(Debug)]
struct Pack {
    by: By,
    level: i64,
    row_nos: String,
    sides: Option<String>,
    codes: Option<String>,
    names: String,
    items: Option<String>,
    fens: [Option<String>; AMOUNTS],
}

impl Summaries {
    /// Refused with the table, row and column named when cells the copies
    /// add into one figure sum past an amount's range: a total stored
    /// wrong would be printed wrong by every query that reads it.
    pub fn of(unit: &UnitDisclosure) -> Result<Summaries, Problem> {
        let mut summaries = Summaries::default();
        if let Some(table) = function_table(unit) {
            summaries.add_packs(table, By::Function)?;
        }
        for table in &unit.tables {
            match table.kind {
                TableKind::BasicEconomic => summaries.add_packs(table, By::Economic)?,
                TableKind::Summary => summaries.add_packs(table, By::Summary)?,
                TableKind::Sangong => summaries.sangong.push(sangong(table)?),
                _ => {}
            }
        }
        Ok(summaries)
    }

    /// The table's lines at each of `by`'s levels (the summary's, which
    /// have none, at level 0). The 合计 row is listed at every level so that
    /// each level reads with its total.
    fn add_packs(&mut self, table: &StandardTable, by: By) -> Result<(), Problem> {
        // 3 项 for 功能分类, 2 款 for 经济分类; 0 for the summary.
        let deepest = by.levels().last().copied().unwrap_or(0);
        // Index 0 is the summary's level 0; 1..=3 the classification levels.
        let mut levels: [Vec<(&Line, Amounts)>; 4] = Default::default();
        let columns = KeyedColumns::of(table);
        for line in &table.lines {
            let listed_at = match (deepest, &line.code, line.level) {
                (0, _, _) if line.item.is_some() => 0..=0,
                (0, _, _) => continue,
                (_, None, _) if line.item.as_deref() == Some("合计") => 1..=deepest,
                // The migration lists levels 1 to 3 only.
                (_, Some(_), Some(level)) if (1..=3).contains(&level) => level..=level,
                _ => continue,
            };
            let fen = columns.amounts(table, line)?;
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
            let fens: [Option<String>; AMOUNTS] =
                std::array::from_fn(|c| array(lines.iter().map(|(_, fen)| fen[c])));
            self.packs.push(Pack {
                by,
                level: level as i64,
                row_nos: json(&row_nos),
                sides,
                codes,
                names: json(&names),
                items,
                fens,
            });
        }
        Ok(())
    }
}

/// `INSERT INTO yoy_packs (every column) VALUES (?1, …)`.
static INSERT_PACK: LazyLock<String> = LazyLock::new(|| {
    let columns: Vec<&str> = yoy_packs::columns().collect();
    let values: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT OR ROLLBACK INTO yoy_packs ({}) VALUES ({})",
        columns.join(", "),
        values.join(", ")
    )
});

/// Every `by` and level, named so that a delete by disclosure seeks: the
/// key leads with (by, level).
static DELETE_PACKS: LazyLock<String> = LazyLock::new(|| {
    let bys: Vec<String> = By::ALL.iter().map(|by| format!("'{}'", by.key())).collect();
    let levels: Vec<String> = std::iter::once(0)
        .chain(By::ALL.iter().flat_map(|by| by.levels().iter().copied()))
        .collect::<std::collections::BTreeSet<u8>>()
        .iter()
        .map(u8::to_string)
        .collect();
    format!(
        "DELETE FROM yoy_packs WHERE by IN ({}) AND level IN ({}) AND disclosure_id = ?1",
        bys.join(", "),
        levels.join(", ")
    )
});

pub fn insert(tx: &Writer, disclosure_id: i64, summaries: &Summaries) -> rusqlite::Result<()> {
    const WIDTH: usize = KEY_COLUMNS.len() + LINE_COLUMNS.len() + AMOUNTS;
    for pack in &summaries.packs {
        let key: [&dyn ToSql; KEY_COLUMNS.len()] = [&pack.by.key(), &pack.level, &disclosure_id];
        // In LINE_COLUMNS' order.
        let lines: [&dyn ToSql; LINE_COLUMNS.len()] = [
            &pack.row_nos,
            &pack.sides,
            &pack.codes,
            &pack.names,
            &pack.items,
        ];
        let values: [&dyn ToSql; WIDTH] = std::array::from_fn(|i| match i {
            i if i < key.len() => key[i],
            i if i < key.len() + lines.len() => lines[i - key.len()],
            i => &pack.fens[i - key.len() - lines.len()],
        });
        tx.insert(INSERT_PACK.as_str(), &values)?;
    }
    for [total, overseas, vehicle, purchase, operation, reception] in &summaries.sangong {
        tx.insert(
            "INSERT OR ROLLBACK INTO sangong_totals (disclosure_id, total_fen, overseas_fen, vehicle_fen,
               vehicle_purchase_fen, vehicle_operation_fen, reception_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![disclosure_id, total, overseas, vehicle, purchase, operation, reception],
        )?;
    }
    Ok(())
}

pub fn delete(tx: &Writer, disclosure_id: i64) -> rusqlite::Result<()> {
    tx.prepare_cached(DELETE_PACKS.as_str())?
        .execute([disclosure_id])?;
    tx.prepare_cached("DELETE FROM sangong_totals WHERE disclosure_id = ?1")?
        .execute([disclosure_id])?;
    Ok(())
}

/// The line's amount in the columns of the first of `keys` the table
/// prints on the line's side, summed (a table printing a key twice is added
/// up, as the queries always did); `None` when every such cell is blank or
/// "-" or there is none.
fn amount(table: &StandardTable, line: &Line, keys: &[&str]) -> Result<Option<i64>, Problem> {
    let on_side = |key: &str| {
        table
            .columns
            .iter()
            .any(|c| c.side == line.side && c.key == key)
    };
    let Some(key) = keys.iter().find(|key| on_side(key)) else {
        return Ok(None);
    };
    let cells = table
        .columns
        .iter()
        .filter(|c| c.side == line.side && c.key == *key)
        .filter_map(|c| line.cell_at(c.position));
    add_cells(cells).ok_or_else(|| beyond_range(table, line, Some(key)))
}

/// The figures of `cells` added up: `Some(None)` when no cell has one,
/// `None` when their sum does not fit an amount.
fn add_cells<'a>(cells: impl Iterator<Item = &'a AmountCell>) -> Option<Option<i64>> {
    let mut sum: Option<i64> = None;
    for fen in cells.filter_map(|cell| cell.value.fen()) {
        sum = Some(match sum {
            None => fen,
            Some(sum) => sum.checked_add(fen)?,
        });
    }
    Some(sum)
}

/// The refusal of a line whose cells of one column key (`key`), or of a
/// 三公 part (`key` None), add up past an amount's range.
fn beyond_range(table: &StandardTable, line: &Line, key: Option<&str>) -> Problem {
    let (what, what_en) = match key {
        Some(_) => ("本行同一栏目", "cells of one column on this line"),
        None => ("本表同一项目各行", "lines of this 三公 part"),
    };
    let header = key.and_then(|key| {
        table
            .columns
            .iter()
            .find(|c| c.side == line.side && c.key == key)
            .map(|c| c.header.clone())
    });
    Problem {
        line: line.source_line,
        table: Some(table.title.clone()),
        row: Some(if line.seq.is_empty() {
            line.name.clone()
        } else {
            line.seq.clone()
        }),
        column: header,
        what: Box::new(Refusal::SumBeyondRange { what, what_en }),
    }
}

/// A line's amount in each of yoy_packs' amount columns.
type Amounts = [Option<i64>; AMOUNTS];

/// A table's column positions for each amount column's keys, per side: looked
/// up once per table rather than for every line and key (that search was
/// most of the packs' cost).
struct KeyedColumns {
    /// Indexed by side (none, income, expenditure), then by key.
    positions: [[Vec<usize>; AMOUNTS]; 3],
}

impl KeyedColumns {
    fn of(table: &StandardTable) -> KeyedColumns {
        let mut positions: [[Vec<usize>; AMOUNTS]; 3] = Default::default();
        for (slot, amount) in AMOUNT_COLUMNS.iter().enumerate() {
            for (side, by_key) in positions.iter_mut().enumerate() {
                let on_side = || {
                    table
                        .columns
                        .iter()
                        .filter(move |c| side_index(c.side) == side)
                };
                // The first of the amount column's keys the table prints.
                let Some(key) = amount
                    .keys
                    .iter()
                    .find(|key| on_side().any(|c| c.key == **key))
                else {
                    continue;
                };
                by_key[slot] = on_side()
                    .filter(|c| c.key == *key)
                    .map(|c| c.position)
                    .collect();
            }
        }
        KeyedColumns { positions }
    }

    /// Same sums as [`amount`] for each key.
    fn amounts(&self, table: &StandardTable, line: &Line) -> Result<Amounts, Problem> {
        let by_key = &self.positions[side_index(line.side)];
        let mut amounts: Amounts = [None; AMOUNTS];
        for (slot, positions) in amounts.iter_mut().zip(by_key) {
            let cells = positions
                .iter()
                .filter_map(|position| line.cell_at(*position));
            *slot = add_cells(cells).ok_or_else(|| {
                let key = positions
                    .first()
                    .and_then(|p| table.columns.iter().find(|c| c.position == *p));
                beyond_range(table, line, key.map(|c| c.key.as_str()))
            })?;
        }
        Ok(amounts)
    }
}

fn side_index(side: Option<Side>) -> usize {
    match side {
        None => 0,
        Some(Side::Income) => 1,
        Some(Side::Expenditure) => 2,
    }
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

fn sangong(table: &StandardTable) -> Result<[i64; 6], Problem> {
    let part = |item: &str| -> Result<i64, Problem> {
        let mut sum: i64 = 0;
        for line in table
            .lines
            .iter()
            .filter(|line| line.item.as_deref() == Some(item))
        {
            if let Some(fen) = amount(table, line, TOTAL.keys)? {
                sum = sum
                    .checked_add(fen)
                    .ok_or_else(|| beyond_range(table, line, None))?;
            }
        }
        Ok(sum)
    };
    Ok([
        part("小计")?,
        part("因公出国（境）费")?,
        part("公务用车购置及运行维护费")?,
        part("公务用车购置费")?,
        part("公务用车运行维护费")?,
        part("公务接待费")?,
    ])
}

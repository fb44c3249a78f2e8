//! The stored documents of a unit-year's other stage and of last year →
//! the figures the audit's cross_stage rules judge ([`crate::audit::cross_stage`]),
//! and their findings stored with the 决算.
//!
//! Run whenever a disclosure is stored, for the 决算 of its year and of the
//! year after (each may now have a counterpart it lacked): the import order
//! of the stages and years does not matter.

use super::findings::insert;
use super::writer::Writer;
use crate::amount::AmountUnit;
use crate::audit::cross_stage::{self, Figure, PrintedBudget};
use crate::measure::{total_measure, Measure};
use crate::model::UnitDisclosure;
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// Re-judge the 决算 of `unit`'s year and of the year after, same scope.
pub fn recheck(tx: &Writer, unit: &UnitDisclosure) -> rusqlite::Result<()> {
    let scope = unit.scope.map_or("", |s| s.key());
    for year in [unit.year, unit.year + 1] {
        let Some(final_id) = disclosure(tx, &unit.code, year, "决算", scope)? else {
            continue;
        };
        tx.prepare_cached(
            "DELETE FROM findings WHERE disclosure_id = ?1 AND (rule = ?2 OR rule = ?3)",
        )?
        .execute(params![
            final_id,
            cross_stage::RULE_BUDGET,
            cross_stage::RULE_CARRY_OVER
        ])?;
        let mut findings = Vec::new();
        if let Some(budget_id) = disclosure(tx, &unit.code, year, "预算", scope)? {
            let expected = budget_figures(tx, budget_id)?;
            findings.extend(cross_stage::budgets(
                year,
                &printed_budgets(tx, final_id)?,
                |kind, line| expected.get(&(kind.to_string(), line.to_string())).cloned(),
            ));
        }
        if let Some(last_id) = disclosure(tx, &unit.code, year - 1, "决算", scope)? {
            let opening = summary_line(tx, final_id, "年初结转和结余")?;
            let closing = summary_line(tx, last_id, "年末结转和结余")?;
            if let (Some(opening), Some(closing)) = (opening, closing) {
                findings.extend(cross_stage::carry_over(year, &opening, &closing));
            }
        }
        insert(tx, final_id, &findings)?;
    }
    Ok(())
}

fn disclosure(
    tx: &Writer,
    unit: &str,
    year: i32,
    stage: &str,
    scope: &str,
) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached(
        "SELECT id FROM disclosures WHERE unit_code = ?1 AND year = ?2 AND stage = ?3 AND scope = ?4",
    )?
    .query_row(params![unit, year, stage, scope], |r| r.get(0))
    .optional()
}

fn unit_of(published: &str) -> AmountUnit {
    if published == "元" {
        AmountUnit::Yuan
    } else {
        AmountUnit::Wanyuan
    }
}

/// Every amount cell of a disclosure's classified and 三公 tables: kind,
/// title, unit, line (code, else item), name, column header and key, fen.
const CELLS: &str = "SELECT t.kind, t.title, t.amount_unit, coalesce(l.code, l.item), l.name, c.header, c.key, a.fen
     FROM tables t
     JOIN lines l ON l.table_id = t.id AND (l.code IS NOT NULL OR l.item IS NOT NULL)
     JOIN layout_columns c ON c.layout_id = t.layout_id AND c.role = 'amount' AND c.side IS l.side
     LEFT JOIN amounts a ON a.line_id = l.id AND a.position = c.position
     WHERE t.disclosure_id = ?1 AND t.classification <> 'summary'
     ORDER BY t.id, l.row_no, c.position";

type Cell = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
);

fn cells(tx: &Writer, disclosure_id: i64) -> rusqlite::Result<Vec<Cell>> {
    tx.prepare_cached(CELLS)?
        .query_map(params![disclosure_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })?
        .collect()
}

/// The budgets a 决算 prints that the 预算 document must match: its total
/// 年初预算数 and plain 预算数 columns.
fn printed_budgets(tx: &Writer, final_id: i64) -> rusqlite::Result<Vec<PrintedBudget>> {
    Ok(cells(tx, final_id)?
        .into_iter()
        .filter_map(|(kind, title, unit, line, name, header, key, fen)| {
            let measure = total_measure(&header, &key)?;
            matches!(measure, Measure::StartBudget | Measure::Budget).then(|| PrintedBudget {
                kind,
                line,
                name,
                column: measure.label().to_string(),
                figure: Figure {
                    fen,
                    unit: unit_of(&unit),
                    title,
                },
            })
        })
        .collect())
}

/// The 预算 document's figure per (table kind, line): the total column
/// (合计; 预算数 where a table prints only that).
fn budget_figures(
    tx: &Writer,
    budget_id: i64,
) -> rusqlite::Result<HashMap<(String, String), Figure>> {
    let mut figures: HashMap<(String, String), (u8, Figure)> = HashMap::new();
    for (kind, title, unit, line, _, _, key, fen) in cells(tx, budget_id)? {
        let rank = match key.as_str() {
            "合计" => 0,
            "预算数" | "本年预算数" => 1,
            _ => continue,
        };
        let figure = Figure {
            fen,
            unit: unit_of(&unit),
            title,
        };
        let slot = figures
            .entry((kind, line))
            .or_insert((rank, figure.clone()));
        if rank < slot.0 {
            *slot = (rank, figure);
        }
    }
    Ok(figures.into_iter().map(|(k, (_, f))| (k, f)).collect())
}

/// A 收支总表 line's amount: its first published cell (a table printed
/// without 收入/支出 headers has no sides, and the item names its side).
fn summary_line(tx: &Writer, disclosure_id: i64, item: &str) -> rusqlite::Result<Option<Figure>> {
    tx.prepare_cached(
        "SELECT a.fen, t.amount_unit, t.title FROM tables t
         JOIN lines l ON l.table_id = t.id AND l.item = ?2
         JOIN layout_columns c ON c.layout_id = t.layout_id AND c.role = 'amount' AND c.side IS l.side
         LEFT JOIN amounts a ON a.line_id = l.id AND a.position = c.position
         WHERE t.disclosure_id = ?1 AND t.kind = '收支总表'
         ORDER BY a.line_id IS NULL, c.position LIMIT 1",
    )?
    .query_row(params![disclosure_id, item], |r| {
        Ok(Figure {
            fen: r.get(0)?,
            unit: unit_of(&r.get::<_, String>(1)?),
            title: r.get(2)?,
        })
    })
    .optional()
}

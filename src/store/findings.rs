//! Writing audit findings with their disclosure.

use super::writer::Writer;
use crate::amount::{format_fen, AmountUnit};
use crate::audit::Finding;
use crate::model::{Claim, Qualifier, UnitDisclosure};
use rusqlite::{params, OptionalExtension};

pub fn insert(tx: &Writer, disclosure_id: i64, findings: &[Finding]) -> rusqlite::Result<()> {
    if findings.is_empty() {
        return Ok(());
    }
    for f in findings {
        tx.insert(
            "INSERT INTO findings (disclosure_id, rule, severity, message, table_kind, seq, code, column_key,
                                   published_fen, expected_fen, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                disclosure_id,
                f.rule,
                f.severity.key(),
                f.message,
                f.table,
                f.seq,
                f.code,
                f.column,
                f.published_fen,
                f.expected_fen,
                f.evidence
            ],
        )?;
    }
    Ok(())
}

/// narrative.previous_year: what a disclosure says last year's 预算支出 was,
/// against last year's stored document. Run for the unit-year just stored,
/// both ways: its own statement about last year, and next year's statement
/// about it (so the import order of the years does not matter).
///
/// The disclosure just stored is in hand: its own statement is read from
/// memory and it has no finding of this rule yet, so that direction costs at
/// most one query (last year's figure) instead of four.
pub fn previous_year(
    tx: &Writer,
    disclosure_id: i64,
    unit: &UnitDisclosure,
) -> rusqlite::Result<()> {
    let stated_here = unit
        .narrative
        .figures
        .iter()
        .filter(|f| f.claim == Claim::Expenditure && f.qualifier == Some(Qualifier::PreviousYear))
        .filter_map(|f| Some((f.ordinal, f.fen?, f.raw.clone(), f.source_line as i64)))
        .min_by_key(|(ordinal, ..)| *ordinal)
        .map(|(_, fen, raw, line)| (fen, raw, line));
    if let Some(said) = stated_here {
        compare(
            tx,
            disclosure_id,
            &unit.code,
            unit.year,
            unit.year - 1,
            said,
        )?;
    }

    let next_year = unit.year + 1;
    let Some(next_id) = tx
        .prepare_cached(
            "SELECT id FROM disclosures WHERE unit_code = ?1 AND year = ?2 AND stage = '预算'",
        )?
        .query_row(params![unit.code, next_year], |r| r.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(());
    };
    // Next year's finding was made against the document this one replaces.
    tx.prepare_cached(
        "DELETE FROM findings WHERE disclosure_id = ?1 AND rule = 'narrative.previous_year'",
    )?
    .execute([next_id])?;
    let stated_there: Option<(i64, String, i64)> = tx
        .prepare_cached(
            "SELECT fen, raw, source_line FROM stated_figures
             WHERE disclosure_id = ?1 AND claim = '预算支出' AND qualifier = '上年' AND fen IS NOT NULL
             ORDER BY ordinal LIMIT 1",
        )?
        .query_row([next_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match stated_there {
        Some(said) => compare(tx, next_id, &unit.code, next_year, unit.year, said),
        None => Ok(()),
    }
}

/// Hold what `stating`'s disclosure says (`said`: fen, as written, its line)
/// against the stored 收支总表 of `stated`, and record a finding if they differ.
fn compare(
    tx: &Writer,
    disclosure_id: i64,
    unit: &str,
    stating: i32,
    stated: i32,
    (said, raw, line): (i64, String, i64),
) -> rusqlite::Result<()> {
    let actual: Option<(Option<i64>, String)> = tx
        .prepare_cached(
            "SELECT a.fen, t.amount_unit FROM disclosures d
             JOIN tables t ON t.disclosure_id = d.id AND t.kind = '收支总表'
             JOIN lines l ON l.table_id = t.id AND l.side = 'expenditure' AND l.item = '本年支出合计'
             JOIN layout_columns c ON c.layout_id = t.layout_id AND c.role = 'amount' AND c.side = 'expenditure'
             LEFT JOIN amounts a ON a.line_id = l.id AND a.position = c.position
             WHERE d.unit_code = ?1 AND d.year = ?2 AND d.stage = '预算'",
        )?
        .query_row(params![unit, stated], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((actual, published_unit)) = actual else {
        return Ok(());
    };
    let actual = actual.unwrap_or(0);
    if said == actual {
        return Ok(());
    }
    let unit_label = if published_unit == "元" {
        AmountUnit::Yuan
    } else {
        AmountUnit::Wanyuan
    };
    let severity = crate::audit::severity_of(said - actual, 1).key();
    tx.prepare_cached(
        "INSERT INTO findings (disclosure_id, rule, severity, message, table_kind, column_key,
                               published_fen, expected_fen, evidence)
         VALUES (?1, 'narrative.previous_year', ?2, ?3, '收支总表', '预算数', ?4, ?5, ?6)",
    )?
    .execute(params![
        disclosure_id,
        severity,
        "情况说明所述上年预算支出与上年已导入的文件不符 (stated last-year figure differs from last year's document)",
        said,
        actual,
        format!(
            "{stating} 年情况说明（第 {line} 行）称 {stated} 年预算支出为 {raw}；{stated} 年文件的收支总表本年支出合计为 {} {}",
            format_fen(actual, unit_label, 2),
            unit_label.label()
        )
    ])?;
    Ok(())
}

//! Audit findings → the `findings` table, with their disclosure; and the
//! stored years as the audit's cross-year rule reads them.

use super::writer::Writer;
use crate::amount::AmountUnit;
use crate::audit::history::{self, History, Statement, Total};
use crate::model::{Finding, Severity, UnitDisclosure};
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

/// narrative.previous_year (the rule is [`crate::audit::history`]), run for
/// the unit-year just stored, both ways: its own statement about last year,
/// and next year's statement about it, so the import order of the years does
/// not matter.
///
/// The disclosure just stored is in hand: its own statement is read from
/// memory and it has no finding of this rule yet, so that direction costs at
/// most one query (last year's figure) instead of four.
///
/// Returns the severity of the finding made against the disclosure just
/// stored, if any, so that the import counts it with the others.
pub fn previous_year(
    tx: &Writer,
    disclosure_id: i64,
    unit: &UnitDisclosure,
) -> rusqlite::Result<Option<Severity>> {
    let stored = Stored(tx);
    let mut own = None;
    if let Some(mut said) = history::statement(unit) {
        said.document = tx
            .prepare_cached(
                "SELECT doc.source_path FROM disclosures d JOIN documents doc ON doc.id = d.document_id
                 WHERE d.id = ?1",
            )?
            .query_row([disclosure_id], |r| r.get::<_, String>(0))
            .map(|path| file_name(&path))?;
        if let Some(finding) = history::check(&stored, &unit.code, unit.year, said)? {
            own = Some(finding.severity);
            insert(tx, disclosure_id, &[finding])?;
        }
    }

    let next_year = unit.year + 1;
    let Some(next_id) = tx
        .prepare_cached(
            "SELECT id FROM disclosures WHERE unit_code = ?1 AND year = ?2 AND stage = '预算'",
        )?
        .query_row(params![unit.code, next_year], |r| r.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(own);
    };
    // Next year's finding was made against the document this one replaces.
    tx.prepare_cached("DELETE FROM findings WHERE disclosure_id = ?1 AND rule = ?2")?
        .execute(params![next_id, history::RULE])?;
    if let Some(said) = stored.statement(&unit.code, next_year)? {
        if let Some(finding) = history::check(&stored, &unit.code, next_year, said)? {
            insert(tx, next_id, &[finding])?;
        }
    }
    Ok(own)
}

/// The file name of a stored source path: enough to tell documents apart
/// in a finding's evidence.
fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// The stored years, as the audit's cross-year rule asks about them.
struct Stored<'a, 'c>(&'a Writer<'c>);

impl History for Stored<'_, '_> {
    type Error = rusqlite::Error;

    fn statement(&self, unit: &str, year: i32) -> rusqlite::Result<Option<Statement>> {
        self.0
            .prepare_cached(
                "SELECT s.fen, s.raw, s.source_line, doc.source_path FROM disclosures d
                 JOIN documents doc ON doc.id = d.document_id
                 JOIN stated_figures s ON s.disclosure_id = d.id
                 WHERE d.unit_code = ?1 AND d.year = ?2 AND d.stage = '预算'
                   AND s.claim = '预算支出' AND s.qualifier = '上年' AND s.fen IS NOT NULL
                 ORDER BY s.ordinal LIMIT 1",
            )?
            .query_row(params![unit, year], |r| {
                Ok(Statement {
                    fen: r.get(0)?,
                    raw: r.get(1)?,
                    line: r.get(2)?,
                    document: file_name(&r.get::<_, String>(3)?),
                })
            })
            .optional()
    }

    fn total(&self, unit: &str, year: i32) -> rusqlite::Result<Option<Total>> {
        self.0
            .prepare_cached(
                "SELECT a.fen, t.amount_unit, doc.source_path FROM disclosures d
                 JOIN documents doc ON doc.id = d.document_id
                 JOIN tables t ON t.disclosure_id = d.id AND t.kind = '收支总表'
                 JOIN lines l ON l.table_id = t.id AND l.side = 'expenditure' AND l.item = '本年支出合计'
                 JOIN layout_columns c ON c.layout_id = t.layout_id AND c.role = 'amount' AND c.side = 'expenditure'
                 LEFT JOIN amounts a ON a.line_id = l.id AND a.position = c.position
                 WHERE d.unit_code = ?1 AND d.year = ?2 AND d.stage = '预算'",
            )?
            .query_row(params![unit, year], |r| {
                let published: String = r.get(1)?;
                Ok(Total {
                    fen: r.get(0)?,
                    unit: if published == "元" {
                        AmountUnit::Yuan
                    } else {
                        AmountUnit::Wanyuan
                    },
                    document: file_name(&r.get::<_, String>(2)?),
                })
            })
            .optional()
    }
}

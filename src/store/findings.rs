//! Writing audit findings with their disclosure.

use crate::audit::Finding;
use rusqlite::{params, Connection};

pub fn insert(tx: &Connection, disclosure_id: i64, findings: &[Finding]) -> rusqlite::Result<()> {
    if findings.is_empty() {
        return Ok(());
    }
    let mut statement = tx.prepare_cached(
        "INSERT INTO findings (disclosure_id, rule, severity, message, table_kind, seq, code, column_key,
                               published_fen, expected_fen, evidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for f in findings {
        statement.execute(params![
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
        ])?;
    }
    Ok(())
}

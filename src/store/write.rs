//! Writing one recognised document: one transaction, all or nothing.

use crate::model::{Document, StandardTable, UnitDisclosure};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

/// What is known about the file itself.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub sha256: String,
    pub byte_size: u64,
    pub encoding: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreOutcome {
    Imported {
        /// (unit code, year, source path of the replaced document)
        replaced: Vec<(String, i32, String)>,
    },
    /// A file with the same bytes is already stored.
    Unchanged { stored_as: String },
}

#[derive(Debug)]
pub enum StoreError {
    /// The unit and year are already stored from another document.
    Conflict {
        unit: String,
        year: i32,
        stored_from: String,
    },
    Sqlite(rusqlite::Error),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Conflict { unit, year, stored_from } => write!(
                f,
                "单位 {unit} {year} 年已从另一文件导入（{stored_from}）；如要替换请加 --replace \
                 (unit {unit} year {year} is already stored from {stored_from}; use --replace to replace it)"
            ),
            StoreError::Sqlite(e) => write!(f, "数据库错误 (database error): {e}"),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

/// Store a document in one transaction. Nothing is written when the same
/// bytes are already stored, or when a unit-year is stored from another
/// document and `replace` is false.
pub fn store_document(
    conn: &mut Connection,
    source: &Source,
    document: &Document,
    replace: bool,
) -> Result<StoreOutcome, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let stored_as: Option<String> = tx
        .query_row(
            "SELECT source_path FROM documents WHERE sha256 = ?1",
            [&source.sha256],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(stored_as) = stored_as {
        return Ok(StoreOutcome::Unchanged { stored_as });
    }

    let mut replaced = Vec::new();
    for unit in &document.units {
        let existing: Option<(i64, String)> = tx
            .query_row(
                "SELECT d.id, doc.source_path FROM disclosures d JOIN documents doc ON doc.id = d.document_id
                 WHERE d.unit_code = ?1 AND d.year = ?2 AND d.stage = '预算'",
                params![unit.code, unit.year],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, path)) = existing {
            if !replace {
                return Err(StoreError::Conflict {
                    unit: unit.code.clone(),
                    year: unit.year,
                    stored_from: path,
                });
            }
            tx.execute("DELETE FROM disclosures WHERE id = ?1", [id])?;
            replaced.push((unit.code.clone(), unit.year, path));
        }
    }
    if !replaced.is_empty() {
        tx.execute(
            "DELETE FROM documents WHERE id NOT IN (SELECT document_id FROM disclosures)",
            [],
        )?;
    }

    tx.execute(
        "INSERT INTO documents (source_path, sha256, byte_size, encoding, imported_at)
         VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        params![
            source.path,
            source.sha256,
            source.byte_size as i64,
            source.encoding
        ],
    )?;
    let document_id = tx.last_insert_rowid();
    for unit in &document.units {
        insert_unit(&tx, document_id, unit)?;
    }
    tx.commit()?;
    Ok(StoreOutcome::Imported { replaced })
}

fn insert_unit(tx: &Connection, document_id: i64, unit: &UnitDisclosure) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT OR IGNORE INTO units (code) VALUES (?1)")?
        .execute([&unit.code])?;
    tx.prepare_cached(
        "INSERT INTO disclosures (document_id, unit_code, unit_name, year, amount_unit, heading, source_line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        document_id,
        unit.code,
        unit.name,
        unit.year,
        unit.amount_unit.label(),
        unit.heading,
        unit.source_line as i64
    ])?;
    let disclosure_id = tx.last_insert_rowid();
    for table in &unit.tables {
        insert_table(tx, disclosure_id, table)?;
    }
    Ok(())
}

fn insert_table(
    tx: &Connection,
    disclosure_id: i64,
    table: &StandardTable,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO tables (disclosure_id, kind, title, amount_unit, is_empty, note, source_line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        disclosure_id,
        table.kind.key(),
        table.title,
        table.amount_unit.label(),
        table.is_empty,
        table.note,
        table.source_line as i64
    ])?;
    let table_id = tx.last_insert_rowid();

    let mut column_insert = tx.prepare_cached(
        "INSERT INTO table_columns (table_id, position, lanci, header, key, role, side)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for column in &table.columns {
        let role = match column.role {
            crate::model::ColumnRole::Code => "code",
            crate::model::ColumnRole::Name => "name",
            crate::model::ColumnRole::Amount => "amount",
        };
        column_insert.execute(params![
            table_id,
            column.position as i64,
            column.lanci,
            column.header,
            column.key,
            role,
            column.side.map(|s| s.key())
        ])?;
    }

    let classification = table.kind.classification().key();
    let mut line_insert = tx.prepare_cached(
        "INSERT INTO lines (table_id, row_no, seq, side, classification, code, level, name, item, source_line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut amount_insert = tx.prepare_cached(
        "INSERT INTO amounts (line_id, position, fen, state, raw) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for line in &table.lines {
        line_insert.execute(params![
            table_id,
            line.row_no as i64,
            line.seq,
            line.side.map(|s| s.key()),
            classification,
            line.code,
            line.level,
            line.name,
            line.item,
            line.source_line as i64
        ])?;
        let line_id = tx.last_insert_rowid();
        for cell in &line.cells {
            amount_insert.execute(params![
                line_id,
                cell.position as i64,
                cell.value.fen(),
                cell.value.state(),
                cell.raw
            ])?;
        }
    }
    Ok(())
}

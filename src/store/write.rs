//! Writing one recognised document: one transaction, all or nothing.

use crate::model::{ColumnRole, Side};
use crate::model::{Document, StandardTable, UnitDisclosure};
use rusqlite::{params, Connection, OptionalExtension, ToSql, TransactionBehavior};

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

    let positions: Vec<i64> = table.columns.iter().map(|c| c.position as i64).collect();
    let column_rows: Vec<[&dyn ToSql; 7]> = table
        .columns
        .iter()
        .zip(&positions)
        .map(|(column, position)| -> [&dyn ToSql; 7] {
            [
                &table_id,
                position,
                &column.lanci,
                &column.header,
                &column.key,
                role_key(column.role),
                side_key(column.side),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "INSERT INTO table_columns (table_id, position, lanci, header, key, role, side) VALUES ",
        &column_rows,
    )?;

    // Line ids are assigned here rather than read back one insert at a time,
    // so that lines and amounts go in as a few multi-row statements: the
    // per-statement cost, not the per-row cost, dominated imports.
    let first_line_id: i64 =
        tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM lines", [], |r| {
            r.get(0)
        })?;
    let classification = table.kind.classification().key();
    let numbers: Vec<[i64; 3]> = table
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            [
                first_line_id + i as i64,
                line.row_no as i64,
                line.source_line as i64,
            ]
        })
        .collect();
    let line_rows: Vec<[&dyn ToSql; 11]> = table
        .lines
        .iter()
        .zip(&numbers)
        .map(|(line, [id, row_no, source_line])| -> [&dyn ToSql; 11] {
            [
                id,
                &table_id,
                row_no,
                &line.seq,
                side_key(line.side),
                &classification,
                &line.code,
                &line.level,
                &line.name,
                &line.item,
                source_line,
            ]
        })
        .collect();
    insert_rows(
        tx,
        "INSERT INTO lines (id, table_id, row_no, seq, side, classification, code, level, name, item, source_line) VALUES ",
        &line_rows,
    )?;

    let cell_values: Vec<(i64, i64, Option<i64>)> = table
        .lines
        .iter()
        .zip(&numbers)
        .flat_map(|(line, [id, _, _])| {
            line.cells
                .iter()
                .map(move |cell| (*id, cell.position as i64, cell.value.fen()))
        })
        .collect();
    let cells = table.lines.iter().flat_map(|line| &line.cells);
    let amount_rows: Vec<[&dyn ToSql; 5]> = cell_values
        .iter()
        .zip(cells)
        .map(|((line_id, position, fen), cell)| -> [&dyn ToSql; 5] {
            [
                line_id,
                position,
                fen,
                &STATES[state_index(cell.value)],
                &cell.raw,
            ]
        })
        .collect();
    insert_rows(
        tx,
        "INSERT INTO amounts (line_id, position, fen, state, raw) VALUES ",
        &amount_rows,
    )
}

const STATES: [&str; 3] = ["value", "blank", "dash"];

fn state_index(cell: crate::amount::Cell) -> usize {
    match cell {
        crate::amount::Cell::Fen(_) => 0,
        crate::amount::Cell::Blank => 1,
        crate::amount::Cell::Dash => 2,
    }
}

fn role_key(role: ColumnRole) -> &'static &'static str {
    match role {
        ColumnRole::Code => &"code",
        ColumnRole::Name => &"name",
        ColumnRole::Amount => &"amount",
    }
}

fn side_key(side: Option<Side>) -> &'static Option<&'static str> {
    match side {
        None => &None,
        Some(Side::Income) => &Some("income"),
        Some(Side::Expenditure) => &Some("expenditure"),
    }
}

/// Rows per INSERT statement. SQLite allows 32766 parameters; 64 rows keep
/// statements small enough to stay in the statement cache.
const ROWS_PER_STATEMENT: usize = 64;

/// Insert `rows` with as few statements as possible: full chunks share one
/// cached statement, the remainder gets one of its own size.
fn insert_rows<const K: usize>(
    tx: &Connection,
    head: &str,
    rows: &[[&dyn ToSql; K]],
) -> rusqlite::Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = multi_row_sql(head, K, chunk.len());
        let mut statement = tx.prepare_cached(&sql)?;
        let flat: Vec<&dyn ToSql> = chunk.iter().flat_map(|row| row.iter().copied()).collect();
        statement.execute(flat.as_slice())?;
    }
    Ok(())
}

fn multi_row_sql(head: &str, width: usize, rows: usize) -> String {
    let one = format!("({})", vec!["?"; width].join(","));
    let mut sql = String::with_capacity(head.len() + rows * (one.len() + 1));
    sql.push_str(head);
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&one);
    }
    sql
}

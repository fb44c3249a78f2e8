//! Writing one recognised document: one transaction, all or nothing.

use super::error::StoreError;
use super::summaries::Summaries;
use super::writer::Writer;
use crate::amount::Cell;
use crate::model::{Column, ColumnRole, Severity, Side};
use crate::model::{Document, StandardTable, UnitDisclosure};
use rusqlite::{params, Connection, OptionalExtension, ToSql};

/// What is known about the file itself.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub sha256: String,
    pub byte_size: u64,
    pub encoding: String,
}

/// A unit of the incoming document joined with the other part of its
/// disclosure, stored earlier from another file (Jiangsu's 情况说明 and tables
/// are two PDFs): the joined disclosure replaces the stored one, and names
/// both files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Join {
    /// The unit's index in the incoming document.
    pub unit: usize,
    /// The disclosure stored from the other file.
    pub replaces: i64,
    /// The other file's row in `documents`, and its path.
    pub partner_document: i64,
    pub partner_path: String,
    /// What the incoming file brings.
    pub incoming: Part,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Tables,
    Narrative,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreOutcome {
    Imported {
        /// (unit code, year, source path of the replaced document)
        replaced: Vec<(String, i32, String)>,
        /// Findings made against a unit (by its index in the document)
        /// only once it was stored beside the other years (the cross-year
        /// rule): their severities, for the import's counts.
        cross_year: Vec<(usize, Severity)>,
    },
    /// A file with the same bytes is already stored. If the path it was
    /// stored from is gone, the stored path now names the file imported
    /// (`moved_from` the old one): a 情况说明 joined later is read again
    /// from where it is.
    Unchanged {
        stored_as: String,
        moved_from: Option<String>,
    },
}

/// Store a document in the caller's open transaction. Every check that can
/// refuse the document (same bytes already stored, a unit-year stored from
/// another file) runs before the first write, so a refusal writes nothing.
/// Any other error leaves partial writes: the caller must roll back.
///
/// `summaries` are the units' compact copies in order, computed ahead (on
/// the reading thread, see `import::prepare_bytes`); a unit without one has
/// it computed here.
pub fn store_document(
    tx: &Writer,
    source: &Source,
    document: &Document,
    summaries: &[Summaries],
    joins: &[Join],
    replace: bool,
) -> Result<StoreOutcome, StoreError> {
    let stored_as: Option<String> = tx
        .prepare_cached("SELECT source_path FROM documents WHERE sha256 = ?1")?
        .query_row([&source.sha256], |r| r.get(0))
        .optional()?;
    if let Some(stored_as) = stored_as {
        let moved = stored_as != source.path && !std::path::Path::new(&stored_as).exists();
        if moved {
            tx.execute(
                "UPDATE documents SET source_path = ?1 WHERE sha256 = ?2",
                params![source.path, source.sha256],
            )?;
        }
        return Ok(StoreOutcome::Unchanged {
            stored_as: if moved {
                source.path.clone()
            } else {
                stored_as.clone()
            },
            moved_from: moved.then_some(stored_as),
        });
    }

    let mut to_replace = Vec::new();
    for (index, unit) in document.units.iter().enumerate() {
        let join = joins.iter().find(|j| j.unit == index);
        let existing: Option<(i64, String)> = tx
            .prepare_cached(
                "SELECT d.id, doc.source_path FROM disclosures d JOIN documents doc ON doc.id = d.document_id
                 WHERE d.unit_code = ?1 AND d.year = ?2 AND d.stage = ?3 AND d.scope = ?4",
            )?
            .query_row(
                params![unit.code, unit.year, unit.stage.key(), scope_key(unit)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, path)) = existing {
            // The other part of a joined disclosure is taken over, not
            // replaced: that needs no --replace.
            if join.is_some_and(|j| j.replaces == id) {
                continue;
            }
            if !replace {
                return Err(StoreError::Conflict {
                    unit: unit.code.clone(),
                    year: unit.year,
                    stored_from: path,
                });
            }
            to_replace.push((id, (unit.code.clone(), unit.year, path)));
        }
    }
    for (id, _) in &to_replace {
        delete_disclosure(tx, *id)?;
    }
    for join in joins {
        delete_disclosure(tx, join.replaces)?;
    }

    tx.insert(
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
    let mut cross_year = Vec::new();
    for (index, unit) in document.units.iter().enumerate() {
        let computed;
        let unit_summaries = match summaries.get(index) {
            Some(ready) => ready,
            None => {
                computed = Summaries::of(unit).map_err(StoreError::Unstorable)?;
                &computed
            }
        };
        let files = match joins.iter().find(|j| j.unit == index) {
            None => Files {
                tables: document_id,
                narrative: None,
            },
            Some(join) if join.incoming == Part::Tables => Files {
                tables: document_id,
                narrative: Some(join.partner_document),
            },
            Some(join) => Files {
                tables: join.partner_document,
                narrative: Some(document_id),
            },
        };
        if let Some(severity) = insert_unit(tx, files, unit, unit_summaries)? {
            cross_year.push((index, severity));
        }
    }
    // After the inserts: a joined disclosure still names the documents its
    // replaced part came from.
    if !to_replace.is_empty() || !joins.is_empty() {
        tx.execute(
            "DELETE FROM documents WHERE id NOT IN (SELECT document_id FROM disclosures)
               AND id NOT IN (SELECT narrative_document_id FROM disclosures
                              WHERE narrative_document_id IS NOT NULL)",
            [],
        )?;
    }
    Ok(StoreOutcome::Imported {
        replaced: to_replace.into_iter().map(|(_, r)| r).collect(),
        cross_year,
    })
}

/// The files a stored disclosure came from.
#[derive(Debug, Clone, Copy)]
struct Files {
    tables: i64,
    /// Where the 情况说明 came from, if not with the tables.
    narrative: Option<i64>,
}

/// Store one document in a transaction of its own: it lands whole or not
/// at all.
pub fn store_alone(
    conn: &Writer,
    source: &Source,
    document: &Document,
    summaries: &[Summaries],
    joins: &[Join],
    replace: bool,
) -> Result<StoreOutcome, StoreError> {
    let batch = Batch::begin(conn)?;
    match store_document(conn, source, document, summaries, joins, replace) {
        Ok(outcome) => {
            batch.commit(conn)?;
            Ok(outcome)
        }
        Err(e) => {
            batch.rollback(conn);
            Err(e)
        }
    }
}

/// The layout with exactly these columns, created on first sight. Writing
/// each table's columns again cost a seventh of import time.
fn layout_id(tx: &Writer, columns: &[Column]) -> rusqlite::Result<i64> {
    let signature = layout_signature(columns);
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM layouts WHERE signature = ?1")?
        .query_row([&signature], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO layouts (signature) VALUES (?1)")?
        .execute([&signature])?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO layout_columns (layout_id, position, lanci, header, key, role, side)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for column in columns {
        insert.execute(params![
            id,
            column.position as i64,
            column.lanci,
            column.header,
            column.key,
            role_key(column.role),
            side_key(column.side)
        ])?;
    }
    Ok(id)
}

/// Every field of every column, separated by control characters that never
/// occur in a header.
fn layout_signature(columns: &[Column]) -> String {
    use std::fmt::Write as _;
    // Written in place (it runs for every table): the same text as joining
    // the fields with U+001F and ending each column with U+001E.
    let mut signature = String::with_capacity(64 * columns.len());
    for c in columns {
        let _ = write!(signature, "{}\u{1f}", c.position);
        signature.push_str(c.lanci.as_deref().unwrap_or("\u{0}"));
        for field in [
            c.header.as_str(),
            c.key.as_str(),
            role_key(c.role),
            c.side.map_or("", Side::key),
        ] {
            signature.push('\u{1f}');
            signature.push_str(field);
        }
        signature.push('\u{1e}');
    }
    signature
}

/// Foreign keys are declared for readers of the schema but not enforced
/// (enforcement cost a sixth of import time), so deletes cascade here.
fn delete_disclosure(tx: &Writer, id: i64) -> rusqlite::Result<()> {
    super::narrative::delete(tx, id)?;
    super::summaries::delete(tx, id)?;
    for sql in [
        "DELETE FROM amounts WHERE line_id IN
             (SELECT l.id FROM lines l JOIN tables t ON t.id = l.table_id WHERE t.disclosure_id = ?1)",
        "DELETE FROM lines WHERE table_id IN (SELECT id FROM tables WHERE disclosure_id = ?1)",
        "DELETE FROM tables WHERE disclosure_id = ?1",
        "DELETE FROM other_cells WHERE table_id IN (SELECT id FROM other_tables WHERE disclosure_id = ?1)",
        "DELETE FROM other_tables WHERE disclosure_id = ?1",
        "DELETE FROM findings WHERE disclosure_id = ?1",
        "DELETE FROM disclosures WHERE id = ?1",
    ] {
        tx.execute(sql, [id])?;
    }
    Ok(())
}

/// An open write transaction (BEGIN IMMEDIATE … COMMIT). Several documents
/// may share one: committing every few hundred documents instead of each one
/// saves the WAL write and checkpoint work of each commit.
#[must_use]
pub struct Batch(());

impl Batch {
    pub fn begin(conn: &Connection) -> rusqlite::Result<Batch> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(Batch(()))
    }

    pub fn commit(self, conn: &Connection) -> rusqlite::Result<()> {
        conn.execute_batch("COMMIT").inspect_err(|_| {
            let _ = conn.execute_batch("ROLLBACK");
        })
    }

    pub fn rollback(self, conn: &Connection) {
        // Fails only when SQLite already rolled back (OR ROLLBACK, I/O error).
        let _ = conn.execute_batch("ROLLBACK");
    }
}

/// A table of none of the standard kinds, cell by cell. Rare (a few per
/// national document, none in the Hebei export): plain cached statements.
fn insert_other_table(
    tx: &Writer,
    disclosure_id: i64,
    table: &crate::model::OtherTable,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO other_tables (disclosure_id, title, amount_unit, header_rows, source_line)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        disclosure_id,
        table.title,
        table.amount_unit.map(|u| u.label()),
        table.header_rows as i64,
        table.source_line as i64
    ])?;
    let table_id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO other_cells (table_id, row_no, column_no, span, header, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (row, column, span, text) in &table.cells {
        let header = if *row < table.header_rows {
            ""
        } else {
            table.headers.get(*column).map_or("", String::as_str)
        };
        insert.execute(params![
            table_id,
            (*row + 1) as i64,
            (*column + 1) as i64,
            *span as i64,
            header,
            text
        ])?;
    }
    Ok(())
}

/// `disclosures.scope`: '' where the document does not say.
fn scope_key(unit: &UnitDisclosure) -> &'static str {
    unit.scope.map_or("", |s| s.key())
}

fn insert_unit(
    tx: &Writer,
    files: Files,
    unit: &UnitDisclosure,
    summaries: &Summaries,
) -> rusqlite::Result<Option<Severity>> {
    tx.prepare_cached("INSERT OR IGNORE INTO units (code) VALUES (?1)")?
        .execute([&unit.code])?;
    tx.insert(
        "INSERT INTO disclosures (document_id, unit_code, unit_name, year, stage, scope, amount_unit, heading, source_line, narrative_document_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            files.tables,
            unit.code,
            unit.name,
            unit.year,
            unit.stage.key(),
            scope_key(unit),
            unit.amount_unit.label(),
            unit.heading,
            unit.source_line as i64,
            files.narrative
        ],
    )?;
    let disclosure_id = tx.last_insert_rowid();
    // SQLite numbers lines without a given id from the largest id + 1,
    // consecutively (see insert_table), so one look per unit is enough.
    let mut next_line_id: i64 = tx
        .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM lines")?
        .query_row([], |r| r.get(0))?;
    for table in &unit.tables {
        insert_table(tx, disclosure_id, table, &mut next_line_id)?;
    }
    for table in &unit.other_tables {
        insert_other_table(tx, disclosure_id, table)?;
    }
    super::summaries::insert(tx, disclosure_id, summaries)?;
    super::findings::insert(tx, disclosure_id, &unit.findings)?;
    super::narrative::insert(tx, disclosure_id, &unit.narrative)?;
    let cross_year = super::findings::previous_year(tx, disclosure_id, unit)?;
    super::cross_stage::recheck(tx, unit)?;
    Ok(cross_year)
}

/// Store one table and its lines; `next_line_id` is the id SQLite will give
/// the next line, advanced past this table's lines.
fn insert_table(
    tx: &Writer,
    disclosure_id: i64,
    table: &StandardTable,
    next_line_id: &mut i64,
) -> rusqlite::Result<()> {
    let layout_id = layout_id(tx, &table.columns)?;
    tx.insert(
        "INSERT INTO tables (disclosure_id, kind, title, classification, layout_id, amount_unit, is_empty, note, source_line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            disclosure_id,
            table.kind.key(),
            table.title,
            table.kind.classification().key(),
            layout_id,
            table.amount_unit.label(),
            table.is_empty,
            table.note,
            table.source_line as i64
        ],
    )?;
    let table_id = tx.last_insert_rowid();

    // Lines go in as a few multi-row statements (the per-statement cost, not
    // the per-row cost, dominated imports), so their ids are not read back
    // one insert at a time: SQLite numbers rows without an id from the
    // table's largest id + 1, consecutively, which is known beforehand.
    // Letting SQLite number them spares it a seek per line to check a given
    // id; the numbering is verified below all the same.
    let first_line_id = *next_line_id;
    *next_line_id += table.lines.len() as i64;
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
    let line_rows: Vec<[&dyn ToSql; 9]> = table
        .lines
        .iter()
        .zip(&numbers)
        .map(|(line, [_, row_no, source_line])| -> [&dyn ToSql; 9] {
            [
                &table_id,
                row_no,
                &line.seq,
                side_key(line.side),
                &line.code,
                &line.level,
                &line.name,
                &line.item,
                source_line,
            ]
        })
        .collect();
    tx.insert_rows(
        "INSERT OR ROLLBACK INTO lines (table_id, row_no, seq, side, code, level, name, item, source_line) VALUES ",
        &line_rows,
    )?;
    if let Some([last_line_id, _, _]) = numbers.last() {
        if tx.last_insert_rowid() != *last_line_id {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_INTERNAL),
                Some(format!(
                    "lines were numbered up to {}, not {last_line_id} as expected",
                    tx.last_insert_rowid()
                )),
            ));
        }
    }

    // Blank cells get no row: the figures view shows them as state 'blank'.
    // Most cells of a disclosure are blank, so this halves the rows written.
    let published: Vec<(i64, i64, Option<i64>, &String)> = table
        .lines
        .iter()
        .zip(&numbers)
        .flat_map(|(line, [id, _, _])| {
            line.cells
                .iter()
                .filter(|cell| cell.value != Cell::Blank)
                .map(move |cell| (*id, cell.position as i64, cell.value.fen(), &cell.raw))
        })
        .collect();
    let amount_rows: Vec<[&dyn ToSql; 4]> = published
        .iter()
        .map(|(line_id, position, fen, raw)| -> [&dyn ToSql; 4] { [line_id, position, fen, *raw] })
        .collect();
    tx.insert_rows(
        "INSERT OR ROLLBACK INTO amounts (line_id, position, fen, raw) VALUES ",
        &amount_rows,
    )
}

fn role_key(role: ColumnRole) -> &'static str {
    match role {
        ColumnRole::Code => "code",
        ColumnRole::Name => "name",
        ColumnRole::Amount => "amount",
    }
}

/// A `'static` reference, so that it can sit in a row of `&dyn ToSql`.
fn side_key(side: Option<Side>) -> &'static Option<&'static str> {
    match side {
        None => &None,
        Some(Side::Income) => &Some("income"),
        Some(Side::Expenditure) => &Some("expenditure"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The signature as first written (fields joined): stored databases hold
    /// signatures in this form, so the in-place writer must match it exactly
    /// or every known layout would be stored again.
    fn joined_signature(columns: &[Column]) -> String {
        let mut signature = String::new();
        for c in columns {
            let fields = [
                c.position.to_string(),
                c.lanci.clone().unwrap_or_else(|| "\u{0}".into()),
                c.header.clone(),
                c.key.clone(),
                role_key(c.role).to_string(),
                c.side.map_or("", Side::key).to_string(),
            ];
            signature.push_str(&fields.join("\u{1f}"));
            signature.push('\u{1e}');
        }
        signature
    }

    #[test]
    fn layout_signature_is_the_joined_fields() {
        let column = |position, lanci: Option<&str>, header: &str, role, side| Column {
            position,
            lanci: lanci.map(str::to_string),
            header: header.to_string(),
            key: header.rsplit('/').next().unwrap_or("").to_string(),
            role,
            side,
        };
        let columns = [
            column(1, None, "科目编码", ColumnRole::Code, None),
            column(2, Some(""), "科目名称", ColumnRole::Name, None),
            column(
                3,
                Some("1"),
                "本年收入/合计",
                ColumnRole::Amount,
                Some(Side::Income),
            ),
            column(
                12,
                Some("12"),
                "",
                ColumnRole::Amount,
                Some(Side::Expenditure),
            ),
        ];
        for n in 0..=columns.len() {
            assert_eq!(
                layout_signature(&columns[..n]),
                joined_signature(&columns[..n])
            );
        }
    }
}

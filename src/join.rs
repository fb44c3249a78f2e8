//! A disclosure published as two files → one stored disclosure.
//!
//! Jiangsu prints a unit-year's 情况说明 and its tables as separate PDFs.
//! Whichever arrives first is stored as it is (a 情况说明 alone becomes a
//! disclosure without tables); when the other arrives, the stored part's
//! file is read again, the two are put together in memory, audited as one
//! (the narrative's figures against the tables, each placed in its own
//! file) and stored in place of the part that waited. Reading the partner
//! again keeps one path from bytes to stored rows: nothing is rebuilt from
//! the database.

use crate::import::{prepare_within, ImportError, Prepared};
use crate::input::InputError;
use crate::model::UnitDisclosure;
use crate::read::Place;
use crate::store::{Join, Part, Summaries};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;

/// Why a file's other part could not be joined to it.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    #[error(
        "{unit} {year} 年的表格与情况说明各有一份以上可合并：{candidates}；请在文件名中写明「部门」或「单位」 \
         (more than one stored disclosure of {unit} {year} could take this 情况说明: {candidates}; \
         name 部门 or 单位 in the file name)"
    )]
    Ambiguous {
        unit: String,
        year: i32,
        candidates: String,
    },
    #[error(
        "{unit} {year} 年的情况说明已随表格从 {stored_from} 导入；要换用这一份，请加 --replace \
         ({unit} {year} already has its 情况说明, from {stored_from}; use --replace to take this one)"
    )]
    NarrativeStored {
        unit: String,
        year: i32,
        stored_from: String,
    },
    #[error(
        "要与之合并的 {path} 已不在原处或内容已改变；请先从它现在的位置再导入一次，再导入本文件 \
         (the file this one joins, {path}, is gone or has changed since it was imported: \
         import it again from where it is now, then this file)"
    )]
    PartnerChanged { path: String },
    #[error(
        "要与之合并的 {path} 读取失败 (the file this one joins, {path}, cannot be read): {why}"
    )]
    PartnerUnreadable { path: String, why: String },
}

/// A stored disclosure that holds the other part of an incoming unit.
struct Stored {
    disclosure: i64,
    document: i64,
    path: String,
    sha256: String,
    scope: String,
    has_tables: bool,
    /// Stored with a 情况说明 of its own: from its own file, or joined.
    has_narrative: bool,
    narrative_document: Option<i64>,
}

/// Join each unit of `incoming` that is one part of a disclosure whose
/// other part is stored. Runs on the writer's connection, inside its open
/// transaction, so a partner stored earlier in the same batch is found.
/// `max_size` is the import's own limit, which the partner file passed
/// when it was imported.
pub fn complete(
    conn: &Connection,
    mut incoming: Prepared,
    replace: bool,
    max_size: Option<u64>,
) -> Result<Prepared, ImportError> {
    for index in 0..incoming.document.units.len() {
        let unit = &incoming.document.units[index];
        let Some(partner) = partner_of(conn, unit, replace)? else {
            continue;
        };
        let incoming_part = if unit.tables.is_empty() {
            Part::Narrative
        } else {
            Part::Tables
        };
        // A tables document joined to a narrative stored with earlier tables
        // (--replace): the narrative comes from its own document.
        let (partner_document, partner_path, partner_sha) = match partner.narrative_document {
            Some(narrative) if incoming_part == Part::Tables => document(conn, narrative)?,
            _ => (
                partner.document,
                partner.path.clone(),
                partner.sha256.clone(),
            ),
        };
        let stored = read_again(&partner_path, &partner_sha, max_size)?;
        let Some(stored_unit) = stored
            .document
            .units
            .iter()
            .position(|u| u.code == unit.code && u.year == unit.year && u.stage == unit.stage)
        else {
            return Err(JoinError::PartnerChanged { path: partner_path }.into());
        };
        let (tables, narrative) = match incoming_part {
            Part::Narrative => ((&stored, stored_unit), (&incoming, index)),
            Part::Tables => ((&incoming, index), (&stored, stored_unit)),
        };
        let narrative_file = match incoming_part {
            Part::Narrative => incoming.source.path.clone(),
            Part::Tables => partner_path.clone(),
        };
        let tables_locator = match incoming_part {
            Part::Narrative => stored.locator.clone(),
            Part::Tables => incoming.locator.clone(),
        };
        let joined = joined_unit(tables, narrative, &narrative_file);
        // The tables part's copies were computed when it was read; the
        // joined unit's are the same tables', so this refuses nothing the
        // tables file alone did not.
        incoming.summaries[index] = Summaries::of(&joined)
            .map_err(|problem| crate::import::refused_at(problem, &tables_locator))?;
        incoming.document.units[index] = joined;
        incoming.joins.push(Join {
            unit: index,
            replaces: partner.disclosure,
            partner_document,
            partner_path,
            incoming: incoming_part,
        });
    }
    Ok(incoming)
}

/// The tables of one part with the 情况说明 of the other, audited as one.
fn joined_unit(
    (tables, t): (&Prepared, usize),
    (narrative, n): (&Prepared, usize),
    narrative_file: &str,
) -> UnitDisclosure {
    let from_tables = &tables.document.units[t];
    let from_narrative = &narrative.document.units[n];
    let mut unit = from_tables.clone();
    unit.narrative = from_narrative.narrative.clone();
    unit.other_tables
        .extend(from_narrative.other_tables.iter().cloned());
    unit.scope = unit.scope.or(from_narrative.scope);
    let file = Path::new(narrative_file).file_name().map_or_else(
        || narrative_file.to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    unit.findings =
        crate::audit::audit_joined(&unit, &|p| tables.locator.describe(p), &|p| Place::InFile {
            file: file.clone(),
            place: Box::new(narrative.locator.describe(p)),
        });
    unit
}

/// The stored disclosure holding the other part of `unit`, if there is one
/// to join. A 情况说明 looks for tables of its unit, year and stage (a scope
/// it does not name fits any); tables look for a 情况说明 waiting alone, or,
/// replacing earlier tables, for the 情况说明 joined to those.
fn partner_of(
    conn: &Connection,
    unit: &UnitDisclosure,
    replace: bool,
) -> Result<Option<Stored>, JoinError> {
    let scope = unit.scope.map_or("", |s| s.key());
    let candidates = stored(conn, unit).map_err(sqlite)?;
    let fits = |s: &&Stored| scope.is_empty() || s.scope.is_empty() || s.scope == scope;
    if unit.tables.is_empty() {
        let with_tables: Vec<&Stored> = candidates
            .iter()
            .filter(|s| s.has_tables)
            .filter(fits)
            .collect();
        let chosen = match with_tables.as_slice() {
            [] => return Ok(None),
            [one] => *one,
            several => match several.iter().find(|s| s.scope == scope) {
                Some(exact) => *exact,
                None => {
                    return Err(JoinError::Ambiguous {
                        unit: unit.name.clone(),
                        year: unit.year,
                        candidates: several
                            .iter()
                            .map(|s| format!("{}（{}）", s.path, s.scope))
                            .collect::<Vec<_>>()
                            .join("、"),
                    })
                }
            },
        };
        if chosen.has_narrative && !replace {
            let stored_from = match chosen.narrative_document {
                Some(id) => document(conn, id)?.1,
                None => chosen.path.clone(),
            };
            return Err(JoinError::NarrativeStored {
                unit: unit.name.clone(),
                year: unit.year,
                stored_from,
            });
        }
        let chosen = chosen.disclosure;
        return Ok(Some(take(candidates, chosen)));
    }
    if unit.has_narrative() {
        return Ok(None);
    }
    let waiting = candidates
        .iter()
        .filter(|s| !s.has_tables)
        .filter(fits)
        .map(|s| s.disclosure)
        .next();
    if let Some(id) = waiting {
        return Ok(Some(take(candidates, id)));
    }
    let rejoined = candidates
        .iter()
        .filter(|s| replace && s.scope == scope && s.narrative_document.is_some())
        .map(|s| s.disclosure)
        .next();
    Ok(rejoined.map(|id| take(candidates, id)))
}

fn take(candidates: Vec<Stored>, disclosure: i64) -> Stored {
    candidates
        .into_iter()
        .find(|s| s.disclosure == disclosure)
        .expect("chosen among these candidates")
}

/// Every stored disclosure of the unit, year and stage.
fn stored(conn: &Connection, unit: &UnitDisclosure) -> rusqlite::Result<Vec<Stored>> {
    let mut statement = conn.prepare_cached(
        "SELECT d.id, d.document_id, doc.source_path, doc.sha256, d.scope,
                EXISTS (SELECT 1 FROM tables t WHERE t.disclosure_id = d.id),
                d.narrative_document_id IS NOT NULL
                  OR EXISTS (SELECT 1 FROM narrative_sections s
                             WHERE s.disclosure_id = d.id AND s.topic <> '前言')
                  OR EXISTS (SELECT 1 FROM stated_figures f WHERE f.disclosure_id = d.id),
                d.narrative_document_id
         FROM disclosures d JOIN documents doc ON doc.id = d.document_id
         WHERE d.unit_code = ?1 AND d.year = ?2 AND d.stage = ?3
         ORDER BY d.id",
    )?;
    let rows = statement.query_map(params![unit.code, unit.year, unit.stage.key()], |r| {
        Ok(Stored {
            disclosure: r.get(0)?,
            document: r.get(1)?,
            path: r.get(2)?,
            sha256: r.get(3)?,
            scope: r.get(4)?,
            has_tables: r.get(5)?,
            has_narrative: r.get(6)?,
            narrative_document: r.get(7)?,
        })
    })?;
    rows.collect()
}

/// A stored document's id, path and sha256.
fn document(conn: &Connection, id: i64) -> Result<(i64, String, String), JoinError> {
    conn.prepare_cached("SELECT id, source_path, sha256 FROM documents WHERE id = ?1")
        .and_then(|mut s| {
            s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()
        })
        .map_err(sqlite)?
        .ok_or(JoinError::PartnerChanged {
            path: format!("#{id}"),
        })
}

/// The partner's file, read and recognised again, refused if its bytes are
/// not the ones stored.
fn read_again(path: &str, sha256: &str, max_size: Option<u64>) -> Result<Prepared, JoinError> {
    match prepare_within(Path::new(path), max_size) {
        Ok(prepared) if prepared.source.sha256 == sha256 => Ok(prepared),
        Ok(_) | Err(ImportError::Missing) => Err(JoinError::PartnerChanged {
            path: path.to_string(),
        }),
        Err(ImportError::Input(InputError::Io(e))) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(JoinError::PartnerChanged {
                path: path.to_string(),
            })
        }
        Err(why) => Err(JoinError::PartnerUnreadable {
            path: path.to_string(),
            why: why.to_string(),
        }),
    }
}

fn sqlite(e: rusqlite::Error) -> JoinError {
    JoinError::PartnerUnreadable {
        path: "数据库 (the database)".to_string(),
        why: e.to_string(),
    }
}

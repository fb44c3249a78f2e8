//! Unit aliases: the key a document gives a unit (a normalised name, or a
//! code) → the unit it means. An office renamed between years (or printed
//! differently) stays one unit in `yoy` and `sangong`.

use super::error::StoreError;
use rusqlite::{params, Connection, OptionalExtension};

/// Aliases pointing at aliases are followed this far at most; a longer
/// chain can only be a loop, which [`add`] never creates.
const MAX_CHAIN: usize = 16;

/// What adding an alias did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// The unit the alias now means (NEW, or what NEW is itself an alias of).
    pub code: String,
    /// Stored disclosures moved from the alias to `code`.
    pub moved: usize,
}

/// The unit `key` means: itself, or the target of its alias.
pub fn resolve(conn: &Connection, key: &str) -> rusqlite::Result<String> {
    let mut key = key.to_string();
    for _ in 0..MAX_CHAIN {
        let next: Option<String> = conn
            .prepare_cached("SELECT code FROM unit_aliases WHERE alias = ?1")?
            .query_row([&key], |r| r.get(0))
            .optional()?;
        match next {
            Some(code) if code != key => key = code,
            _ => break,
        }
    }
    Ok(key)
}

/// Make `alias` mean `code`, and move what is stored under `alias` there, in
/// one transaction. Refused, changing nothing, when both hold the same year,
/// stage and scope (which one is right is the analyst's call).
pub fn add(conn: &Connection, alias: &str, code: &str) -> Result<Added, StoreError> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = add_in_transaction(conn, alias, code);
    match &result {
        Ok(_) => conn.execute_batch("COMMIT")?,
        Err(_) => {
            let _ = conn.execute_batch("ROLLBACK");
        }
    }
    result
}

fn add_in_transaction(conn: &Connection, alias: &str, code: &str) -> Result<Added, StoreError> {
    let code = resolve(conn, code)?;
    if code == alias || resolve(conn, alias)? == code {
        return Err(StoreError::AliasSame {
            alias: alias.to_string(),
            code,
        });
    }
    let clashes: Vec<String> = conn
        .prepare(
            "SELECT a.year || ' ' || a.stage || (CASE a.scope WHEN '' THEN '' ELSE ' ' || a.scope END)
             FROM disclosures a JOIN disclosures b
               ON b.year = a.year AND b.stage = a.stage AND b.scope = a.scope
             WHERE a.unit_code = ?1 AND b.unit_code = ?2
             ORDER BY a.year",
        )?
        .query_map(params![alias, code], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !clashes.is_empty() {
        return Err(StoreError::AliasClash {
            alias: alias.to_string(),
            code,
            years: clashes.join("、"),
        });
    }
    let moved = conn.execute(
        "UPDATE disclosures SET unit_code = ?2 WHERE unit_code = ?1",
        params![alias, code],
    )?;
    conn.execute(
        "UPDATE unit_aliases SET code = ?2 WHERE code = ?1",
        params![alias, code],
    )?;
    conn.execute(
        "INSERT INTO unit_aliases (alias, code, added_at)
         VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
         ON CONFLICT (alias) DO UPDATE SET code = excluded.code, added_at = excluded.added_at",
        params![alias, code],
    )?;
    conn.execute("INSERT OR IGNORE INTO units (code) VALUES (?1)", [&code])?;
    conn.execute(
        "DELETE FROM units WHERE code = ?1
           AND NOT EXISTS (SELECT 1 FROM disclosures WHERE unit_code = ?1)",
        [alias],
    )?;
    Ok(Added { code, moved })
}

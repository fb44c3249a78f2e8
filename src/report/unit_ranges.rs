//! Every unit read in parts: one range of unit codes per core, each on a
//! connection of its own. Reading 10,000 unit-years on one core was over
//! half of a whole-corpus `yoy` or `execution`. The queries take the range
//! as `units_from` (the first code read, '' for the first) and
//! `units_below` (read codes below this one only, '' for no limit).

use super::ReportError;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row};
use std::collections::BTreeMap;

/// Fewer units than this to a part are read on one connection: opening
/// another and walking the query's keys again would cost more than it saves.
const UNITS_PER_PART: usize = 128;

/// `read` on each range of unit codes, in code order, with the range added
/// to `params`. The first range is read on `first` (opened by the caller,
/// so that only it ever upgrades an older database), the others on
/// connections from `open`; each connection comes back with its result.
/// Unless `split`, one part reads every unit.
pub fn read_in_parts<T: Send>(
    first: Connection,
    params: &BTreeMap<String, String>,
    split: bool,
    open: impl Fn() -> Result<Connection, ReportError> + Sync,
    read: impl Fn(&Connection, &BTreeMap<String, String>) -> Result<T, ReportError> + Sync,
) -> Result<Vec<(Connection, T)>, ReportError> {
    let bounds = if split {
        part_bounds(&first, crate::parallel::threads())?
    } else {
        Vec::new()
    };
    // Part i reads unit codes from froms[i] up to (not including)
    // belows[i]; '' leaves a side open.
    let froms = std::iter::once(String::new()).chain(bounds.iter().cloned());
    let belows = bounds.iter().cloned().chain(std::iter::once(String::new()));
    let mut first = Some(first);
    let parts: Vec<_> = froms
        .zip(belows)
        .map(|range| (first.take(), range))
        .collect();
    crate::parallel::map_in_order(parts, 2, |(conn, (from, below))| {
        let conn = match conn {
            Some(conn) => conn,
            None => open()?,
        };
        let mut params = params.clone();
        params.insert("units_from".to_string(), from);
        params.insert("units_below".to_string(), below);
        let value = read(&conn, &params)?;
        Ok((conn, value))
    })
    .into_iter()
    .collect()
}

/// The unit codes that split every unit into `parts` ranges of about as
/// many units each; none when there are too few units to be worth it.
fn part_bounds(conn: &Connection, parts: usize) -> Result<Vec<String>, ReportError> {
    if parts < 2 {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare("SELECT code FROM units ORDER BY code")?;
    let codes = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .and_then(|rows| rows.collect::<Result<Vec<String>, _>>())?;
    let parts = parts.min(codes.len() / UNITS_PER_PART).max(1);
    let mut bounds: Vec<String> = (1..parts)
        .map(|i| codes[i * codes.len() / parts].clone())
        .collect();
    bounds.dedup();
    Ok(bounds)
}

/// A text column read in place, as bytes; `None` for NULL.
pub fn bytes_of<'r>(row: &'r Row<'_>, i: usize) -> Result<Option<&'r [u8]>, ReportError> {
    match row.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(t) => Ok(Some(t)),
        other => Err(ReportError::NotText {
            column: i,
            found: other.into(),
        }),
    }
}

/// A text column read in place; `None` for NULL.
pub fn str_of<'r>(row: &'r Row<'_>, i: usize) -> Result<Option<&'r str>, ReportError> {
    bytes_of(row, i)?
        .map(std::str::from_utf8)
        .transpose()
        .map_err(|error| ReportError::NotUtf8 { column: i, error })
}

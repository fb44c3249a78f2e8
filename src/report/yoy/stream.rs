//! The yoy report, built while queries/yoy.sql streams: over every
//! unit-year its rows are never held all at once, and each row's arrays are
//! read in place. Every unit's own table (no --unit, no --sum) is counted
//! in parts, one range of unit codes per core, each on a connection of its
//! own: counting 10,000 unit-years on one core was over half of the time.

use super::{Builder, By, PackArrays, Yoy, COLUMNS};
use crate::queries::{self, QueryError};
use crate::report::ReportError;
use std::collections::BTreeMap;
use std::path::Path;

/// Fewer units than this to a part are counted on one connection: opening
/// another and walking the level's keys again would cost more than it saves.
const UNITS_PER_PART: usize = 128;

/// The yoy report of the unit-years `params` select from `db`, compared
/// `by` one table's lines, every unit added up into one when `sum`.
pub fn stream(
    db: &Path,
    params: &BTreeMap<String, String>,
    by: By,
    sum: bool,
) -> Result<Yoy, ReportError> {
    // Opened here, before any part starts, so that only this connection
    // ever upgrades an older database.
    let conn = open(db)?;
    let every_unit = !sum && params.get("unit").is_none_or(|u| u.is_empty());
    let bounds = if every_unit {
        part_bounds(&conn, crate::parallel::threads())?
    } else {
        Vec::new()
    };
    // Part i reads unit codes from froms[i] up to (not including) belows[i];
    // '' leaves a side open.
    let froms = std::iter::once(String::new()).chain(bounds.iter().cloned());
    let belows = bounds.iter().cloned().chain(std::iter::once(String::new()));
    let mut conn = Some(conn);
    let parts: Vec<_> = froms
        .zip(belows)
        .map(|range| (conn.take(), range))
        .collect();
    let counted = crate::parallel::map_in_order(parts, 2, |(conn, (from, below))| {
        let conn = match conn {
            Some(conn) => conn,
            None => open(db)?,
        };
        let mut params = params.clone();
        params.insert("units_from".to_string(), from);
        params.insert("units_below".to_string(), below);
        count(&conn, &params, by, sum)
    });
    let mut builders = counted.into_iter().collect::<Result<Vec<_>, _>>()?;
    let first = builders.remove(0);
    Ok(first.finish_with(builders))
}

/// A read-only connection that has the yoy query.
fn open(db: &Path) -> Result<rusqlite::Connection, ReportError> {
    let conn = queries::open_read_only(db)?;
    yoy_query()?;
    Ok(conn)
}

/// The unit codes that split every unit into `parts` ranges of about as many
/// units each; none when there are too few units to be worth splitting.
fn part_bounds(conn: &rusqlite::Connection, parts: usize) -> Result<Vec<String>, ReportError> {
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

/// queries/yoy.sql's rows counted into a builder as they stream.
fn count(
    conn: &rusqlite::Connection,
    params: &BTreeMap<String, String>,
    by: By,
    sum: bool,
) -> Result<Builder, ReportError> {
    use rusqlite::types::ValueRef;
    fn bytes<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r [u8]>, ReportError> {
        match row.get_ref(i)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(t) => Ok(Some(t)),
            other => Err(ReportError::NotText {
                column: i,
                found: other.into(),
            }),
        }
    }
    fn text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str, ReportError> {
        let bytes = bytes(row, i)?.unwrap_or_default();
        std::str::from_utf8(bytes).map_err(|error| ReportError::NotUtf8 { column: i, error })
    }
    let query = yoy_query()?;
    let mut builder = Builder::new(by, sum);
    query.for_each(conn, params, COLUMNS, |row, c| -> Result<(), ReportError> {
        let [unit_code, unit_name, year, row_nos, sides, codes, names, items, fens] = *c;
        let year: Option<i64> = row.get(year)?;
        let Some(year) = year.and_then(|y| i32::try_from(y).ok()) else {
            return Ok(());
        };
        // Only the fields the comparison reads: side, item and row for the
        // summary; code and name otherwise.
        let summary = by == By::Summary;
        let read = |i: usize, wanted: bool| if wanted { bytes(row, i) } else { Ok(None) };
        let arrays = PackArrays {
            row_nos: read(row_nos, summary)?,
            sides: read(sides, summary)?,
            codes: read(codes, !summary)?,
            names: read(names, !summary)?,
            items: read(items, summary)?,
            fens: bytes(row, fens)?,
        };
        builder.add(text(row, unit_code)?, text(row, unit_name)?, year, arrays)?;
        Ok(())
    })?;
    Ok(builder)
}

/// The canned query the stream reads.
fn yoy_query() -> Result<&'static queries::CannedQuery, QueryError> {
    queries::find("yoy").ok_or_else(|| QueryError::UnknownQuery("yoy".to_string()))
}

//! The yoy report, built while queries/yoy.sql streams: over every
//! unit-year its rows are never held all at once, and each row's arrays are
//! read in place. Every unit's own table (no --unit, no --sum) is counted
//! in parts, one range of unit codes per core, each on a connection of its
//! own: counting 10,000 unit-years on one core was over half of the time.

use super::{Builder, By, PackArrays, Yoy, COLUMNS};
use crate::queries::{self, QueryError};
use crate::report::unit_ranges::{self, bytes_of};
use crate::report::ReportError;
use std::collections::BTreeMap;
use std::path::Path;

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
    let counted = unit_ranges::read_in_parts(
        conn,
        params,
        every_unit,
        || open(db),
        |conn, params| count(conn, params, by, sum),
    )?;
    let mut builders: Vec<Builder> = counted.into_iter().map(|(_, b)| b).collect();
    if builders.is_empty() {
        builders.push(Builder::new(by, sum));
    }
    let first = builders.remove(0);
    Ok(first.finish_with(builders))
}

/// A read-only connection that has the yoy query.
fn open(db: &Path) -> Result<rusqlite::Connection, ReportError> {
    let conn = queries::open_read_only(db)?;
    yoy_query()?;
    Ok(conn)
}

/// queries/yoy.sql's rows counted into a builder as they stream.
fn count(
    conn: &rusqlite::Connection,
    params: &BTreeMap<String, String>,
    by: By,
    sum: bool,
) -> Result<Builder, ReportError> {
    let bytes = bytes_of;
    fn text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str, ReportError> {
        Ok(unit_ranges::str_of(row, i)?.unwrap_or_default())
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

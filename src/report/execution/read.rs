//! The rows of queries/execution.sql, execution_printed.sql and
//! execution_sangong.sql → the unit-years of an [`Execution`], lines of the
//! two stages matched by code (by part for 三公).

use super::{Execution, Line, Measure, UnitYear, View};
use crate::queries::{self, QueryError};
use crate::report::packs::{self, Text};
use crate::report::unit_ranges::{self, bytes_of, str_of};
use crate::report::ReportError;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::Path;

/// The stages of one unit-year as they are read.
#[derive(Default)]
struct Collecting {
    name: String,
    budget_name: String,
    has_budget: bool,
    has_final: bool,
    year: UnitYear,
    /// The 决算 table chosen for printed budgets, and how well it fits.
    printed_rank: Option<u8>,
}

impl Collecting {
    fn line(&mut self, key: &str, code: Option<&str>, name: &str) -> &mut Line {
        if key.is_empty() {
            return &mut self.year.total;
        }
        // A unit-year has tens of lines: a look along them costs less than
        // an index of their keys (10,000 unit-years' indexes were a fifth
        // of the memory a whole-corpus answer touched).
        let found = self.year.lines.iter().position(|l| match &l.code {
            Some(c) => c == key,
            None => l.name == key,
        });
        let i = match found {
            Some(i) => i,
            None => {
                self.year.lines.push(Line {
                    code: code.map(str::to_string),
                    name: name.to_string(),
                    ..Line::default()
                });
                self.year.lines.len() - 1
            }
        };
        &mut self.year.lines[i]
    }
}

/// Unit code → year → what its stages published. Nested so that a row of
/// a unit already seen is found without copying its code; hashed, since
/// comparing codes along an ordered map was a twentieth of the answer (the
/// unit-years are put in order once, at the end).
type UnitYears = rustc_hash::FxHashMap<String, BTreeMap<i32, Collecting>>;

fn unit_year<'a>(years: &'a mut UnitYears, unit: &str, year: i32) -> Option<&'a mut Collecting> {
    if !years.contains_key(unit) {
        years.insert(unit.to_string(), BTreeMap::new());
    }
    years.get_mut(unit).map(|y| y.entry(year).or_default())
}

/// One pack's arrays, read in place: codes, names, items and amounts of
/// its lines.
struct Arrays<'a>(
    Vec<Option<Text<'a>>>,
    Vec<Option<Text<'a>>>,
    Vec<Option<Text<'a>>>,
    Vec<Option<i64>>,
);

/// The function or economic view of the unit-years `params` select.
pub fn stream(
    db: &Path,
    params: &BTreeMap<String, String>,
    view: View,
    level: u8,
) -> Result<Execution, ReportError> {
    let conn = queries::open_read_only(db)?;
    let by = if view == View::Economic {
        "economic"
    } else {
        "function"
    };
    let mut params = params.clone();
    params.insert("by".into(), by.into());
    params.insert("level".into(), level.to_string());
    let every_unit = params.get("unit").is_none_or(|u| u.is_empty());
    let read = unit_ranges::read_in_parts(
        conn,
        &params,
        every_unit,
        || Ok(queries::open_read_only(db)?),
        |conn, params| {
            let mut years = UnitYears::default();
            read_packs(conn, params, &mut years)?;
            Ok(years)
        },
    )?;
    let mut years = UnitYears::default();
    let mut conn = None;
    for (part_conn, mut part_years) in read {
        conn.get_or_insert(part_conn);
        // The parts' unit codes do not overlap.
        years.extend(part_years.drain());
    }
    if let Some(conn) = conn {
        read_printed(&conn, &params, view, &mut years)?;
    }
    Ok(finish(years, view, Some(level)))
}

fn query(name: &str) -> Result<&'static queries::CannedQuery, QueryError> {
    queries::find(name).ok_or_else(|| QueryError::UnknownQuery(name.to_string()))
}

fn text_of(row: &rusqlite::Row<'_>, i: usize) -> Result<Option<String>, ReportError> {
    Ok(match row.get_ref(i)? {
        ValueRef::Null => None,
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Integer(n) => Some(n.to_string()),
        other => {
            return Err(ReportError::NotText {
                column: i,
                found: other.into(),
            })
        }
    })
}

/// queries/execution.sql: each stage's lines and total column.
fn read_packs(
    conn: &Connection,
    params: &BTreeMap<String, String>,
    years: &mut UnitYears,
) -> Result<(), ReportError> {
    let columns = [
        "unit_code",
        "unit_name",
        "year",
        "stage",
        "has_table",
        "codes",
        "names",
        "items",
        "fens",
    ];
    query("execution")?.for_each(conn, params, columns, |row, c| -> Result<(), ReportError> {
        let [code, name, year, stage, has_table, codes, names, items, fens] = *c;
        let (Some(unit), Some(year)) = (str_of(row, code)?, row.get::<_, Option<i64>>(year)?)
        else {
            return Ok(());
        };
        let Ok(year) = i32::try_from(year) else {
            return Ok(());
        };
        let is_final = str_of(row, stage)? == Some("决算");
        let has_table = row.get::<_, Option<i64>>(has_table)?.unwrap_or(0) != 0;
        let damaged = |error: serde_json::Error| ReportError::DamagedPack {
            unit: unit.to_string(),
            year,
            error: error.into(),
        };
        let arrays = Arrays(
            packs::collect(bytes_of(row, codes)?).map_err(damaged)?,
            packs::collect(bytes_of(row, names)?).map_err(damaged)?,
            packs::collect(bytes_of(row, items)?).map_err(damaged)?,
            packs::collect(bytes_of(row, fens)?).map_err(damaged)?,
        );
        let Some(entry) = unit_year(years, unit, year) else {
            return Ok(());
        };
        // Each disclosure comes once without its lines, and once more with
        // them where it has the table.
        let unit_name = || str_of(row, name).map(|n| n.unwrap_or_default().to_string());
        if is_final {
            if !entry.has_final {
                entry.name = unit_name()?;
            }
            entry.has_final = true;
            entry.year.final_table |= has_table;
        } else {
            if !entry.has_budget {
                entry.budget_name = unit_name()?;
            }
            entry.has_budget = true;
            entry.year.budget_table |= has_table;
        }
        if entry.year.lines.is_empty() {
            // The first stage's lines, at their number: a vector grown by
            // doubling held a third more than it needed (see `finish`).
            entry.year.lines.reserve_exact(arrays.1.len());
        }
        for (i, name) in arrays.1.iter().enumerate() {
            let name = name.as_ref().map_or("", Text::as_str);
            let code = arrays.0.get(i).and_then(|c| c.as_ref()).map(Text::as_str);
            let item = arrays.2.get(i).and_then(|c| c.as_ref()).map(Text::as_str);
            let key = match (code, item) {
                (Some(code), _) => code,
                (None, Some("合计")) => "",
                _ => continue,
            };
            // A published line's blank cell is nothing spent (or budgeted).
            let fen = arrays.3.get(i).copied().flatten().unwrap_or(0);
            let line = entry.line(key, code, name);
            if is_final {
                line.actual = Some(fen);
                line.in_final = true;
                // The 决算's wording is the one shown.
                if line.name != name {
                    line.name = name.to_string();
                }
            } else {
                line.budget = Some(fen);
                line.in_budget = true;
            }
        }
        Ok(())
    })
}

/// How well a 决算 table's own budgets fit the view: the compared table
/// itself, then the 一般公共预算财政拨款 table, then any other.
fn printed_rank(view: View, kind: &str) -> u8 {
    let home = match view {
        View::Function => "支出总表",
        View::Economic => "基本支出表",
        View::Sangong => "三公经费表",
    };
    if kind == home {
        0
    } else if kind == "一般公共预算支出表" {
        1
    } else {
        2
    }
}

/// queries/execution_printed.sql: the budgets the 决算 tables print, from
/// the one table that fits the view best.
fn read_printed(
    conn: &Connection,
    params: &BTreeMap<String, String>,
    view: View,
    years: &mut UnitYears,
) -> Result<(), ReportError> {
    let columns = [
        "unit_code",
        "year",
        "table_kind",
        "table_title",
        "code",
        "name",
        "item",
        "column_header",
        "column_key",
        "fen",
    ];
    // Rows of the table that fits best, per unit-year: (rank, title, rows).
    type Printed = (
        u8,
        String,
        Vec<(Option<String>, String, Measure, Option<i64>)>,
    );
    let mut chosen: BTreeMap<(String, i32), Printed> = BTreeMap::new();
    query("execution_printed")?.for_each(
        conn,
        params,
        columns,
        |row, c| -> Result<(), ReportError> {
            let [unit, year, kind, title, code, name, item, header, key, fen] = *c;
            let (Some(unit), Some(year)) = (text_of(row, unit)?, row.get::<_, Option<i64>>(year)?)
            else {
                return Ok(());
            };
            let Ok(year) = i32::try_from(year) else {
                return Ok(());
            };
            let rank = printed_rank(view, &text_of(row, kind)?.unwrap_or_default());
            let title = text_of(row, title)?.unwrap_or_default();
            let header = text_of(row, header)?.unwrap_or_default();
            let key = text_of(row, key)?.unwrap_or_default();
            let Some(measure) = super::total_measure(&header, &key) else {
                return Ok(());
            };
            let code = text_of(row, code)?;
            if code.is_none() && text_of(row, item)?.as_deref() != Some("合计") {
                return Ok(());
            }
            let entry = chosen
                .entry((unit, year))
                .or_insert_with(|| (rank, title.clone(), Vec::new()));
            if (rank, &title) < (entry.0, &entry.1) {
                *entry = (rank, title.clone(), Vec::new());
            }
            if (rank, &title) == (entry.0, &entry.1) {
                let name = text_of(row, name)?.unwrap_or_default();
                entry.2.push((code, name, measure, row.get(fen)?));
            }
            Ok(())
        },
    )?;
    for (key, (rank, title, rows)) in chosen {
        let Some(entry) = years.get_mut(&key.0).and_then(|y| y.get_mut(&key.1)) else {
            continue;
        };
        entry.printed_rank = Some(rank);
        entry.year.printed_in = Some(title);
        for (code, name, measure, fen) in rows {
            let line_key = code.clone().unwrap_or_default();
            let line = entry.line(&line_key, code.as_deref(), &name);
            line.note_printed(measure, Some(fen.unwrap_or(0)));
        }
    }
    Ok(())
}

/// The unit-years with a 决算, lines in code order; the others noted.
fn finish(years: UnitYears, view: View, level: Option<u8>) -> Execution {
    let mut units: Vec<(String, BTreeMap<i32, Collecting>)> = years.into_iter().collect();
    units.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // Sized once: over every unit the unit-years take megabytes, and a
    // vector grown by doubling copied them into fresh memory again and
    // again (a fifth of a whole-corpus answer).
    let unit_years = units.iter().map(|(_, years)| years.len()).sum();
    let mut sections = Vec::with_capacity(unit_years);
    let mut budget_only = Vec::new();
    for (code, year, mut c) in units
        .into_iter()
        .flat_map(|(code, years)| years.into_iter().map(move |(y, c)| (code.clone(), y, c)))
    {
        if !c.has_final {
            budget_only.push((code, c.budget_name, year));
            continue;
        }
        c.year.code = code;
        c.year.name = c.name;
        c.year.year = year;
        c.year.has_budget_document = c.has_budget;
        if c.year.total.name.is_empty() {
            c.year.total.name = "合计".into();
        }
        if view != View::Sangong {
            c.year
                .lines
                .sort_by(|a, b| a.code.cmp(&b.code).then(a.name.cmp(&b.name)));
        }
        sections.push(c.year);
    }
    Execution {
        view,
        level,
        sections,
        budget_only,
    }
}

/// The 三公 parts in the order analysts read them; the 小计 is the total.
const PARTS: [&str; 5] = [
    "因公出国（境）费",
    "公务用车购置及运行维护费",
    "公务用车购置费",
    "公务用车运行维护费",
    "公务接待费",
];

/// The 三公 view of the unit-years `params` select.
pub fn sangong(db: &Path, params: &BTreeMap<String, String>) -> Result<Execution, ReportError> {
    let conn = queries::open_read_only(db)?;
    let mut years = UnitYears::default();
    let columns = [
        "unit_code",
        "unit_name",
        "year",
        "stage",
        "has_table",
        "table_title",
        "item",
        "column_header",
        "column_key",
        "fen",
    ];
    query("execution_sangong")?.for_each(
        &conn,
        params,
        columns,
        |row, c| -> Result<(), ReportError> {
            let [code, name, year, stage, has_table, title, item, header, key, fen] = *c;
            let (Some(unit), Some(year)) = (text_of(row, code)?, row.get::<_, Option<i64>>(year)?)
            else {
                return Ok(());
            };
            let Ok(year) = i32::try_from(year) else {
                return Ok(());
            };
            let is_final = text_of(row, stage)?.as_deref() == Some("决算");
            let has_table = row.get::<_, Option<i64>>(has_table)?.unwrap_or(0) != 0;
            let Some(entry) = unit_year(&mut years, &unit, year) else {
                return Ok(());
            };
            let unit_name = text_of(row, name)?.unwrap_or_default();
            if is_final {
                entry.has_final = true;
                entry.name = unit_name;
                entry.year.final_table = has_table;
            } else {
                entry.has_budget = true;
                entry.budget_name = unit_name;
                entry.year.budget_table = has_table;
            }
            if !has_table {
                return Ok(());
            }
            if entry.year.lines.is_empty() {
                // Every part listed, in order, whatever either table prints.
                for part in PARTS {
                    entry.line(part, None, part);
                }
            }
            let Some(item) = text_of(row, item)? else {
                return Ok(());
            };
            let line_key = if item == "小计" { "" } else { item.as_str() };
            if !line_key.is_empty() && !PARTS.contains(&line_key) {
                return Ok(()); // 机关运行经费, 会议费 … are not 三公
            }
            let header = text_of(row, header)?.unwrap_or_default();
            let key = text_of(row, key)?.unwrap_or_default();
            let fen = Some(row.get::<_, Option<i64>>(fen)?.unwrap_or(0));
            if is_final && entry.year.printed_in.is_none() {
                entry.year.printed_in = text_of(row, title)?;
            }
            let line = entry.line(line_key, None, &item);
            if line_key.is_empty() {
                line.name = "“三公”经费合计".into();
            }
            if is_final {
                match super::total_measure(&header, &key) {
                    Some(Measure::Actual) => {
                        line.actual = line.actual.or(fen);
                        line.note_printed(Measure::Actual, fen);
                        line.in_final = true;
                    }
                    Some(measure) => {
                        line.note_printed(measure, fen);
                        line.in_final = true;
                    }
                    None => {}
                }
            } else if key == "合计" || key == "预算数" || key == "本年预算数" {
                line.budget = line.budget.or(fen);
                line.in_budget = true;
            }
            Ok(())
        },
    )?;
    // Parts neither table prints are not lines of either.
    let mut execution = finish(years, View::Sangong, None);
    for section in &mut execution.sections {
        section
            .lines
            .retain(|l| l.in_budget || l.in_final || l.budget.is_some());
        // A part a table leaves out is 0 in it, as the 三公 tables mean it.
        for line in &mut section.lines {
            if section.budget_table && line.budget.is_none() {
                line.budget = Some(0);
            }
            if section.final_table && line.actual.is_none() {
                line.actual = Some(0);
            }
        }
    }
    Ok(execution)
}

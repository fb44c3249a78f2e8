//! Building a [`Yoy`] from the rows of queries/yoy.sql: one row per unit
//! and year, its lines packed as JSON arrays (see report/packs.rs), counted
//! into one group per unit (or one for all with `--sum`) while the query
//! streams.

use super::{By, Yoy, YoyLine, YoySection};
use crate::amount::FenSum;
use crate::render::{Tabular, Value};
use crate::report::packs::{self, PackError};
use crate::report::{columns, int, text, ReportError};
use crate::yoy_packs::LINE_COLUMNS;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Fewer units than this are shaped on one thread: starting another costs
/// more than it saves.
pub(super) const UNITS_PER_THREAD: usize = 64;

/// Marks the table's own 合计 row among a unit-year's line indices.
const TOTAL_ROW: usize = usize::MAX;

#[derive(Default)]
struct Group {
    /// Latest (year, name) of the unit.
    unit_name: Option<(i32, String)>,
    /// The one unit code counted, while only one is: a sum over one unit
    /// names it.
    only_code: Option<String>,
    /// More than one unit code was counted.
    several_codes: bool,
    /// (year, unit) of every row counted, as a [`unit_year`]: a unit's own
    /// group holds one unit, and a set per year for each of 2,000 units
    /// cost more than counting the distinct ones once at the end.
    units: Vec<u64>,
    /// Each line's place in `lines` by its key: the code, or side/item for
    /// the summary. Looked up once per line of every unit-year (230,000
    /// times for 经济分类 款 over 10,000 unit-years), hence the fast hasher.
    index: FxHashMap<Vec<u8>, usize>,
    lines: Vec<LineAcc>,
    /// Per row (year, unit): the published 合计 (blank counts 0), or, for
    /// a table that has none, `None`; and the sum of its lines. Added up per
    /// year and unit at the end, like `units`.
    totals: Vec<(i32, u32, Option<FenSum>, FenSum)>,
}

impl Group {
    /// The index of the line with `key` (as stored); `label` names a new one.
    fn line(&mut self, key: &[u8], label: impl FnOnce(&str) -> String) -> usize {
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        let i = self.lines.len();
        self.index.insert(key.to_vec(), i);
        let key = String::from_utf8_lossy(key).into_owned();
        self.lines.push(LineAcc {
            label: label(&key),
            key,
            ..LineAcc::default()
        });
        i
    }
}

#[derive(Default)]
struct LineAcc {
    key: String,
    label: String,
    /// (year, row_no) of the latest year, for the summary's order.
    latest_row: (i32, i64),
    years: Years,
    /// The name this line was last published under, compared before the
    /// name table is searched: units and years nearly always repeat it.
    last_name: Option<u32>,
}

impl LineAcc {
    fn name_id(&mut self, names: &mut Interned, name: &[u8]) -> u32 {
        match self.last_name {
            Some(id) if names.bytes(id) == name => id,
            _ => {
                let id = names.id(name);
                self.last_name = Some(id);
                id
            }
        }
    }
}

/// A line's years in order: a handful, so a sorted list, searched from the
/// latest year (which the rows of one unit usually add to).
#[derive(Default)]
struct Years(Vec<(i32, YearAcc)>);

impl Years {
    fn get(&mut self, year: i32) -> &mut YearAcc {
        if self.0.is_empty() {
            // Most reports span a handful of years: grow once.
            self.0.reserve(8);
        }
        let at = match self.0.iter().rposition(|(y, _)| *y <= year) {
            Some(i) if self.0[i].0 == year => i,
            Some(i) => {
                self.0.insert(i + 1, (year, YearAcc::default()));
                i + 1
            }
            None => {
                self.0.insert(0, (year, YearAcc::default()));
                0
            }
        };
        &mut self.0[at].1
    }

    fn find(&self, year: i32) -> Option<&YearAcc> {
        self.0.iter().find(|(y, _)| *y == year).map(|(_, acc)| acc)
    }
}

#[derive(Default)]
struct YearAcc {
    amount: Option<FenSum>,
    names: Names,
}

/// Names (see [`Interned`]) with how many units published each, in the
/// order first seen: nearly always one, held in place (a list for each of
/// 60,000 line-years was a fifth of the allocations of a whole-corpus
/// `yoy`).
#[derive(Default)]
enum Names {
    #[default]
    None,
    One([(u32, usize); 1]),
    Many(Vec<(u32, usize)>),
}

impl Names {
    fn as_slice(&self) -> &NameCounts {
        match self {
            Names::None => &[],
            Names::One(one) => one,
            Names::Many(many) => many,
        }
    }
}

impl YearAcc {
    /// Called for every line of every unit-year: the usual case, the name
    /// already counted alone, is kept small enough to inline.
    #[inline]
    fn add_name(&mut self, name: u32) {
        match &mut self.names {
            Names::One([(n, count)]) if *n == name => *count += 1,
            _ => self.add_other_name(name),
        }
    }

    fn add_other_name(&mut self, name: u32) {
        match &mut self.names {
            Names::None => self.names = Names::One([(name, 1)]),
            Names::One([(n, count)]) if *n == name => *count += 1,
            Names::One([first]) => self.names = Names::Many(vec![*first, (name, 1)]),
            Names::Many(many) => match many.iter_mut().find(|(n, _)| *n == name) {
                Some((_, count)) => *count += 1,
                None => many.push((name, 1)),
            },
        }
    }
}

/// A year's names of a line, with how many units published each.
type NameCounts = [(u32, usize)];

/// Texts stored once and referred to by number: line names and unit codes
/// repeat across tens of thousands of rows, and numbers are cheap to keep
/// and compare. Names stay bytes as stored until a report reads them.
#[derive(Default)]
struct Interned {
    index: FxHashMap<Vec<u8>, u32>,
    texts: Vec<Vec<u8>>,
}

impl Interned {
    fn id(&mut self, text: &[u8]) -> u32 {
        if let Some(&id) = self.index.get(text) {
            return id;
        }
        let id = u32::try_from(self.texts.len()).expect("fewer than 4 billion texts");
        self.index.insert(text.to_vec(), id);
        self.texts.push(text.to_vec());
        id
    }

    fn bytes(&self, id: u32) -> &[u8] {
        &self.texts[id as usize]
    }
}

/// The JSON arrays of one row of queries/yoy.sql as read (`None`: SQL NULL,
/// every element null). Element i of each is line i.
#[derive(Debug, Clone, Copy, Default)]
pub struct PackArrays<'a> {
    pub row_nos: Option<&'a [u8]>,
    pub sides: Option<&'a [u8]>,
    pub codes: Option<&'a [u8]>,
    pub names: Option<&'a [u8]>,
    pub items: Option<&'a [u8]>,
    pub fens: Option<&'a [u8]>,
}

/// The columns of queries/yoy.sql the builder reads: the unit-year, the
/// packed line fields, and `fens`, the amount column `:column` chose.
pub const COLUMNS: [&str; 9] = {
    let [row_nos, sides, codes, names, items] = LINE_COLUMNS;
    [
        "unit_code",
        "unit_name",
        "year",
        row_nos,
        sides,
        codes,
        names,
        items,
        "fens",
    ]
};

/// Shape the rows of queries/yoy.sql: one section per unit, or one for all
/// of them when `sum`.
pub fn build(data: &Tabular, by: By, sum: bool) -> Result<Yoy, ReportError> {
    Ok(builder(data, by, sum)?.finish())
}

/// A builder that has counted the rows of queries/yoy.sql in `data`.
pub(super) fn builder(data: &Tabular, by: By, sum: bool) -> Result<Builder, ReportError> {
    let [unit_code, unit_name, year, row_nos, sides, codes, names, items, fens] =
        columns(data, COLUMNS)?;
    let mut builder = Builder::new(by, sum);
    for row in &data.rows {
        let Some(y) = int(&row[year]).and_then(|y| i32::try_from(y).ok()) else {
            continue;
        };
        let texts = [row_nos, sides, codes, names, items, fens].map(|i| match &row[i] {
            Value::Null => None,
            other => Some(text(other)),
        });
        let array = |i: usize| texts[i].as_deref().map(str::as_bytes);
        let arrays = PackArrays {
            row_nos: array(0),
            sides: array(1),
            codes: array(2),
            names: array(3),
            items: array(4),
            fens: array(5),
        };
        builder.add(&text(&row[unit_code]), &text(&row[unit_name]), y, arrays)?;
    }
    Ok(builder)
}

/// Accumulates unit-years one at a time, so that a report over every
/// unit-year is built while the query streams, without holding its rows.
/// Each row's arrays are read in place; keys are copied only when first
/// seen.
pub struct Builder {
    by: By,
    sum: bool,
    /// Units (one group when summing), found by code; ordered at the end.
    groups: FxHashMap<String, Group>,
    years: BTreeSet<i32>,
    names: Interned,
    unit_codes: Interned,
    // Reused from one unit-year to the next.
    ids: Vec<usize>,
    fens: Vec<Option<i64>>,
}

/// `map[key]`, inserting a default under an owned copy of `key` only when
/// it is new (the entry API would copy the key on every lookup).
fn slot<'m, V: Default>(map: &'m mut FxHashMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key).expect("inserted above")
}

impl Builder {
    pub fn new(by: By, sum: bool) -> Builder {
        Builder {
            by,
            sum,
            groups: FxHashMap::default(),
            years: BTreeSet::new(),
            names: Interned::default(),
            unit_codes: Interned::default(),
            ids: Vec::new(),
            fens: Vec::new(),
        }
    }

    /// One row of queries/yoy.sql. The error names the unit and year of a
    /// pack that does not read.
    pub fn add(
        &mut self,
        unit_code: &str,
        unit_name: &str,
        y: i32,
        arrays: PackArrays<'_>,
    ) -> Result<(), ReportError> {
        let damaged = |error: PackError| ReportError::DamagedPack {
            unit: unit_code.to_string(),
            year: y,
            error,
        };
        let Builder {
            by,
            sum,
            groups,
            years,
            names,
            unit_codes,
            ids,
            fens,
        } = self;
        let by = *by;
        let group = slot(groups, if *sum { "" } else { unit_code });
        years.insert(y);
        match &mut group.unit_name {
            Some((ny, name)) if y >= *ny => {
                *ny = y;
                if name != unit_name {
                    *name = unit_name.to_string();
                }
            }
            Some(_) => {}
            None => group.unit_name = Some((y, unit_name.to_string())),
        }
        match &group.only_code {
            None if !group.several_codes => group.only_code = Some(unit_code.to_string()),
            Some(code) if code != unit_code => {
                group.only_code = None;
                group.several_codes = true;
            }
            _ => {}
        }
        let unit = unit_codes.id(unit_code.as_bytes());
        group.units.push(unit_year(y, unit));

        ids.clear();
        if by == By::Summary {
            summary_lines(group, names, y, arrays, ids).map_err(damaged)?;
        } else {
            classified_lines(group, arrays, ids).map_err(damaged)?;
        }
        fens.clear();
        if let Some(json) = arrays.fens {
            packs::for_each(json, |_, fen: Option<i64>| {
                fens.push(fen);
                Ok(())
            })
            .map_err(damaged)?;
            if fens.len() != ids.len() {
                return Err(damaged(PackError::Amounts {
                    amounts: fens.len(),
                    lines: ids.len(),
                }));
            }
        }

        let mut published: Option<FenSum> = None;
        let mut of_lines: FenSum = 0;
        for (i, &id) in ids.iter().enumerate() {
            let fen = fens.get(i).copied().flatten().map(FenSum::from);
            if id == TOTAL_ROW {
                published = Some(published.unwrap_or(0) + fen.unwrap_or(0));
                continue;
            }
            of_lines += fen.unwrap_or(0);
            let year = group.lines[id].years.get(y);
            if let Some(amount) = fen {
                year.amount = Some(year.amount.unwrap_or(0) + amount);
            }
        }
        if by != By::Summary {
            if let Some(json) = arrays.names {
                let lines = &mut group.lines;
                let named = packs::for_each(json, |i, name: packs::Bytes| {
                    match ids.get(i) {
                        Some(&TOTAL_ROW) => {}
                        Some(&id) => {
                            let line = &mut lines[id];
                            let name = line.name_id(names, &name.0);
                            line.years.get(y).add_name(name);
                        }
                        None => return Err(PackError::MoreNamesThanLines),
                    }
                    Ok(())
                })
                .map_err(damaged)?;
                if named != ids.len() {
                    return Err(damaged(PackError::Names {
                        names: named,
                        lines: ids.len(),
                    }));
                }
            }
            group.totals.push((y, unit, published, of_lines));
        }
        Ok(())
    }

    pub fn finish(self) -> Yoy {
        self.finish_with(Vec::new())
    }

    /// One report from this builder and `others`, each of which counted
    /// different units (all of a unit's rows in one builder, and not
    /// summing): the parts of a report over every unit, counted on several
    /// connections at once.
    pub fn finish_with(self, others: Vec<Builder>) -> Yoy {
        let (by, sum) = (self.by, self.sum);
        let parts: Vec<Builder> = std::iter::once(self).chain(others).collect();
        // Every part's sections have a column for every year of any part.
        let years: BTreeSet<i32> = parts.iter().flat_map(|p| p.years.iter().copied()).collect();
        let years: Vec<i32> = years.into_iter().collect();
        let mut names = Vec::with_capacity(parts.len());
        let mut groups: Vec<(String, Group, usize)> = Vec::new();
        for (part, builder) in parts.into_iter().enumerate() {
            groups.extend(builder.groups.into_iter().map(|(code, g)| (code, g, part)));
            names.push(builder.names);
        }
        groups.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        debug_assert!(
            groups.windows(2).all(|w| w[0].0 != w[1].0),
            "a unit counted in two parts"
        );
        let sections =
            crate::parallel::map_in_order(groups, UNITS_PER_THREAD, |(code, group, part)| {
                section(by, &years, code, group, sum, &names[part])
            });
        Yoy {
            by,
            years,
            sections,
        }
    }
}

/// The line index of each function or economic line (its code; `TOTAL_ROW`
/// for the 合计 row, which has none).
fn classified_lines(
    group: &mut Group,
    arrays: PackArrays<'_>,
    ids: &mut Vec<usize>,
) -> Result<(), PackError> {
    match arrays.codes {
        Some(json) => {
            packs::for_each(json, |_, code: Option<packs::Bytes>| {
                ids.push(match code {
                    None => TOTAL_ROW,
                    Some(code) => group.line(&code.0, str::to_string),
                });
                Ok::<_, PackError>(())
            })?;
        }
        // No line has a code: all are 合计 rows.
        None => {
            let lines = match arrays.names {
                Some(json) => {
                    packs::for_each(json, |_, _: serde::de::IgnoredAny| Ok::<_, PackError>(()))?
                }
                None => 0,
            };
            ids.resize(lines, TOTAL_ROW);
        }
    }
    Ok(())
}

/// The line index of each 收支总表 line (its side and item), its order and
/// its name (the item).
fn summary_lines(
    group: &mut Group,
    names: &mut Interned,
    y: i32,
    arrays: PackArrays<'_>,
    ids: &mut Vec<usize>,
) -> Result<(), PackError> {
    let sides: Vec<Option<packs::Text>> = packs::collect(arrays.sides)?;
    let items: Vec<Option<packs::Text>> = packs::collect(arrays.items)?;
    let row_nos: Vec<i64> = packs::collect(arrays.row_nos)?;
    let lines = row_nos.len();
    if [sides.len(), items.len()]
        .iter()
        .any(|&n| n != 0 && n != lines)
    {
        return Err(PackError::SummaryShape {
            row_nos: lines,
            sides: sides.len(),
            items: items.len(),
        });
    }
    let text = |v: &[Option<packs::Text>], i: usize| -> String {
        v.get(i)
            .and_then(Option::as_ref)
            .map_or(String::new(), |t| t.as_str().to_string())
    };
    for (i, &row_no) in row_nos.iter().enumerate() {
        let (side, item) = (text(&sides, i), text(&items, i));
        let id = group.line(format!("{side}/{item}").as_bytes(), |_| {
            match side.as_str() {
                "income" => "收入".to_string(),
                "expenditure" => "支出".to_string(),
                other => other.to_string(),
            }
        });
        let line = &mut group.lines[id];
        if y > line.latest_row.0 || (y == line.latest_row.0 && row_no < line.latest_row.1) {
            line.latest_row = (y, row_no);
        }
        let name = line.name_id(names, item.as_bytes());
        line.years.get(y).add_name(name);
        ids.push(id);
    }
    Ok(())
}

/// A year and a unit as one number that sorts by year, then unit: the
/// units of a sum over every unit-year are sorted once.
fn unit_year(year: i32, unit: u32) -> u64 {
    (u64::from(year.cast_unsigned() ^ 0x8000_0000) << 32) | u64::from(unit)
}

fn year_of(unit_year: u64) -> i32 {
    ((unit_year >> 32) as u32 ^ 0x8000_0000).cast_signed()
}

fn section(
    by: By,
    years: &[i32],
    code: String,
    mut group: Group,
    sum: bool,
    names: &Interned,
) -> YoySection {
    let rows = group.units.len();
    group.units.sort_unstable();
    group.units.dedup();
    // A unit publishes one budget a year, so a unit-year has one row;
    // should it have several, their totals are added up first.
    let one_row_each = group.units.len() == rows;
    let mut units_per_year = vec![0; years.len()];
    for &key in &group.units {
        if let Ok(i) = years.binary_search(&year_of(key)) {
            units_per_year[i] += 1;
        }
    }
    let mut keyed: Vec<((u8, i64, String), YoyLine)> = group
        .lines
        .into_iter()
        .filter_map(|acc| {
            let mut line = line(years, acc.label, &acc.years, names)?;
            if by == By::Summary {
                // The 收支总表 prints its template's lines every year; a line
                // left blank is one the unit no longer has (新增/取消).
                for (present, amount) in line.present.iter_mut().zip(&line.amounts) {
                    *present &= amount.is_some();
                }
            }
            let order = match by {
                By::Summary => (u8::from(line.label != "收入"), acc.latest_row.1, acc.key),
                _ => (0, 0, acc.key),
            };
            Some((order, line))
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let total = (by != By::Summary).then(|| year_totals(years, group.totals, one_row_each));
    let name = group.unit_name.map(|(_, n)| n).unwrap_or_default();
    let only_unit = match (sum, group.only_code) {
        (true, Some(only)) => Some((only, name.clone())),
        _ => None,
    };
    YoySection {
        unit: (!sum).then_some((code, name)),
        only_unit,
        units_per_year,
        lines: keyed.into_iter().map(|(_, line)| line).collect(),
        total,
    }
}

/// Per year: the units' 合计 added up (a unit whose table has none adds
/// the sum of its lines); `None` for a year without rows. `totals` has a
/// (year, unit, published 合计, sum of lines) per row; unless
/// `one_row_each`, a unit's rows of one year are added up first.
fn year_totals(
    years: &[i32],
    mut totals: Vec<(i32, u32, Option<FenSum>, FenSum)>,
    one_row_each: bool,
) -> Vec<Option<FenSum>> {
    if !one_row_each {
        // Stable: a unit's rows of one year add up in the order they were read.
        totals.sort_by_key(|&(year, unit, _, _)| (year, unit));
        let mut merged: Vec<(i32, u32, Option<FenSum>, FenSum)> = Vec::with_capacity(totals.len());
        for (year, unit, published, lines) in totals {
            match merged.last_mut() {
                Some((y, u, sum_published, sum_lines)) if (*y, *u) == (year, unit) => {
                    if let Some(published) = published {
                        *sum_published = Some(sum_published.unwrap_or(0) + published);
                    }
                    *sum_lines += lines;
                }
                _ => merged.push((year, unit, published, lines)),
            }
        }
        totals = merged;
    }
    let mut sums: Vec<Option<FenSum>> = vec![None; years.len()];
    for (year, _, published, lines) in totals {
        if let Ok(i) = years.binary_search(&year) {
            let sum = sums[i].get_or_insert(0);
            *sum += published.unwrap_or(lines);
        }
    }
    sums
}

/// The same names, ignoring how many units published each: with one name
/// (nearly always) the chosen name is then the same.
fn same_names(a: &[(u32, usize)], b: &[(u32, usize)]) -> bool {
    matches!((a, b), ([(x, _)], [(y, _)]) if x == y)
}

/// A year's name of a line: the one most units published (ties: the first
/// in text order), spaces around it aside; `None` if all are blank.
fn year_name<'n>(stored: &[(u32, usize)], names: &'n Interned) -> Option<Cow<'n, str>> {
    fn trimmed(stored: &[u8]) -> Cow<'_, str> {
        match std::str::from_utf8(stored) {
            Ok(text) => Cow::Borrowed(text.trim()),
            Err(_) => Cow::Owned(String::from_utf8_lossy(stored).trim().to_string()),
        }
    }
    // Nearly always every unit published the same name.
    if let [(only, _)] = stored {
        let name = trimmed(names.bytes(*only));
        return (!name.is_empty()).then_some(name);
    }
    let mut merged: Vec<(Cow<str>, usize)> = Vec::new();
    for (stored, count) in stored {
        let name = trimmed(names.bytes(*stored));
        if name.is_empty() {
            continue;
        }
        match merged.iter_mut().find(|(n, _)| *n == name) {
            Some((_, seen)) => *seen += count,
            None => merged.push((name, *count)),
        }
    }
    merged
        .into_iter()
        .max_by(|x, y| x.1.cmp(&y.1).then(y.0.cmp(&x.0)))
        .map(|(name, _)| name)
}

/// One line across the years; `None` when it has no non-zero amount in any
/// year (nothing to compare).
fn line(years: &[i32], label: String, acc: &Years, names: &Interned) -> Option<YoyLine> {
    let amounts: Vec<Option<FenSum>> = years
        .iter()
        .map(|y| acc.find(*y).and_then(|a| a.amount))
        .collect();
    if amounts.iter().all(|a| a.unwrap_or(0) == 0) {
        return None;
    }
    let present = years.iter().map(|y| acc.find(*y).is_some()).collect();
    // A unit's name for a line rarely changes: reuse last year's reading
    // when the stored names are the same bytes.
    let mut named: Vec<(i32, Cow<str>)> = Vec::with_capacity(acc.0.len());
    let mut previous: Option<(&NameCounts, Option<Cow<str>>)> = None;
    for (y, a) in &acc.0 {
        let name = match &previous {
            Some((stored, name)) if same_names(stored, a.names.as_slice()) => name.clone(),
            _ => year_name(a.names.as_slice(), names),
        };
        if let Some(name) = &name {
            named.push((*y, name.clone()));
        }
        previous = Some((a.names.as_slice(), name));
    }
    let name = named.last().map(|(_, n)| n.to_string()).unwrap_or_default();
    let mut former: Vec<(String, i32, i32)> = Vec::new();
    for (y, n) in &named {
        if *n == name {
            continue;
        }
        match former.iter_mut().find(|(f, _, _)| f == n) {
            Some(entry) => entry.2 = *y,
            None => former.push((n.to_string(), *y, *y)),
        }
    }
    Some(YoyLine {
        label,
        name,
        amounts,
        present,
        former_names: former,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_years_sort_by_year_then_unit_and_give_the_year_back() {
        let pairs = [
            (i32::MIN, 7),
            (-1, u32::MAX),
            (0, 0),
            (2021, 3),
            (2021, 4),
            (i32::MAX, 0),
        ];
        let keys: Vec<u64> = pairs.iter().map(|&(y, u)| unit_year(y, u)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        let years: Vec<i32> = keys.iter().map(|&k| year_of(k)).collect();
        assert_eq!(years, pairs.map(|(y, _)| y));
    }
}

//! Render: a result table → terminal table, CSV, JSON or Markdown.
//!
//! Amounts travel as [`Field::Money`] (exact 分) and are formatted only here,
//! in the unit the user chose (`--money 万元|元`):
//! - terminal tables and Markdown round to two decimals and group thousands
//!   (`1,079.09`);
//! - CSV prints the exact amount as a plain number: two decimals, more only
//!   where the amount needs them (`1079.09`, `0.000012` 万元), no separators;
//! - JSON prints the exact amount as a decimal string (`"1079.09"`) and adds
//!   an integer field `<column>_fen` with the amount in 分.
//!
//! Percentages ([`Field::Percent`]) are computed from exact ratios and
//! rounded by whoever computed them; tables print `12.34%`, CSV `12.34`,
//! JSON the string `"12.34"`.

use crate::amount::{format_fen, AmountUnit, FenSum};
use crate::text::visible;
use comfy_table::{presets, ColumnConstraint, ContentArrangement, Table, Width as ComfyWidth};
use rust_decimal::Decimal;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

/// A cell of a [`Report`]: a plain value, or an amount or percentage that
/// is formatted for its reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Null,
    Int(i64),
    Text(String),
    /// An exact amount in 分 (0.01 元): a sum of many may exceed `i64`.
    Money(FenSum),
    /// A percentage, already rounded.
    Percent(Decimal),
    /// An exact quantity that is not money (an area, a count), as it is.
    Number(Decimal),
}

impl From<Value> for Field {
    fn from(value: Value) -> Field {
        match value {
            Value::Null => Field::Null,
            Value::Int(n) => Field::Int(n),
            Value::Text(t) => Field::Text(t),
        }
    }
}

/// How a field is written: for people (tables, Markdown) or for programs
/// (CSV, JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    People,
    Programs,
}

impl Field {
    fn text(&self, money: AmountUnit, audience: Audience) -> String {
        let mut text = String::new();
        self.write_text(money, audience, &mut text);
        text
    }

    /// Append the field's text to `out`: a CSV of every unit's lines writes
    /// hundreds of thousands of fields through one buffer.
    fn write_text(&self, money: AmountUnit, audience: Audience, out: &mut String) {
        match (self, audience) {
            (Field::Null, _) => {}
            (Field::Int(n), _) => out.push_str(itoa::Buffer::new().format(*n)),
            // A document's text may hold control characters: people see
            // them escaped, programs get them as they are.
            (Field::Text(t), Audience::People) => out.push_str(&visible(t)),
            (Field::Text(t), Audience::Programs) => out.push_str(t),
            (Field::Money(fen), Audience::People) => out.push_str(&money_display(*fen, money)),
            (Field::Money(fen), Audience::Programs) => push_money_exact(out, *fen, money),
            (Field::Percent(p), Audience::People) => {
                push_decimal(out, *p);
                out.push('%');
            }
            (Field::Percent(p), Audience::Programs) => push_decimal(out, *p),
            (Field::Number(n), _) => out.push_str(&n.to_string()),
        }
    }

    /// The field as tables and Markdown print it (`1,079.09`, `12.34%`).
    pub fn for_people(&self, money: AmountUnit) -> String {
        self.text(money, Audience::People)
    }

    /// The field as CSV prints it (`1079.09`, `12.34`): exact, no separators.
    pub fn for_programs(&self, money: AmountUnit) -> String {
        self.text(money, Audience::Programs)
    }

    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Field::Null | Field::Int(_) | Field::Money(_) | Field::Percent(_) | Field::Number(_)
        )
    }
}

/// The exact amount in `unit`, as a plain number with at least two decimals.
pub fn money_exact(fen: FenSum, unit: AmountUnit) -> String {
    let mut text = String::with_capacity(24);
    push_money_exact(&mut text, fen, unit);
    text
}

fn push_money_exact(out: &mut String, fen: FenSum, unit: AmountUnit) {
    // 分 are 10^-6 万元 and 10^-2 元: the digits of the integer, with the
    // point set that many places from the right, say the amount exactly (a
    // CSV of every unit's lines formats 140,000 of them: through Decimal and
    // `format!` they took a fifth of `yoy`'s time). Beyond two decimals,
    // trailing zeros say nothing.
    let decimals = match unit {
        AmountUnit::Wanyuan => 6,
        AmountUnit::Yuan => 2,
    };
    if fen < 0 {
        out.push('-');
    }
    // Amounts that fit 64 bits (all but sums past 184 trillion 元) are
    // divided in 64 bits: 128-bit division was a twentieth of a CSV's cost.
    match u64::try_from(fen.unsigned_abs()) {
        Ok(magnitude) => {
            let (magnitude, shown) = trimmed(magnitude, decimals);
            push_point(out, magnitude, shown);
        }
        Err(_) => {
            let (magnitude, shown) = trimmed(fen.unsigned_abs(), decimals);
            push_point(out, magnitude, shown);
        }
    }
}

/// `magnitude` with the trailing zeros of its `decimals` beyond two taken
/// off, and how many decimals are left.
fn trimmed<T>(mut magnitude: T, decimals: usize) -> (T, usize)
where
    T: Copy + PartialEq + std::ops::Rem<Output = T> + std::ops::Div<Output = T> + From<u8>,
{
    let (ten, zero) = (T::from(10), T::from(0));
    let mut shown = decimals;
    while shown > 2 && magnitude % ten == zero {
        magnitude = magnitude / ten;
        shown -= 1;
    }
    (magnitude, shown)
}

/// `digits` (an integer) with a decimal point `decimals` places from its
/// right: 12345, 2 → 123.45; 5, 2 → 0.05.
fn push_point(out: &mut String, digits: impl itoa::Integer, decimals: usize) {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(digits);
    if digits.len() > decimals {
        let (whole, fraction) = digits.split_at(digits.len() - decimals);
        out.push_str(whole);
        if decimals > 0 {
            out.push('.');
            out.push_str(fraction);
        }
    } else {
        out.push_str("0.");
        for _ in digits.len()..decimals {
            out.push('0');
        }
        out.push_str(digits);
    }
}

/// `value` as its Display writes it (all of its scale's digits), without
/// the formatting machinery: reports print tens of thousands of them.
fn push_decimal(out: &mut String, value: Decimal) {
    let mantissa = value.mantissa();
    // Zero keeps Display's own rules for its sign; so do mantissas beyond u64.
    let magnitude = u64::try_from(mantissa.unsigned_abs()).ok();
    let Some(magnitude) = magnitude.filter(|_| mantissa != 0) else {
        out.push_str(&value.to_string());
        return;
    };
    if mantissa < 0 {
        out.push('-');
    }
    push_point(out, magnitude, value.scale() as usize);
}

/// The amount in `unit` rounded to two decimals, thousands grouped.
pub fn money_display(fen: FenSum, unit: AmountUnit) -> String {
    let plain = match i64::try_from(fen) {
        Ok(fen) => format_fen(fen, unit, 2),
        Err(_) => rounded_beyond_i64(fen, unit),
    };
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (int_part, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::with_capacity(plain.len() + int_part.len() / 3);
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A sum beyond `i64` in `unit`, rounded half away from zero to two
/// decimals, in integers (`Decimal` holds 96 bits).
fn rounded_beyond_i64(fen: FenSum, unit: AmountUnit) -> String {
    // 分 per hundredth of the unit: 10,000 for 万元, 1 for 元.
    let step = u128::try_from(unit.fen_per_unit() / 100).unwrap_or(1);
    let hundredths = (fen.unsigned_abs() + step / 2) / step;
    let mut out = String::new();
    if fen < 0 {
        out.push('-');
    }
    push_point(&mut out, hundredths, 2);
    out
}

/// `fen` as a JSON number where one holds it exactly (up to `u64`), as a
/// string of its digits beyond.
fn json_fen(fen: FenSum) -> serde_json::Value {
    serde_json::Number::from_i128(fen).map_or_else(
        || serde_json::Value::from(fen.to_string()),
        serde_json::Value::Number,
    )
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tabular {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// How a report is written (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    Md,
}

/// How to write a result: the format, the money unit and, for CSV, a BOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub format: Format,
    pub money: AmountUnit,
    /// Start CSV with a UTF-8 byte-order mark (for Excel).
    pub bom: bool,
    /// The terminal's width in columns: terminal tables that would be wider
    /// leave out empty and detail columns and wrap long text to fit. None
    /// (a pipe, a file, `--wide`): every table whole.
    pub width: Option<u16>,
}

/// A result of one or more tables with the same columns: one section per
/// unit, say. Tables and Markdown print each section under its title; CSV
/// and JSON print one flat table whose first columns (`key_headers`) hold
/// each section's `keys`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// One line above the tables (tables and Markdown only); the money unit
    /// is added to it.
    pub caption: Option<String>,
    pub key_headers: Vec<String>,
    pub headers: Vec<String>,
    pub sections: Vec<Section>,
    /// Groups of columns a terminal too narrow for the whole table leaves
    /// out, the first group first, until the table fits (a note names them;
    /// `--wide` shows them). CSV, JSON and Markdown always have every column.
    pub detail: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// One field per `Report::key_headers`.
    pub keys: Vec<Field>,
    pub rows: Vec<Vec<Field>>,
}

impl From<Tabular> for Report {
    fn from(data: Tabular) -> Report {
        Report {
            caption: None,
            key_headers: Vec::new(),
            headers: data.headers,
            sections: vec![Section {
                title: String::new(),
                keys: Vec::new(),
                rows: data
                    .rows
                    .into_iter()
                    .map(|row| row.into_iter().map(Field::from).collect())
                    .collect(),
            }],
            detail: Vec::new(),
        }
    }
}

/// Free a report: a whole-corpus yoy holds 400,000 small allocations,
/// and freed on one core they took a twentieth of the answer.
pub fn discard(report: Report) {
    crate::parallel::map_in_order(report.sections, 64, drop);
}

pub fn write_report(out: &mut dyn Write, report: &Report, style: &Style) -> std::io::Result<()> {
    match style.format {
        Format::Table => write_tables(out, report, style.money, style.width),
        Format::Csv => write_csv(out, report, style),
        Format::Json => write_json(out, report, style.money),
        Format::Md => write_markdown(out, report, style.money),
    }
}

/// The line above a report's tables: its caption and the money unit, when
/// it holds amounts.
pub fn caption(report: &Report, money: AmountUnit) -> Option<String> {
    let uses_money = report
        .sections
        .iter()
        .flat_map(|s| &s.rows)
        .flatten()
        .any(|v| matches!(v, Field::Money(_)));
    let unit =
        uses_money.then(|| format!("金额单位：{} (amounts in {})", money.label(), money.label()));
    match (&report.caption, unit) {
        (Some(c), Some(u)) => Some(format!("{c}　{u}")),
        (Some(c), None) => Some(c.clone()),
        (None, u) => u,
    }
}

fn write_tables(
    out: &mut dyn Write,
    report: &Report,
    money: AmountUnit,
    width: Option<u16>,
) -> std::io::Result<()> {
    if let Some(caption) = caption(report, money) {
        writeln!(out, "{}", visible(&caption))?;
    }
    let fit =
        |rows: &[Vec<Field>]| fitted_table(&report.headers, rows, money, width, &report.detail);
    let mut left_out: Vec<String> = Vec::new();
    if report.sections.is_empty() {
        let (table, _) = fit(&[]);
        return writeln!(out, "{table}");
    }
    for (i, section) in report.sections.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        if !section.title.is_empty() {
            writeln!(out, "{}", visible(&section.title))?;
        }
        let (table, dropped) = fit(&section.rows);
        writeln!(out, "{table}")?;
        for column in dropped {
            if !left_out.contains(&column) {
                left_out.push(column);
            }
        }
    }
    if !left_out.is_empty() {
        writeln!(
            out,
            "（为适应终端宽度略去 (left out to fit the terminal; --wide shows them): {}）",
            left_out.join(", ")
        )?;
    }
    Ok(())
}

/// The terminal table of `rows`, fitted to `width` when there is one: a
/// table that would be wider leaves out its empty columns, then the
/// report's detail columns in order until it fits, and wraps long text in
/// what remains. Returns the detail columns it left out.
fn fitted_table(
    headers: &[String],
    rows: &[Vec<Field>],
    money: AmountUnit,
    width: Option<u16>,
    detail: &[Vec<String>],
) -> (Table, Vec<String>) {
    let texts: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| visible(&v.text(money, Audience::People)).into_owned())
                .collect()
        })
        .collect();
    let mut keep: Vec<usize> = (0..headers.len()).collect();
    let mut dropped = Vec::new();
    if let Some(width) = width {
        // Text may wrap to a comfortable width before columns are left out.
        let numeric = |i: usize| rows.iter().all(|r| r.get(i).is_none_or(Field::is_numeric));
        let fits = |keep: &[usize]| {
            let content: usize = keep
                .iter()
                .map(|&i| {
                    let natural = column_width(headers, &texts, i);
                    if numeric(i) {
                        natural
                    } else {
                        let header = UnicodeWidthStr::width(headers[i].as_str());
                        natural.min(header.max(COMFORTABLE_TEXT_WIDTH))
                    }
                })
                .sum();
            content + 3 * keep.len() < usize::from(width)
        };
        if !fits(&keep) && !rows.is_empty() {
            keep.retain(|&i| {
                texts
                    .iter()
                    .any(|row| row.get(i).is_some_and(|t| !t.is_empty()))
            });
            for group in detail {
                if fits(&keep) {
                    break;
                }
                for column in group {
                    if let Some(at) = keep.iter().position(|&i| headers[i] == *column) {
                        keep.remove(at);
                        dropped.push(column.clone());
                    }
                }
            }
        }
    }
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(keep.iter().map(|&i| visible(&headers[i])));
    for row in &texts {
        table.add_row(
            keep.iter()
                .map(|&i| row.get(i).cloned().unwrap_or_default()),
        );
    }
    let numeric: Vec<bool> = keep
        .iter()
        .map(|&i| !rows.is_empty() && rows.iter().all(|r| r.get(i).is_none_or(Field::is_numeric)))
        .collect();
    let natural: Vec<usize> = keep
        .iter()
        .map(|&i| column_width(headers, &texts, i))
        .collect();
    let shares = width.and_then(|width| {
        let room = usize::from(width).saturating_sub(3 * keep.len() + 1);
        let floors: Vec<usize> = keep
            .iter()
            .map(|&i| UnicodeWidthStr::width(headers[i].as_str()).max(MIN_TEXT_WIDTH))
            .collect();
        shared_widths(&natural, &numeric, &floors, room)
    });
    for (n, column) in table.column_iter_mut().enumerate() {
        if numeric[n] {
            column.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
        if let Some(share) = shares.as_ref().and_then(|s| u16::try_from(s[n] + 2).ok()) {
            // The content width and the two spaces of padding.
            column.set_constraint(ColumnConstraint::Absolute(ComfyWidth::Fixed(share)));
        }
    }
    (table, dropped)
}

/// The narrowest a text column is wrapped to when even the headers do not
/// fit.
const NARROWEST_TEXT_WIDTH: usize = 4;

/// The narrowest a text column may wrap to before columns are left out.
const COMFORTABLE_TEXT_WIDTH: usize = 16;

/// The narrowest a text column is wrapped to (when its header is narrower).
const MIN_TEXT_WIDTH: usize = 8;

/// Widths for columns that do not fit side by side in `room`: numbers keep
/// their whole width, text columns share what is left, the narrower ones
/// whole first, none narrower than its floor (its header, or
/// [`MIN_TEXT_WIDTH`]) unless its text is. None when everything fits.
fn shared_widths(
    natural: &[usize],
    numeric: &[bool],
    floors: &[usize],
    room: usize,
) -> Option<Vec<usize>> {
    if natural.iter().sum::<usize>() <= room {
        return None;
    }
    let mut widths = natural.to_vec();
    let fixed: usize = (0..natural.len())
        .filter(|&n| numeric[n])
        .map(|n| natural[n])
        .sum();
    let mut left = room.saturating_sub(fixed);
    let mut text: Vec<usize> = (0..natural.len()).filter(|&n| !numeric[n]).collect();
    // Where even the headers do not fit side by side, they wrap too.
    let floors: Vec<usize> = if text
        .iter()
        .map(|&n| floors[n].min(natural[n]))
        .sum::<usize>()
        > left
    {
        floors
            .iter()
            .map(|&f| f.min(NARROWEST_TEXT_WIDTH))
            .collect()
    } else {
        floors.to_vec()
    };
    text.sort_by_key(|&n| natural[n]);
    let mut remaining = text.len();
    for n in text {
        let share = left / remaining.max(1);
        let floor = floors[n].min(natural[n]);
        widths[n] = natural[n].min(share).max(floor);
        left = left.saturating_sub(widths[n]);
        remaining -= 1;
    }
    Some(widths)
}

/// The widest line of column `i`, its header included.
fn column_width(headers: &[String], texts: &[Vec<String>], i: usize) -> usize {
    let widest = |text: &str| text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
    texts
        .iter()
        .filter_map(|row| row.get(i))
        .map(|t| widest(t))
        .chain([widest(&headers[i])])
        .max()
        .unwrap_or(0)
}

fn write_csv(out: &mut dyn Write, report: &Report, style: &Style) -> std::io::Result<()> {
    write_csv_header(out, report, &money_columns(report), style)?;
    write_csv_sections(out, &report.sections, style.money)
}

/// A report written as its sections are made, a part at a time, so that a
/// whole-corpus answer is never whole in memory: CSV and JSON row by row;
/// a terminal table and Markdown, which need every row to fit their columns,
/// gather the parts first. `money_columns` (keys first) says which columns
/// are amounts, since CSV's header and JSON's `_fen` twins come before the
/// rows: unlike [`write_report`], which looks at every row, a column declared
/// an amount is treated as one even where every row is blank.
pub fn write_in_parts(
    out: &mut dyn Write,
    head: Report,
    money_columns: &[bool],
    parts: impl Iterator<Item = Vec<Section>>,
    style: &Style,
) -> std::io::Result<()> {
    match style.format {
        Format::Csv => {
            write_csv_header(out, &head, money_columns, style)?;
            for part in parts {
                write_csv_sections(out, &part, style.money)?;
            }
            Ok(())
        }
        Format::Json => write_json_parts(out, &head, money_columns, style.money, parts),
        Format::Table | Format::Md => {
            let mut report = head;
            report.sections = parts.flatten().collect();
            let written = write_report(out, &report, style);
            discard(report);
            written
        }
    }
}

fn write_csv_header(
    out: &mut dyn Write,
    report: &Report,
    money: &[bool],
    style: &Style,
) -> std::io::Result<()> {
    if style.bom {
        // Excel reads a BOM-less CSV as the local code page and garbles Chinese.
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    // An amount column says its unit in its header (`total_万元`): a CSV
    // has no caption, and a round trip through Excel keeps headers.
    let headers = report
        .key_headers
        .iter()
        .chain(&report.headers)
        .zip(money.iter().chain(std::iter::repeat(&false)))
        .map(|(header, &is_money)| match is_money {
            true => format!("{header}_{}", style.money.label()),
            false => header.clone(),
        });
    let mut writer = csv::Writer::from_writer(&mut *out);
    writer.write_record(headers).map_err(csv_io)?;
    writer.flush()
}

/// The records of `sections`: formatted in runs, on every core when there
/// are many (2,000 units' tables: a third of a whole-corpus `yoy`), and
/// written in their order.
fn write_csv_sections(
    out: &mut dyn Write,
    sections: &[Section],
    money: AmountUnit,
) -> std::io::Result<()> {
    let runs: Vec<&[Section]> = sections.chunks(SECTIONS_PER_RUN).collect();
    let formatted = crate::parallel::map_in_order(runs, 2, |run| csv_rows(run, money));
    for bytes in formatted {
        out.write_all(&bytes?)?;
    }
    Ok(())
}

/// Sections formatted together: enough that a run's buffer is worth its
/// allocation, few enough that the runs share out over the cores.
const SECTIONS_PER_RUN: usize = 64;

/// The CSV records of `sections`, without the header, byte for byte as the
/// csv crate writes them (see `write_csv_field`), but each field formatted
/// straight into the output: copied through the crate's record, a
/// whole-corpus `yoy`'s 290,000 fields cost twice as much.
fn csv_rows(sections: &[Section], money: AmountUnit) -> std::io::Result<Vec<u8>> {
    // Grown once: a report's fields average under ten bytes with their comma,
    // but a section's keys (a unit's name) are repeated on each of its rows
    // and are counted as they are (grown by doubling instead, an `execution`
    // over every unit-year spent a seventh of its time zeroing fresh pages).
    let fields: usize = sections
        .iter()
        .flat_map(|s| s.rows.iter().map(|row| s.keys.len() + row.len()))
        .sum();
    let keys: usize = sections
        .iter()
        .map(|s| {
            let text: usize = s
                .keys
                .iter()
                .map(|k| match k {
                    Field::Text(t) => t.len(),
                    _ => 0,
                })
                .sum();
            text * s.rows.len()
        })
        .sum();
    let mut out = String::with_capacity(fields * 10 + keys);
    // Like the crate's writer, every record of a run has as many fields as
    // its first.
    let mut expected: Option<usize> = None;
    for section in sections {
        for row in &section.rows {
            let start = out.len();
            let mut fields = 0;
            for field in section.keys.iter().chain(row) {
                if fields > 0 {
                    out.push(',');
                }
                fields += 1;
                write_csv_field(&mut out, field, money);
            }
            if out.len() == start {
                // A record of one empty field would read as no record.
                out.push_str("\"\"");
            }
            out.push('\n');
            match expected {
                None => expected = Some(fields),
                Some(len) if len != fields => {
                    return Err(std::io::Error::other(format!(
                        "UnequalLengths {{ pos: None, expected_len: {len}, len: {fields} }}"
                    )))
                }
                Some(_) => {}
            }
        }
    }
    Ok(out.into_bytes())
}

/// One field as the csv crate's default writer writes it: in quotes, with
/// quotes doubled, when it holds a comma, a quote or a line break; as it
/// is otherwise. Only text can hold those: numbers and amounts are written
/// here, in digits, sign and point.
fn write_csv_field(out: &mut String, field: &Field, money: AmountUnit) {
    let Field::Text(text) = field else {
        field.write_text(money, Audience::Programs, out);
        return;
    };
    if !text
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        out.push_str(text);
        return;
    }
    out.push('"');
    for (i, part) in text.split('"').enumerate() {
        if i > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
}

/// The I/O error inside a CSV error keeps its kind, so that a closed pipe
/// (`yusuan … | head`) is recognised as one.
fn csv_io(error: csv::Error) -> std::io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Which columns (keys first) hold an amount in any row.
fn money_columns(report: &Report) -> Vec<bool> {
    let mut money = vec![false; report.key_headers.len() + report.headers.len()];
    for section in &report.sections {
        for row in &section.rows {
            for (i, field) in section.keys.iter().chain(row).enumerate() {
                if matches!(field, Field::Money(_)) {
                    if let Some(slot) = money.get_mut(i) {
                        *slot = true;
                    }
                }
            }
        }
    }
    money
}

fn write_json(out: &mut dyn Write, report: &Report, money: AmountUnit) -> std::io::Result<()> {
    let parts = std::iter::once(report.sections.as_slice());
    write_json_parts(out, report, &money_columns(report), money, parts)
}

/// The report's rows as one JSON array of objects, one per row, with a
/// `_fen` twin for every money column (`money_column`, keys first), in
/// every record. Each record is written as it is made: a whole-corpus
/// report's records built first took several times the report's memory.
fn write_json_parts<S: std::borrow::Borrow<[Section]>>(
    out: &mut dyn Write,
    head: &Report,
    money_column: &[bool],
    money: AmountUnit,
    parts: impl Iterator<Item = S>,
) -> std::io::Result<()> {
    use serde::ser::{SerializeSeq, Serializer};
    let headers: Vec<&String> = head.key_headers.iter().chain(&head.headers).collect();
    let mut serializer = serde_json::Serializer::pretty(&mut *out);
    let mut records = serializer.serialize_seq(None)?;
    for part in parts {
        for section in part.borrow() {
            for row in &section.rows {
                let record = json_record(&headers, money_column, &section.keys, row, money);
                records.serialize_element(&record)?;
            }
        }
    }
    records.end()?;
    writeln!(out)
}

fn json_record(
    headers: &[&String],
    money_column: &[bool],
    keys: &[Field],
    row: &[Field],
    money: AmountUnit,
) -> serde_json::Map<String, serde_json::Value> {
    let mut record = serde_json::Map::new();
    for (i, (header, value)) in headers.iter().zip(keys.iter().chain(row)).enumerate() {
        let json = match value {
            Field::Null => serde_json::Value::Null,
            Field::Int(n) => serde_json::Value::from(*n),
            Field::Text(t) => serde_json::Value::from(t.clone()),
            Field::Money(fen) => serde_json::Value::from(money_exact(*fen, money)),
            Field::Percent(p) | Field::Number(p) => serde_json::Value::from(p.to_string()),
        };
        record.insert((*header).clone(), json);
        if money_column.get(i).copied().unwrap_or(false) {
            let fen = match value {
                Field::Money(fen) => json_fen(*fen),
                _ => serde_json::Value::Null,
            };
            record.insert(format!("{header}_fen"), fen);
        }
    }
    record
}

fn write_markdown(out: &mut dyn Write, report: &Report, money: AmountUnit) -> std::io::Result<()> {
    let escape = |s: String| visible(&s).replace('|', "\\|").replace('\n', " ");
    if let Some(caption) = caption(report, money) {
        writeln!(out, "{}\n", escape(caption))?;
    }
    let empty = [Section::default()];
    let sections = if report.sections.is_empty() {
        &empty[..]
    } else {
        &report.sections[..]
    };
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        if !section.title.is_empty() {
            writeln!(out, "### {}\n", escape(section.title.clone()))?;
        }
        writeln!(
            out,
            "| {} |",
            report
                .headers
                .iter()
                .map(|h| escape(h.clone()))
                .collect::<Vec<_>>()
                .join(" | ")
        )?;
        writeln!(
            out,
            "|{}|",
            report
                .headers
                .iter()
                .enumerate()
                .map(|(c, _)| {
                    let numeric = !section.rows.is_empty()
                        && section
                            .rows
                            .iter()
                            .all(|r| r.get(c).is_none_or(Field::is_numeric));
                    if numeric {
                        "---:"
                    } else {
                        "---"
                    }
                })
                .collect::<Vec<_>>()
                .join("|")
        )?;
        for row in &section.rows {
            writeln!(
                out,
                "| {} |",
                row.iter()
                    .map(|v| escape(v.text(money, Audience::People)))
                    .collect::<Vec<_>>()
                    .join(" | ")
            )?;
        }
    }
    Ok(())
}

/// Rows written as they come, for a result too large to hold (ad-hoc SQL
/// may return millions of rows). CSV and JSON are written row by row and
/// read as one table; terminal tables and Markdown are formatted in blocks
/// of [`ROWS_PER_BLOCK`], each a table of its own (column widths need the
/// rows). A result of one block is written
/// byte for byte as [`write_report`] writes it.
pub struct RowStream<'w> {
    out: &'w mut dyn Write,
    style: Style,
    headers: Vec<String>,
    block: Vec<Vec<Field>>,
    blocks: usize,
    rows: usize,
}

/// Rows formatted together by [`RowStream`].
pub const ROWS_PER_BLOCK: usize = 1000;

impl<'w> RowStream<'w> {
    /// Start the output: the CSV header (and BOM) is written at once.
    pub fn start(
        out: &'w mut dyn Write,
        headers: Vec<String>,
        style: Style,
    ) -> std::io::Result<RowStream<'w>> {
        let stream = RowStream {
            out,
            style,
            headers,
            block: Vec::new(),
            blocks: 0,
            rows: 0,
        };
        if style.format == Format::Csv {
            let header = Report {
                headers: stream.headers.clone(),
                ..Report::default()
            };
            write_csv(stream.out, &header, &style)?;
        }
        Ok(stream)
    }

    pub fn row(&mut self, row: Vec<Value>) -> std::io::Result<()> {
        self.block.push(row.into_iter().map(Field::from).collect());
        // CSV and JSON rows go out one by one: what was read before an
        // error or the time limit is written.
        let block = match self.style.format {
            Format::Csv | Format::Json => 1,
            Format::Table | Format::Md => ROWS_PER_BLOCK,
        };
        if self.block.len() >= block {
            self.flush_block()?;
        }
        Ok(())
    }

    /// Write what is left and close the output (JSON's `]`).
    pub fn finish(mut self) -> std::io::Result<()> {
        if !self.block.is_empty() || self.blocks == 0 {
            self.flush_block()?;
        }
        if self.style.format == Format::Json {
            if self.rows == 0 {
                self.out.write_all(b"[]\n")?;
            } else {
                self.out.write_all(b"\n]\n")?;
            }
        }
        self.out.flush()
    }

    fn flush_block(&mut self) -> std::io::Result<()> {
        let rows = std::mem::take(&mut self.block);
        let first = self.blocks == 0;
        self.blocks += 1;
        let count = rows.len();
        let section = Section {
            rows,
            ..Section::default()
        };
        let money = self.style.money;
        match self.style.format {
            Format::Csv => self.out.write_all(&csv_rows(&[section], money)?)?,
            Format::Json => {
                let report = Report {
                    headers: self.headers.clone(),
                    sections: vec![section],
                    ..Report::default()
                };
                let headers: Vec<&String> = report.headers.iter().collect();
                let money_column = money_columns(&report);
                let records = report.sections[0]
                    .rows
                    .iter()
                    .map(|row| json_record(&headers, &money_column, &[], row, money));
                for (i, record) in records.enumerate() {
                    // As `to_writer_pretty` writes an array: each record
                    // indented by two spaces.
                    let text = serde_json::to_string_pretty(&record)?;
                    let lead = if first && i == 0 { "[\n  " } else { ",\n  " };
                    self.out.write_all(lead.as_bytes())?;
                    self.out.write_all(text.replace('\n', "\n  ").as_bytes())?;
                }
            }
            Format::Table => {
                if !first {
                    writeln!(self.out)?;
                }
                let (table, _) = fitted_table(&self.headers, &section.rows, money, None, &[]);
                writeln!(self.out, "{table}")?;
            }
            Format::Md => {
                if !first {
                    writeln!(self.out)?;
                }
                let report = Report {
                    headers: self.headers.clone(),
                    sections: vec![section],
                    ..Report::default()
                };
                write_markdown(self.out, &report, money)?;
            }
        }
        self.rows += count;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn decimal_text_is_display(mantissa in any::<i64>(), small in -100_000i64..100_000, scale in 0u32..28) {
            for mantissa in [mantissa, small, 0] {
                let value = Decimal::new(mantissa, scale);
                let mut text = String::new();
                push_decimal(&mut text, value);
                prop_assert_eq!(text, value.to_string());
            }
        }

        /// The integer formatting says exactly what the decimal value is:
        /// normalised, at least two decimals.
        #[test]
        fn money_exact_is_the_decimal_value(fen in any::<i64>(), small in -10_000_000i64..10_000_000) {
            for fen in [fen, small] {
                for (unit, scale) in [(AmountUnit::Wanyuan, 6), (AmountUnit::Yuan, 2)] {
                    let mut value = Decimal::new(fen, scale).normalize();
                    if value.scale() < 2 {
                        value.rescale(2);
                    }
                    prop_assert_eq!(money_exact(i128::from(fen), unit), value.to_string());
                }
            }
        }

        /// Rounding in integers (sums beyond i64) agrees with the decimal
        /// rounding of every i64 amount.
        #[test]
        fn integer_rounding_is_decimal_rounding(fen in any::<i64>(), small in -100_000i64..100_000) {
            for fen in [fen, small] {
                for unit in [AmountUnit::Wanyuan, AmountUnit::Yuan] {
                    let decimal = format_fen(fen, unit, 2);
                    let decimal = if decimal.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
                        decimal.trim_start_matches('-').to_string()
                    } else {
                        decimal
                    };
                    let integer = rounded_beyond_i64(i128::from(fen), unit);
                    let integer = if integer.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
                        integer.trim_start_matches('-').to_string()
                    } else {
                        integer
                    };
                    prop_assert_eq!(integer, decimal);
                }
            }
        }

        /// Records written field by field read back as the csv crate's
        /// writer would have written them.
        #[test]
        fn csv_rows_are_the_csv_crates(
            rows in prop::collection::vec(
                prop::collection::vec(
                    prop_oneof![
                        Just(Field::Null),
                        any::<i128>().prop_map(Field::Money),
                        any::<i64>().prop_map(Field::Int),
                        "[a-z,\"\r\n 一名 ]{0,6}".prop_map(Field::Text),
                    ],
                    1..=3,
                ),
                1..8,
            ),
            width in 1usize..=3,
        ) {
            // Every record as wide as the widest: the crate refuses ragged ones.
            let rows: Vec<Vec<Field>> = rows
                .into_iter()
                .map(|mut row| {
                    row.resize(width, Field::Text(String::new()));
                    row
                })
                .collect();
            let section = Section { title: String::new(), keys: Vec::new(), rows };
            let mut expected = csv::Writer::from_writer(Vec::new());
            for row in &section.rows {
                let texts: Vec<String> = row
                    .iter()
                    .map(|f| f.text(AmountUnit::Wanyuan, Audience::Programs))
                    .collect();
                expected.write_record(&texts).unwrap();
            }
            let expected = expected.into_inner().unwrap();
            let written = csv_rows(std::slice::from_ref(&section), AmountUnit::Wanyuan).unwrap();
            prop_assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(expected).unwrap());
        }
    }

    /// Streamed in one block, a result is written as the whole report is;
    /// in several, CSV and JSON still read as the same one table.
    #[test]
    fn streamed_rows_are_the_report() {
        let data = |n: usize| Tabular {
            headers: vec!["名".into(), "n".into()],
            rows: (0..n)
                .map(|i| vec![Value::Text(format!("行,{i}")), Value::Int(i as i64)])
                .collect(),
        };
        let stream = |data: &Tabular, format| {
            let style = Style {
                format,
                money: AmountUnit::Wanyuan,
                bom: true,
                width: None,
            };
            let mut out = Vec::new();
            let mut rows = RowStream::start(&mut out, data.headers.clone(), style).unwrap();
            for row in &data.rows {
                rows.row(row.clone()).unwrap();
            }
            rows.finish().unwrap();
            String::from_utf8(out).unwrap()
        };
        for n in [0, 1, 7] {
            for format in [Format::Table, Format::Csv, Format::Json, Format::Md] {
                let whole = render(&Report::from(data(n)), format, AmountUnit::Wanyuan, true);
                assert_eq!(stream(&data(n), format), whole, "{format:?} {n}");
            }
        }
        let many = data(ROWS_PER_BLOCK * 2 + 3);
        for format in [Format::Csv, Format::Json] {
            let whole = render(
                &Report::from(many.clone()),
                format,
                AmountUnit::Wanyuan,
                true,
            );
            assert_eq!(stream(&many, format), whole, "{format:?}");
        }
    }

    #[test]
    fn narrow_terminals_wrap_text_and_keep_numbers_whole() {
        // Two numbers (8 wide) and two texts (40 and 10) in 50 columns of content.
        let widths = shared_widths(&[8, 40, 8, 10], &[true, false, true, false], &[8; 4], 50)
            .expect("too wide");
        assert_eq!(widths[0], 8);
        assert_eq!(widths[2], 8);
        assert_eq!(widths[3], 10, "the short text is whole");
        assert_eq!(widths[1], 24, "the long text gets the rest");
        assert_eq!(shared_widths(&[8, 10], &[true, false], &[8; 2], 50), None);
        // Not even the headers fit: they wrap too, down to a few columns.
        let widths = shared_widths(&[9, 30, 30], &[true, false, false], &[20; 3], 20).unwrap();
        assert_eq!(widths[0], 9);
        assert!(widths[1] + widths[2] <= 11, "{widths:?}");
    }

    #[test]
    fn csv_rows_refuse_ragged_records_like_the_csv_crate() {
        let section = Section {
            title: String::new(),
            keys: vec![Field::Text("k".into())],
            rows: vec![vec![Field::Int(1)], vec![Field::Int(1), Field::Int(2)]],
        };
        assert!(csv_rows(&[section], AmountUnit::Yuan).is_err());
    }

    #[test]
    fn money_is_exact_for_programs_and_rounded_for_people() {
        use AmountUnit::*;
        assert_eq!(money_exact(1_079_090_000, Wanyuan), "1079.09");
        assert_eq!(money_exact(1_079_090_000, Yuan), "10790900.00");
        assert_eq!(money_exact(12, Wanyuan), "0.000012");
        assert_eq!(money_exact(-3_500_000, Wanyuan), "-3.50");
        assert_eq!(money_exact(0, Wanyuan), "0.00");
        assert_eq!(money_exact(1_234_567, Yuan), "12345.67");
        assert_eq!(money_display(1_079_090_000, Wanyuan), "1,079.09");
        assert_eq!(money_display(1_079_090_000, Yuan), "10,790,900.00");
        assert_eq!(money_display(-123_456_789_000, Wanyuan), "-123,456.79");
        assert_eq!(money_display(5_000, Wanyuan), "0.01");
        assert_eq!(money_display(4_999, Wanyuan), "0.00");
        assert_eq!(money_display(99_900, Yuan), "999.00");
        // Two units' largest amounts added up: beyond i64, exact.
        let sum = 2 * i128::from(9_223_372_036_854_770_000i64);
        assert_eq!(money_display(sum, Wanyuan), "18,446,744,073,709.54");
        assert_eq!(money_display(-sum, Yuan), "-184,467,440,737,095,400.00");
        assert_eq!(money_exact(sum, Wanyuan), "18446744073709.54");
        assert_eq!(
            json_fen(sum),
            serde_json::json!(18_446_744_073_709_540_000u64)
        );
        assert_eq!(
            json_fen(sum * 10),
            serde_json::json!("184467440737095400000")
        );
    }

    #[test]
    fn a_report_written_in_parts_is_the_report_written_whole() {
        let whole = two_sections();
        // The columns that hold money somewhere: what `write_report` finds.
        let money = money_columns(&whole);
        for format in [Format::Table, Format::Csv, Format::Json, Format::Md] {
            let style = Style {
                format,
                money: AmountUnit::Wanyuan,
                bom: false,
                width: None,
            };
            let mut head = whole.clone();
            let parts: Vec<Vec<Section>> = head.sections.drain(..).map(|s| vec![s]).collect();
            let mut out = Vec::new();
            write_in_parts(&mut out, head, &money, parts.into_iter(), &style).unwrap();
            let expected = render(&whole, format, AmountUnit::Wanyuan, false);
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{format:?}");
        }
    }

    #[test]
    fn a_declared_money_column_is_one_even_where_every_row_is_blank() {
        let mut head = two_sections();
        let sections = std::mem::take(&mut head.sections);
        let money = [false, false, true, true];
        let style = Style {
            format: Format::Json,
            money: AmountUnit::Wanyuan,
            bom: false,
            width: None,
        };
        let mut out = Vec::new();
        write_in_parts(&mut out, head, &money, std::iter::once(sections), &style).unwrap();
        let records: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0]["pct_fen"], serde_json::Value::Null);
        assert_eq!(records[1]["2023_fen"], serde_json::Value::Null);
        assert_eq!(records[0]["2023_fen"], serde_json::json!(12_345_678));
    }

    fn two_sections() -> Report {
        Report {
            caption: Some("测试".into()),
            key_headers: vec!["unit".into()],
            headers: vec!["name".into(), "2023".into(), "pct".into()],
            sections: vec![
                Section {
                    title: "A 单位".into(),
                    keys: vec![Field::Text("A".into())],
                    rows: vec![vec![
                        Field::Text("办公费".into()),
                        Field::Money(12_345_678),
                        Field::Percent(Decimal::new(-1250, 2)),
                    ]],
                },
                Section {
                    title: "B 单位".into(),
                    keys: vec![Field::Text("B".into())],
                    rows: vec![vec![Field::Text("x,y".into()), Field::Null, Field::Null]],
                },
            ],
            detail: Vec::new(),
        }
    }

    fn render(report: &Report, format: Format, money: AmountUnit, bom: bool) -> String {
        let mut out = Vec::new();
        write_report(
            &mut out,
            report,
            &Style {
                format,
                money,
                bom,
                width: None,
            },
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_is_flat_exact_and_optionally_starts_with_a_bom() {
        let csv = render(&two_sections(), Format::Csv, AmountUnit::Wanyuan, true);
        assert_eq!(
            csv,
            "\u{feff}unit,name,2023_万元,pct\nA,办公费,12.345678,-12.50\nB,\"x,y\",,\n"
        );
        let csv = render(&two_sections(), Format::Csv, AmountUnit::Yuan, false);
        assert!(csv.contains("A,办公费,123456.78,-12.50\n"), "{csv}");
    }

    #[test]
    fn json_has_decimal_strings_and_fen() {
        let json = render(&two_sections(), Format::Json, AmountUnit::Wanyuan, false);
        let records: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(records[0]["2023"], "12.345678");
        assert_eq!(records[0]["2023_fen"], 12_345_678);
        assert_eq!(records[0]["pct"], "-12.50");
        assert_eq!(records[1]["2023"], serde_json::Value::Null);
        assert_eq!(records[1]["2023_fen"], serde_json::Value::Null);
        assert_eq!(records[1]["unit"], "B");
    }

    #[test]
    fn tables_and_markdown_print_sections_under_their_titles() {
        let table = render(&two_sections(), Format::Table, AmountUnit::Wanyuan, false);
        assert!(table.starts_with("测试　金额单位：万元"), "{table}");
        assert!(table.contains("A 单位\n"), "{table}");
        assert!(table.contains("12.35"), "{table}");
        assert!(table.contains("-12.50%"), "{table}");
        let md = render(&two_sections(), Format::Md, AmountUnit::Yuan, false);
        assert!(md.contains("### B 单位\n"), "{md}");
        assert!(md.contains("| 办公费 | 123,456.78 | -12.50% |"), "{md}");
    }
}

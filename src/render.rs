//! Render: a result table → terminal table, CSV, JSON or Markdown.

use comfy_table::{presets, ContentArrangement, Table};
use std::io::Write;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl Value {
    fn display(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Int(n) => n.to_string(),
            Value::Text(t) => t.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tabular {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Md,
}

pub fn write(
    out: &mut dyn Write,
    data: &Tabular,
    format: Format,
    bom: bool,
) -> std::io::Result<()> {
    match format {
        Format::Table => writeln!(out, "{}", terminal_table(data)),
        Format::Csv => write_csv(out, data, bom),
        Format::Json => write_json(out, data),
        Format::Md => write_markdown(out, data),
    }
}

fn terminal_table(data: &Tabular) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(&data.headers);
    for row in &data.rows {
        table.add_row(row.iter().map(Value::display));
    }
    for (i, column) in table.column_iter_mut().enumerate() {
        let numeric = data
            .rows
            .iter()
            .all(|r| matches!(r.get(i), Some(Value::Int(_) | Value::Null)));
        if numeric && !data.rows.is_empty() {
            column.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    table
}

fn write_csv(out: &mut dyn Write, data: &Tabular, bom: bool) -> std::io::Result<()> {
    if bom {
        // Excel reads a BOM-less CSV as the local code page and garbles Chinese.
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(&data.headers)?;
    for row in &data.rows {
        writer.write_record(row.iter().map(Value::display))?;
    }
    writer.flush()
}

fn write_json(out: &mut dyn Write, data: &Tabular) -> std::io::Result<()> {
    let records: Vec<serde_json::Map<String, serde_json::Value>> = data
        .rows
        .iter()
        .map(|row| {
            data.headers
                .iter()
                .zip(row)
                .map(|(h, v)| {
                    let value = match v {
                        Value::Null => serde_json::Value::Null,
                        Value::Int(n) => serde_json::Value::from(*n),
                        Value::Text(t) => serde_json::Value::from(t.clone()),
                    };
                    (h.clone(), value)
                })
                .collect()
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &records)?;
    writeln!(out)
}

fn write_markdown(out: &mut dyn Write, data: &Tabular) -> std::io::Result<()> {
    let escape = |s: String| s.replace('|', "\\|").replace('\n', " ");
    writeln!(
        out,
        "| {} |",
        data.headers
            .iter()
            .map(|h| escape(h.clone()))
            .collect::<Vec<_>>()
            .join(" | ")
    )?;
    writeln!(
        out,
        "|{}|",
        data.headers
            .iter()
            .map(|_| "---")
            .collect::<Vec<_>>()
            .join("|")
    )?;
    for row in &data.rows {
        writeln!(
            out,
            "| {} |",
            row.iter()
                .map(|v| escape(v.display()))
                .collect::<Vec<_>>()
                .join(" | ")
        )?;
    }
    Ok(())
}

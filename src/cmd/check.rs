//! `yusuan check`: the stored audit findings, or the completeness matrix.

use super::choice::Choice;
use super::output::{self, OutputArgs};
use super::selection::Selection;
use clap::builder::TypedValueParser;
use clap::ValueEnum;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use yusuan::audit::Severity;
use yusuan::render::{Format, Report, Value};
use yusuan::{check, queries};

/// Audit findings: where the published figures do not add up (核对：数字是否相符).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  yusuan check --unit 434001 --year 2023 --severity error\n  yusuan check --long\n  yusuan check --matrix"
)]
pub struct Args {
    /// Unit code, or part of a unit name (单位编码或名称的一部分).
    #[arg(long)]
    pub unit: Option<String>,
    /// Budget year (预算年度).
    #[arg(long)]
    pub year: Option<i32>,
    /// Only this severity: error, warning, rounding or info.
    #[arg(long, value_parser = Choice::<SeverityArg>::new(severity_message).map(Severity::from))]
    pub severity: Option<Severity>,
    /// Units × years grid of the nine tables: present, empty (with or without 空表说明), missing.
    #[arg(long)]
    pub matrix: bool,
    /// On a terminal, also the figures each finding compared (显示核对依据).
    #[arg(long)]
    pub long: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `--severity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "lower")]
pub enum SeverityArg {
    Error,
    Warning,
    Rounding,
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(severity: SeverityArg) -> Severity {
        match severity {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Rounding => Severity::Rounding,
            SeverityArg::Info => Severity::Info,
        }
    }
}

fn severity_message(s: &str) -> String {
    format!("--severity {s}: 应为 error、warning、rounding 或 info (expected error|warning|rounding|info)")
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    let selection = Selection {
        unit: args.unit.clone(),
        ..Selection::default()
    };
    if let Some(why) = selection.why_nothing(db)? {
        eprintln!("{why}");
        return Ok(0);
    }
    let conn = queries::open_read_only(db)?;
    let unit = args.unit.as_deref();
    let data = if args.matrix {
        check::matrix(&conn, unit)?
    } else {
        let detail = match (args.output.format, args.long) {
            (Format::Table, false) => check::Detail::Compact,
            (Format::Table, true) => check::Detail::Long,
            _ => check::Detail::All,
        };
        check::findings(&conn, unit, args.year, args.severity, detail)?
    };
    if data.rows.is_empty() {
        eprintln!("{}", why_no_findings(db, args)?);
    }
    output::emit(&Report::from(data), &args.output, db)?;
    Ok(0)
}

/// Why the list is empty: no disclosure of that year, or none that does
/// not add up.
fn why_no_findings(db: &Path, args: &Args) -> Result<String, String> {
    if let Some(year) = args.year {
        let params = BTreeMap::from([("unit".to_string(), args.unit.clone().unwrap_or_default())]);
        let stored = queries::run_read_only(db, "units", &params)?;
        let years: BTreeSet<String> = stored
            .rows
            .iter()
            .filter_map(|row| match row.get(2) {
                Some(Value::Int(y)) => Some(y.to_string()),
                _ => None,
            })
            .collect();
        if !years.contains(&year.to_string()) {
            let stored: Vec<String> = years.into_iter().collect();
            return Ok(format!(
                "没有 {year} 年的数据 (no disclosure of {year} is stored)；已有年份 (stored years): {}",
                stored.join(", ")
            ));
        }
    }
    Ok("没有不相符之处 (no findings)".to_string())
}

//! `yusuan check`: the stored audit findings, or the completeness matrix.

use super::choice::Choice;
use super::output::{self, OutputArgs};
use clap::builder::TypedValueParser;
use clap::ValueEnum;
use std::path::Path;
use yusuan::audit::Severity;
use yusuan::render::{Format, Report};
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
    output::emit(&Report::from(data), &args.output)?;
    Ok(0)
}

//! `yusuan check`: the stored audit findings, or the completeness matrix.

use super::output::{self, OutputArgs};
use std::path::Path;
use yusuan::render::{Format, Report};
use yusuan::{check, queries};

/// Audit findings: where the published figures do not add up (核对：数字是否相符).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  yusuan check --unit 434001 --year 2023 --severity error\n  yusuan check --matrix"
)]
pub struct Args {
    /// Unit code, or part of a unit name (单位编码或名称的一部分).
    #[arg(long)]
    pub unit: Option<String>,
    /// Budget year (预算年度).
    #[arg(long)]
    pub year: Option<i32>,
    /// Only this severity: error, warning, rounding or info.
    #[arg(long)]
    pub severity: Option<String>,
    /// Units × years grid of the nine tables: present, empty (with or without 空表说明), missing.
    #[arg(long)]
    pub matrix: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    let conn = queries::open_read_only(db)?;
    let unit = args.unit.as_deref();
    let data = if args.matrix {
        check::matrix(&conn, unit)?
    } else {
        let terminal = args.output.format == Format::Table;
        check::findings(&conn, unit, args.year, args.severity.as_deref(), terminal)?
    };
    output::emit(&Report::from(data), &args.output)?;
    Ok(0)
}

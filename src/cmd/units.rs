//! `yusuan units`: the stored units and years with their source files.

use super::output::{self, OutputArgs};
use std::collections::BTreeMap;
use std::path::Path;
use yusuan::queries;
use yusuan::render::Report;

/// List stored units and years with their source files (已导入的单位与年度).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  yusuan units --unit 434001 --format csv --bom -o units.csv")]
pub struct Args {
    /// Unit code, or part of a unit name (单位编码或名称的一部分).
    #[arg(long)]
    pub unit: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    let unit = args.unit.clone().unwrap_or_default();
    let data = queries::run_read_only(db, "units", &BTreeMap::from([("unit".to_string(), unit)]))?;
    let mut report = Report::from(data);
    report.detail = vec![vec!["published_unit".into()], vec!["tables".into()]];
    output::emit(&report, &args.output)?;
    Ok(0)
}

//! `yusuan sangong`: 三公经费 per unit and year, with an optional chart.

use super::output::{self, OutputArgs};
use super::selection::Selection;
use std::path::{Path, PathBuf};
use yusuan::queries;
use yusuan::report::sangong;

/// 三公经费 per unit and year: total, parts, change and % (“三公”经费逐年变化).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  yusuan sangong --unit 434001 --chart sangong.svg")]
pub struct Args {
    #[command(flatten)]
    pub selection: Selection,
    /// Also draw an SVG trend chart (趋势图): one unit's parts, or each unit's total.
    #[arg(long, value_name = "FILE.svg", value_parser = output::svg_path)]
    pub chart: Option<PathBuf>,
    /// Lines on the chart when there are several units (图中线条数).
    #[arg(long, default_value = "8", value_parser = output::chart_lines)]
    pub top: usize,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    if let Some(why) = args.selection.why_nothing(db)? {
        eprintln!("{why}");
        return Ok(0);
    }
    args.selection.note_scopes(db)?;
    let data = queries::run_read_only(db, "sangong", &args.selection.params())?;
    let table = sangong::build(&data)?;
    let chart = args
        .chart
        .as_ref()
        .map(|path| (path, table.chart(args.top, args.output.money)));
    output::emit_analysis(
        &table.report(),
        table.notes(),
        chart,
        &args.output,
        table.units.is_empty(),
        db,
    )
}

//! `yusuan projects`: projects with their stated amounts and 绩效 targets.

use super::output::{self, OutputArgs};
use super::selection::Selection;
use std::path::Path;
use yusuan::queries;
use yusuan::report::projects;

/// Projects with their stated amounts and 绩效 targets (项目与绩效目标).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  yusuan projects --unit 434001 --indicators --format csv")]
pub struct Args {
    #[command(flatten)]
    pub selection: Selection,
    /// One row per 绩效 indicator instead of one per project (逐条列出绩效指标).
    #[arg(long)]
    pub indicators: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    if let Some(why) = args.selection.why_nothing(db)? {
        eprintln!("{why}");
        return Ok(0);
    }
    args.selection.note_scopes(db)?;
    let data = queries::run_read_only(db, "projects", &args.selection.params())?;
    let list = projects::build(&data)?;
    output::emit_analysis(
        &projects::report(&list, args.indicators),
        Vec::new(),
        None,
        &args.output,
        list.is_empty(),
        db,
    )
}

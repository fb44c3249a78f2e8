//! `yusuan assets`: fixed assets per unit and year.

use super::output::{self, OutputArgs};
use super::selection::Selection;
use std::path::Path;
use yusuan::queries;
use yusuan::report::assets;

/// Fixed assets per unit and year: 房屋, 办公用房, 车辆, 设备, total, change (固定资产).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  yusuan assets --unit 434001 --from 2022")]
pub struct Args {
    #[command(flatten)]
    pub selection: Selection,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    if let Some(why) = args.selection.why_nothing(db)? {
        eprintln!("{why}");
        return Ok(0);
    }
    args.selection.note_scopes(db)?;
    let data = queries::run_read_only(db, "assets", &args.selection.params())?;
    let table = assets::build(&data)?;
    output::emit_analysis(
        &table.report(),
        table.notes(),
        None,
        &args.output,
        table.is_empty(),
        db,
    )
}

//! `yusuan docs`: the imported documents.

use super::output::{self, OutputArgs};
use std::collections::BTreeMap;
use std::path::Path;
use yusuan::queries;
use yusuan::render::Report;

/// List imported documents (已导入的文件).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  yusuan docs --format md")]
pub struct Args {
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    let data = queries::run_read_only(db, "documents", &BTreeMap::new())?;
    output::emit(&Report::from(data), &args.output, db)?;
    Ok(0)
}

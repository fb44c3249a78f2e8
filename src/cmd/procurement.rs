//! `yusuan procurement`: government procurement per unit and year, or
//! added up by catalogue code, item or project.

use super::output::{self, OutputArgs};
use super::selection::Selection;
use clap::builder::{EnumValueParser, TypedValueParser};
use clap::ValueEnum;
use std::path::Path;
use yusuan::queries;
use yusuan::report::procurement;

/// Government procurement per unit and year, by catalogue code, item or project (政府采购).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  yusuan procurement --by catalogue --from 2023")]
pub struct Args {
    #[command(flatten)]
    pub selection: Selection,
    /// Add purchases up per unit (default), per 政府采购目录序号 (catalogue),
    /// per item or per project (按单位/目录序号/品目/项目汇总).
    #[arg(long, default_value = "unit",
        value_parser = EnumValueParser::<By>::new().map(procurement::By::from))]
    pub by: procurement::By,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `--by`: how purchases are added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// Per unit and year, with the change from the year before.
    Unit,
    /// Per 政府采购目录序号 and year, across the selected units.
    Catalogue,
    /// Per item name (采购物品名称) and year, across the selected units.
    Item,
    /// Per unit, year and project.
    Project,
}

impl From<By> for procurement::By {
    fn from(by: By) -> procurement::By {
        match by {
            By::Unit => procurement::By::Unit,
            By::Catalogue => procurement::By::Catalogue,
            By::Item => procurement::By::Item,
            By::Project => procurement::By::Project,
        }
    }
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    if let Some(why) = args.selection.why_nothing(db)? {
        eprintln!("{why}");
        return Ok(0);
    }
    args.selection.note_scopes(db)?;
    let data = queries::run_read_only(db, "procurement", &args.selection.params())?;
    let table = procurement::build(&data)?;
    output::emit_analysis(
        &table.report(args.by),
        Vec::new(),
        None,
        &args.output,
        table.is_empty(),
        db,
    )
}

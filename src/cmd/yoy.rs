//! `yusuan yoy`: each line's amount per year, the change and % change, for
//! one unit, every unit, or the selected units added up.

use super::choice::Choice;
use super::output::{self, OutputArgs};
use super::selection::Selection;
use clap::builder::{EnumValueParser, TypedValueParser};
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use yusuan::report::yoy;

/// Year on year: each line's amount per year, change and % (同比：逐年金额、增减额与增减率).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  yusuan yoy --unit 434001 --level 项 --column 项目支出\n  yusuan yoy --by economic --level 款 --from 2021 --to 2023 --format csv"
)]
pub struct Args {
    #[command(flatten)]
    pub selection: Selection,
    /// What to compare: function (功能分类, 支出总表), economic (经济分类,
    /// 基本支出表) or summary (收支总表). Default: function, or economic for
    /// --column 人员经费/公用经费.
    #[arg(long, value_parser = EnumValueParser::<By>::new().map(yoy::By::from))]
    pub by: Option<yoy::By>,
    /// Level (级次): 1/类, 2/款, 3/项 (default 1; economic has 类 and 款).
    #[arg(long, value_parser = Choice::<Level>::new(level_message).map(Level::number))]
    pub level: Option<u8>,
    /// Column (列): 合计, 基本支出, 项目支出 (function); 合计, 人员经费, 公用经费 (economic).
    #[arg(long)]
    pub column: Option<String>,
    /// Add the selected units up into one table (多个单位合并为一张表).
    #[arg(long)]
    pub sum: bool,
    /// Also draw the largest lines as an SVG trend chart (趋势图).
    #[arg(long, value_name = "FILE.svg", value_parser = output::svg_path)]
    pub chart: Option<PathBuf>,
    /// Lines on the chart (图中线条数).
    #[arg(long, default_value = "8", value_parser = output::chart_lines)]
    pub top: usize,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `--by`: which table's lines are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// 支出功能分类 类/款/项, from the 支出总表.
    Function,
    /// 部门经济分类 类/款, from the 一般公共预算财政拨款基本支出表.
    Economic,
    /// The lines of the 收支总表.
    Summary,
}

impl From<By> for yoy::By {
    fn from(by: By) -> yoy::By {
        match by {
            By::Function => yoy::By::Function,
            By::Economic => yoy::By::Economic,
            By::Summary => yoy::By::Summary,
        }
    }
}

/// `--level`: 1, 2, 3 or 类, 款, 项.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    #[value(name = "1", alias = "类")]
    Lei,
    #[value(name = "2", alias = "款")]
    Kuan,
    #[value(name = "3", alias = "项")]
    Xiang,
}

impl Level {
    pub(super) fn number(self) -> u8 {
        match self {
            Level::Lei => 1,
            Level::Kuan => 2,
            Level::Xiang => 3,
        }
    }
}

fn level_message(other: &str) -> String {
    format!("级次「{other}」应为 1/类、2/款 或 3/项 (level must be 1, 2 or 3)")
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    let choice = yoy::choose(args.by, args.column.as_deref(), args.level)?;
    if let Some(why) = args.selection.why_nothing(db)? {
        eprintln!("{why}");
        return Ok(0);
    }
    args.selection.note_scopes(db)?;
    let mut params = args.selection.params();
    params.extend(choice.params().map(|(k, v)| (k.to_string(), v)));
    let table = yoy::stream(db, &params, choice.by, args.sum)?;
    let caption = choice.caption();
    let chart = match &args.chart {
        Some(path) => Some((path, table.chart(args.top, args.output.money, &caption)?)),
        None => None,
    };
    let (notes, empty) = (table.notes(), table.sections.is_empty());
    let report = table.into_report(caption);
    let result = output::emit_analysis(&report, notes, chart, &args.output, empty, db);
    yusuan::render::discard(report);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_numbers_or_their_names() {
        for (text, number) in [("1", 1), ("类", 1), ("款", 2), (" 3 ", 3), ("项", 3)] {
            assert_eq!(
                Level::from_str(text.trim(), false).map(Level::number),
                Ok(number)
            );
        }
        assert!(Level::from_str("4", false).is_err());
    }
}

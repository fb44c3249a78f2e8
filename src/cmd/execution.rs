//! `yusuan execution`: 预算 vs 决算 per line: budget, the budgets the 决算
//! prints, actual, difference and execution rate, with a bar chart.

use super::choice::Choice;
use super::output::{self, OutputArgs};
use super::selection::Selection;
use super::yoy::Level;
use clap::builder::TypedValueParser;
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use yusuan::report::execution::{self, View};

/// Budget execution: 预算 vs 决算 per line, difference and rate (预算执行：预算数、决算数、差额与执行率).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  yusuan execution --unit 上海市普陀区财政局 --level 项\n  yusuan execution --by sangong --from 2023 --to 2024 --format csv\n  yusuan execution --by economic --unit 434001 --chart execution.svg"
)]
pub struct Args {
    #[command(flatten)]
    pub selection: Selection,
    /// What to compare: function (功能分类, 支出总表), economic (经济分类,
    /// 基本支出表) or sangong (“三公”经费, by part).
    #[arg(long, value_enum, default_value = "function")]
    pub by: By,
    /// Level (级次): 1/类, 2/款, 3/项 (default 1; economic has 类 and 款).
    #[arg(long, value_parser = Choice::<Level>::new(level_message).map(Level::number))]
    pub level: Option<u8>,
    /// Also draw a bar chart of budget beside actual (预算与决算柱状图).
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
    /// Bars groups on the chart (图中组数).
    #[arg(long, default_value_t = 12)]
    pub top: usize,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `--by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// 支出功能分类 类/款/项.
    Function,
    /// 部门经济分类 类/款 of the 基本支出表.
    Economic,
    /// 财政拨款“三公”经费, by part.
    Sangong,
}

fn level_message(other: &str) -> String {
    format!("级次「{other}」应为 1/类、2/款 或 3/项 (level must be 1, 2 or 3)")
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    if args.selection.stage.is_some() {
        return Err(
            "execution 同时读预算和决算，不接受 --stage (execution reads both stages: drop --stage)"
                .to_string(),
        );
    }
    let level = match (args.by, args.level) {
        (By::Sangong, Some(_)) => {
            return Err("“三公”经费没有级次，不接受 --level (--by sangong has no levels)".into())
        }
        (By::Economic, Some(3)) => {
            return Err("经济分类只有 1/类 和 2/款 (economic lines have levels 1 and 2)".into())
        }
        (_, level) => level.unwrap_or(1),
    };
    args.selection.note_scopes(db)?;
    let mut params = args.selection.params();
    params.remove("stage");
    let table = match args.by {
        By::Function => execution::stream(db, &params, View::Function, level),
        By::Economic => execution::stream(db, &params, View::Economic, level),
        By::Sangong => execution::sangong(db, &params),
    }
    .map_err(|e| e.to_string())?;
    let chart = args
        .chart
        .as_ref()
        .map(|path| (path, table.chart(args.top, args.output.money)));
    let (chart_path, chart) = match chart {
        Some((path, chart)) => (Some(path), Some(chart)),
        None => (None, None),
    };
    let (empty, notes) = (table.sections.is_empty(), table.notes());
    output::nothing_matched(empty);
    let (head, parts) = table.into_parts();
    output::emit_in_parts(
        head,
        &execution::Execution::money_columns(),
        parts,
        &args.output,
        db,
    )?;
    output::print_notes(notes);
    if let (Some(path), Some(chart)) = (chart_path, chart) {
        super::output_file::write_io(db, path, |file| {
            file.write_all(yusuan::chart::bars::svg(&chart).as_bytes())
        })?;
        eprintln!(
            "图表已写入 (chart written): {}",
            yusuan::text::visible(&path.display().to_string())
        );
    }
    Ok(0)
}

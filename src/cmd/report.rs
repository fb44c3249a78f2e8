//! `yusuan report`: the selected units → one self-contained HTML page to
//! share with readers who do not run a CLI.

use super::choice::Choice;
use super::output::{money_message, Money};
use super::selection::Selection;
use clap::builder::TypedValueParser;
use std::path::{Path, PathBuf};
use yusuan::amount::AmountUnit;
use yusuan::html_report::{self, Options};

/// One HTML page with the tables, charts and evidence, opened offline in any browser (HTML 报告).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  yusuan report --unit 434001 -o report.html\n  yusuan report --from 2021 --to 2023 --money 元 -o corpus.html"
)]
pub struct Args {
    #[command(flatten)]
    pub selection: Selection,
    /// Money unit of amounts (金额单位): 万元 or 元.
    #[arg(long, default_value = "万元",
        value_parser = Choice::<Money>::new(money_message).map(AmountUnit::from))]
    pub money: AmountUnit,
    /// Lines on each chart (图中线条数).
    #[arg(long, default_value_t = 8)]
    pub top: usize,
    /// The HTML file to write (输出的 HTML 文件).
    #[arg(long, short, value_name = "FILE.html")]
    pub output: PathBuf,
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    args.selection.note_scopes(db)?;
    let options = Options {
        params: args.selection.params(),
        money: args.money,
        top: args.top,
    };
    let page = html_report::build(db, &options).map_err(|e| e.to_string())?;
    // Like every output: never the database, and replaced whole or not at all.
    super::output_file::write_io(db, &args.output, |file| file.write_all(page.as_bytes()))?;
    eprintln!(
        "报告已写入 (report written): {}",
        yusuan::text::visible(&args.output.display().to_string())
    );
    Ok(0)
}

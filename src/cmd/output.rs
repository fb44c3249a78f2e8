//! `--format`, `--output`, `--bom` and `--money`: the options every command
//! that prints a table shares, and the one place a report is written out.

use super::choice::Choice;
use super::output_file;
use clap::builder::{EnumValueParser, TypedValueParser};
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use yusuan::amount::AmountUnit;
use yusuan::chart::{self, Chart};
use yusuan::render::{self, Format, Report, Style};

#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format (输出格式).
    #[arg(long, default_value = "table",
        value_parser = EnumValueParser::<FormatArg>::new().map(Format::from))]
    pub format: Format,
    /// Write to this file instead of the terminal (输出到文件).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Start CSV with a UTF-8 BOM so that Excel shows Chinese correctly.
    #[arg(long)]
    pub bom: bool,
    /// Money unit of amounts (金额单位): 万元 or 元.
    #[arg(long, default_value = "万元",
        value_parser = Choice::<Money>::new(money_message).map(AmountUnit::from))]
    pub money: AmountUnit,
    /// Print terminal tables whole, however wide (不按终端宽度收窄表格).
    #[arg(long)]
    pub wide: bool,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Table,
    Csv,
    Json,
    Md,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Table => Format::Table,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Md => Format::Md,
        }
    }
}

/// `--money`: 万元 (default) or 元.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Money {
    #[value(name = "万元", alias = "wan", alias = "wanyuan")]
    Wanyuan,
    #[value(name = "元", alias = "yuan")]
    Yuan,
}

impl From<Money> for AmountUnit {
    fn from(money: Money) -> AmountUnit {
        match money {
            Money::Wanyuan => AmountUnit::Wanyuan,
            Money::Yuan => AmountUnit::Yuan,
        }
    }
}

pub fn money_message(other: &str) -> String {
    format!("金额单位「{other}」应为 万元 或 元 (money unit must be 万元 or 元)")
}

impl OutputArgs {
    /// The same format and money unit, on the terminal and without a BOM.
    pub fn terminal(&self) -> OutputArgs {
        OutputArgs {
            format: self.format,
            output: None,
            bom: false,
            money: self.money,
            wide: self.wide,
        }
    }

    /// The width terminal tables are fitted to: `$COLUMNS`, else the
    /// terminal's own width; none for a file, a pipe or `--wide`, which
    /// get every table whole.
    pub fn width(&self) -> Option<u16> {
        if self.wide || self.output.is_some() || self.format != Format::Table {
            return None;
        }
        terminal_width()
    }
}

/// `$COLUMNS` when it is set to a width, else the width of the terminal
/// standard output is, else none (a pipe or a file).
pub fn terminal_width() -> Option<u16> {
    let columns = std::env::var("COLUMNS").ok();
    if let Some(width) = columns.and_then(|c| c.trim().parse::<u16>().ok()) {
        return (width > 0).then_some(width);
    }
    console::Term::stdout()
        .size_checked()
        .map(|(_, width)| width)
}

/// `--chart FILE.svg`: the chart is SVG, so any other extension is refused
/// rather than given SVG bytes under a name that promises something else.
pub fn svg_path(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        Ok(path)
    } else {
        Err(format!(
            "图表只能写成 SVG，文件名应以 .svg 结尾 (charts are written as SVG: the file name must end in .svg): {text}"
        ))
    }
}

/// `--top`: lines on a chart, each with a stroke of its own.
pub fn chart_lines(text: &str) -> Result<usize, String> {
    let max = yusuan::chart::DISTINCT_STROKES;
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "--top 应为 1 到 {max} 的整数 (--top must be a whole number from 1 to {max}, one distinct line style each): {text}"
        )),
    }
}

/// Write a report to `--output` (never the database `db`) or standard
/// output, in `--format` and `--money`.
pub fn emit(report: &Report, output: &OutputArgs, db: &Path) -> Result<(), String> {
    let style = style(output);
    write_out(output, db, |out| render::write_report(out, report, &style))
}

/// [`emit`] for a report made a part at a time (see
/// [`render::write_in_parts`]).
pub fn emit_in_parts(
    head: Report,
    money_columns: &[bool],
    parts: impl Iterator<Item = Vec<render::Section>>,
    output: &OutputArgs,
    db: &Path,
) -> Result<(), String> {
    let style = style(output);
    write_out(output, db, |out| {
        render::write_in_parts(out, head, money_columns, parts, &style)
    })
}

fn style(output: &OutputArgs) -> Style {
    Style {
        format: output.format,
        money: output.money,
        bom: output.bom,
        width: output.width(),
    }
}

/// Run `write` on `--output` (written whole, see `output_file`) or on
/// standard output, where a closed pipe (`yusuan … | head`) ends quietly.
fn write_out(
    output: &OutputArgs,
    db: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), String> {
    match &output.output {
        Some(path) => output_file::write_io(db, path, write),
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            match write(&mut lock) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|e| e.to_string()),
            }
        }
    }
}

/// Say so on stderr when nothing matched the selection.
pub fn nothing_matched(empty: bool) {
    if empty {
        eprintln!("没有符合条件的数据 (nothing matches: check --unit, --from and --to, or run yusuan units)");
    }
}

/// The notes under an analysis, one line each.
pub fn print_notes(notes: Vec<String>) {
    for note in notes {
        eprintln!("注意 (note): {}", yusuan::text::message(&note));
    }
}

/// Write the chart, the table and the notes; say so when nothing matched.
pub fn emit_analysis(
    report: &Report,
    notes: Vec<String>,
    chart: Option<(&PathBuf, Chart)>,
    output: &OutputArgs,
    empty: bool,
    db: &Path,
) -> Result<i32, String> {
    nothing_matched(empty);
    emit(report, output, db)?;
    print_notes(notes);
    if let Some((path, chart)) = chart {
        output_file::write_io(db, path, |file| {
            file.write_all(chart::svg(&chart).as_bytes())
        })?;
        eprintln!(
            "图表已写入 (chart written): {}",
            yusuan::text::visible(&path.display().to_string())
        );
    }
    Ok(0)
}

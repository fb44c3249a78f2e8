//! `--format`, `--output`, `--bom` and `--money`: the options every command
//! that prints a table shares, and the one place a report is written out.

use super::choice::Choice;
use clap::builder::{EnumValueParser, TypedValueParser};
use clap::ValueEnum;
use std::path::PathBuf;
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
        }
    }
}

/// Write a report to `--output` or standard output, in `--format` and `--money`.
pub fn emit(report: &Report, output: &OutputArgs) -> Result<(), String> {
    let style = Style {
        format: output.format,
        money: output.money,
        bom: output.bom,
    };
    match &output.output {
        Some(path) => {
            let mut file = std::fs::File::create(path)
                .map_err(|e| format!("{}: 无法写入 (cannot write): {e}", path.display()))?;
            render::write_report(&mut file, report, &style)
                .map_err(|e| format!("{}: {e}", path.display()))
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            match render::write_report(&mut lock, report, &style) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|e| e.to_string()),
            }
        }
    }
}

/// Write the chart, the table and the notes; say so when nothing matched.
pub fn emit_analysis(
    report: &Report,
    notes: Vec<String>,
    chart: Option<(&PathBuf, Chart)>,
    output: &OutputArgs,
    empty: bool,
) -> Result<i32, String> {
    if empty {
        eprintln!("没有符合条件的数据 (nothing matches: check --unit, --from and --to, or run yusuan units)");
    }
    emit(report, output)?;
    for note in notes {
        eprintln!("注意 (note): {note}");
    }
    if let Some((path, chart)) = chart {
        std::fs::write(path, chart::svg(&chart))
            .map_err(|e| format!("{}: 无法写入 (cannot write): {e}", path.display()))?;
        eprintln!("图表已写入 (chart written): {}", path.display());
    }
    Ok(0)
}

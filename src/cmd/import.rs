//! `yusuan import`: read disclosure files into the database, one line per
//! file as it lands, a progress bar on a terminal, and the totals.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use yusuan::import::{self, FileOutcome, FileReport, Totals};
use yusuan::store;
use yusuan::text::message;

/// Import disclosure files or folders (导入预算公开文件或目录): text exports, Word (.docx), Excel
/// (.xlsx, .xls), web pages (.html) and PDF, told apart by content; folders are searched for these.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  yusuan --db budget.db import downloads/2023 downloads/2024/434001.docx"
)]
pub struct Args {
    /// Files and folders to import.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Replace a unit-year already stored from a different file (替换已导入的同单位同年度).
    #[arg(long)]
    pub replace: bool,
    /// Print only failures and the summary (只显示失败与汇总).
    #[arg(long, short)]
    pub quiet: bool,
    /// Read files up to this size instead of each format's limit (text 8M, web page 16M,
    /// .docx/.xlsx/.xls 16M, PDF 32M), e.g. 64M or 1G (单个文件大小上限).
    #[arg(long, value_name = "SIZE", value_parser = yusuan::input::parse_size)]
    pub max_size: Option<u64>,
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    let options = import::Options {
        replace: args.replace,
        max_size: args.max_size,
    };
    import_paths(db, &args.paths, options, args.quiet)
}

/// Import `paths` into `db`; the exit status is 1 when any file failed.
pub fn import_paths(
    db: &Path,
    paths: &[PathBuf],
    options: import::Options,
    quiet: bool,
) -> Result<i32, String> {
    let import::Expanded { files, skipped } = import::expand_paths(paths);
    for (path, why) in &skipped {
        eprintln!("  ! {}: {why}", path.display());
    }
    if files.is_empty() {
        return Err(
            "没有找到可导入的文件（.txt .docx .xlsx .xls .html）(no disclosure files found)".into(),
        );
    }
    let file_count = files.len();
    // --quiet silences the per-file lines, not the bar: a long quiet import
    // on a terminal still shows how far it has got.
    let show_progress =
        file_count > 1 && std::io::stderr().is_terminal() && std::io::stdout().is_terminal();
    let progress = if show_progress {
        let bar = ProgressBar::new(file_count as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} 文件 (files) 剩余 (eta) {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let conn = store::open(db)?;
    let totals = import::import_files(&conn, files, options, |report| {
        progress.suspend(|| print_report(report, quiet));
        progress.inc(1);
    });
    progress.finish_and_clear();
    print_totals(totals, file_count);
    Ok(if totals.failed > 0 { 1 } else { 0 })
}

/// Names, paths and messages come from the documents: each is printed with
/// its control characters visible ([`message`]).
fn print_report(report: &FileReport, quiet: bool) {
    let path = message(&report.path.display().to_string());
    match &report.outcome {
        FileOutcome::Failed(why) => {
            eprintln!("✗ {path}: {}", message(&why.to_string()));
            return;
        }
        _ if quiet => return,
        FileOutcome::Unchanged {
            stored_as,
            moved_from: None,
        } => {
            let stored_as = message(stored_as);
            say!("= {path}: 内容相同，已导入过（{stored_as}），未作改动 (identical file already imported; nothing changed)");
        }
        FileOutcome::Unchanged {
            moved_from: Some(old),
            ..
        } => {
            let old = message(old);
            say!("= {path}: 内容相同，已导入过；原路径 {old} 已不存在，改记为此路径 (identical file already imported from {old}, which is gone: its path is now this one)");
        }
        FileOutcome::Imported { units, replaced } => {
            for unit in units {
                let (code, name) = (message(&unit.code), message(&unit.name));
                say!(
                    "✓ {path}: {} {} {} 年（{}）{} 张表，{} 行，{} 个金额 ({} tables, {} lines, {} amounts)",
                    code, name, unit.year, unit.amount_unit, unit.tables, unit.lines, unit.cells,
                    unit.tables, unit.lines, unit.cells
                );
                if let Some(partner) = &unit.joined_with {
                    let partner = message(partner);
                    say!("  ⇄ 与 {partner} 合为一份公开：表格 + 情况说明 (joined with {partner}: tables + 情况说明)");
                } else if unit.tables == 0 {
                    say!(
                        "  … 只有情况说明，表格尚未导入；导入其表格文件（先后不限）后两者自动合为一份 \
                         (a 情况说明 without its tables: import the tables file, in any order, and the two are joined)"
                    );
                }
                if unit.findings > 0 {
                    say!(
                        "  核对：{} 处不相符，其中 {} 处错误 ({} findings, {} errors): yusuan check --unit {} --year {}",
                        unit.findings, unit.errors, unit.findings, unit.errors, code, unit.year
                    );
                }
            }
            for (code, year, old) in replaced {
                let (code, old) = (message(code), message(old));
                say!("  ↻ 替换了 {code} {year} 年（原文件 {old}）(replaced)");
            }
        }
    }
    for warning in &report.warnings {
        say!("  ! {path}: {}", message(&warning.to_string()));
    }
}

fn print_totals(totals: Totals, files: usize) {
    say!(
        "共 {files} 个文件：导入 {}，未变化 {}，失败 {} ({files} files: {} imported, {} unchanged, {} failed)",
        totals.imported, totals.unchanged, totals.failed, totals.imported, totals.unchanged, totals.failed
    );
}

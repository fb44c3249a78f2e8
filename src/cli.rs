//! Command-line interface: arguments, and what each command prints.

use crate::amount::AmountUnit;
use crate::analyst::{
    AssetsArgs, ProcurementArgs, ProjectsArgs, QueryArgs, SangongArgs, SqlArgs, YoyArgs,
};
use crate::import::{self, FileOutcome, FileReport, Totals};
use crate::queries;
use crate::render::{self, Format, Report, Style, Tabular};
use crate::store;
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// yusuan (预算): import Chinese government budget disclosures (预算公开) into a
/// local SQLite database and ask them questions.
#[derive(Debug, Parser)]
#[command(name = "yusuan", version, about, long_about = None)]
pub struct Cli {
    /// Database file (数据库文件). Created on first import.
    #[arg(long, global = true, env = "YUSUAN_DB", default_value = "yusuan.db")]
    pub db: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import disclosure files or folders (导入预算公开文件或目录): text exports, Word (.docx), Excel
    /// (.xlsx, .xls), web pages (.html) and PDF, told apart by content; folders are searched for these.
    Import {
        /// Files and folders to import.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Replace a unit-year already stored from a different file (替换已导入的同单位同年度).
        #[arg(long)]
        replace: bool,
        /// Print only failures and the summary (只显示失败与汇总).
        #[arg(long, short)]
        quiet: bool,
    },
    /// List stored units and years with their source files (已导入的单位与年度).
    Units {
        /// Unit code, or part of a unit name (单位编码或名称的一部分).
        #[arg(long)]
        unit: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// List imported documents (已导入的文件).
    Docs {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Import the bundled sample disclosures into a fresh database and show
    /// what yusuan does (演示：导入内置样例并输出).
    Demo {
        /// Demo database, recreated on every run (演示数据库，每次重建).
        #[arg(long, default_value_os_t = std::env::temp_dir().join("yusuan-demo.db"))]
        out: PathBuf,
    },
    /// Audit findings: where the published figures do not add up (核对：数字是否相符).
    Check {
        /// Unit code, or part of a unit name (单位编码或名称的一部分).
        #[arg(long)]
        unit: Option<String>,
        /// Budget year (预算年度).
        #[arg(long)]
        year: Option<i32>,
        /// Only this severity: error, warning, rounding or info.
        #[arg(long)]
        severity: Option<String>,
        /// Units × years grid of the nine tables: present, empty (with or without 空表说明), missing.
        #[arg(long)]
        matrix: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Year on year: each line's amount per year, change and % (同比：逐年金额、增减额与增减率).
    Yoy(YoyArgs),
    /// 三公经费 per unit and year: total, parts, change and % (“三公”经费逐年变化).
    Sangong(SangongArgs),
    /// Fixed assets per unit and year: 房屋, 办公用房, 车辆, 设备, total, change (固定资产).
    Assets(AssetsArgs),
    /// Government procurement per unit and year, by catalogue code, item or project (政府采购).
    Procurement(ProcurementArgs),
    /// Projects with their stated amounts and 绩效 targets (项目与绩效目标).
    Projects(ProjectsArgs),
    /// Run a canned query from queries/, or list them (运行预置查询；--list 列出).
    Query(QueryArgs),
    /// Run your own SQL on a read-only connection (只读 SQL 查询).
    Sql(SqlArgs),
    /// Read one stored disclosure back: overview, or tables, narrative, institution,
    /// procurement, assets, projects, figures (查看某单位某年的预算公开).
    Show(crate::show::ShowArgs),
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format (输出格式).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file instead of the terminal (输出到文件).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Start CSV with a UTF-8 BOM so that Excel shows Chinese correctly.
    #[arg(long)]
    pub bom: bool,
    /// Money unit of amounts (金额单位): 万元 or 元.
    #[arg(long, value_parser = render::parse_money_unit, default_value = "万元")]
    pub money: AmountUnit,
}

/// Run a command; the returned code is the process exit status.
pub fn run(cli: Cli) -> Result<i32, String> {
    match cli.command {
        Command::Import {
            paths,
            replace,
            quiet,
        } => import(&cli.db, &paths, replace, quiet),
        Command::Units { unit, output } => {
            let params = BTreeMap::from([("unit".to_string(), unit.unwrap_or_default())]);
            canned(&cli.db, "units", &params, &output)
        }
        Command::Docs { output } => canned(&cli.db, "documents", &BTreeMap::new(), &output),
        Command::Demo { out } => demo(&out),
        Command::Check {
            unit,
            year,
            severity,
            matrix,
            output,
        } => {
            let conn = store::open_read_only(&cli.db)?;
            let data = if matrix {
                crate::check::matrix(&conn, unit.as_deref())?
            } else {
                let terminal = output.format == Format::Table;
                crate::check::findings(&conn, unit.as_deref(), year, severity.as_deref(), terminal)?
            };
            emit(&data, &output)?;
            Ok(0)
        }
        Command::Yoy(args) => crate::analyst::yoy(&cli.db, &args),
        Command::Sangong(args) => crate::analyst::sangong(&cli.db, &args),
        Command::Assets(args) => crate::analyst::assets(&cli.db, &args),
        Command::Procurement(args) => crate::analyst::procurement(&cli.db, &args),
        Command::Projects(args) => crate::analyst::projects(&cli.db, &args),
        Command::Query(args) => crate::analyst::query(&cli.db, &args),
        Command::Sql(args) => crate::analyst::sql(&cli.db, &args),
        Command::Show(args) => crate::show::run(&cli.db, &args),
    }
}

fn demo(db: &std::path::Path) -> Result<i32, String> {
    let samples = db.with_extension("samples");
    let corpus = crate::demo::write_corpus(&samples)?;
    crate::demo::remove_database(db)?;
    println!(
        "== yusuan import {} (数据库 database: {})",
        corpus.display(),
        db.display()
    );
    let code = import(db, &[corpus], false, false)?;
    let table = OutputArgs {
        format: Format::Table,
        output: None,
        bom: false,
        money: AmountUnit::Wanyuan,
    };
    println!("\n== yusuan units");
    canned(
        db,
        "units",
        &BTreeMap::from([("unit".to_string(), String::new())]),
        &table,
    )?;
    crate::analyst::demo_tables(db, &table)?;
    println!(
        "\n继续探索 (explore further): yusuan --db {} units | docs | yoy | sangong | assets | procurement | projects | query --list | sql \"SELECT …\"",
        db.display()
    );
    Ok(code)
}

fn canned(
    db: &std::path::Path,
    name: &str,
    params: &BTreeMap<String, String>,
    output: &OutputArgs,
) -> Result<i32, String> {
    let conn = store::open_read_only(db)?;
    let query = queries::find(name).ok_or_else(|| format!("no canned query {name}"))?;
    let data = query.run(&conn, params)?;
    emit(&data, output)?;
    Ok(0)
}

fn emit(data: &Tabular, output: &OutputArgs) -> Result<(), String> {
    emit_report(&Report::from(data.clone()), output)
}

/// Write a report to `--output` or standard output, in `--format` and `--money`.
pub(crate) fn emit_report(report: &Report, output: &OutputArgs) -> Result<(), String> {
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

fn import(
    db: &std::path::Path,
    paths: &[PathBuf],
    replace: bool,
    quiet: bool,
) -> Result<i32, String> {
    let files = import::expand_paths(paths);
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
    let totals = import::import_files(&conn, files, replace, |report| {
        progress.suspend(|| print_report(report, quiet));
        progress.inc(1);
    });
    progress.finish_and_clear();
    print_totals(totals, file_count);
    Ok(if totals.failed > 0 { 1 } else { 0 })
}

fn print_report(report: &FileReport, quiet: bool) {
    let path = report.path.display();
    match &report.outcome {
        FileOutcome::Failed(message) => {
            eprintln!("✗ {path}: {message}");
            return;
        }
        _ if quiet => return,
        FileOutcome::Unchanged { stored_as } => {
            println!("= {path}: 内容相同，已导入过（{stored_as}），未作改动 (identical file already imported; nothing changed)");
        }
        FileOutcome::Imported { units, replaced } => {
            for unit in units {
                println!(
                    "✓ {path}: {} {} {} 年（{}）{} 张表，{} 行，{} 个金额 ({} tables, {} lines, {} amounts)",
                    unit.code, unit.name, unit.year, unit.amount_unit, unit.tables, unit.lines, unit.cells,
                    unit.tables, unit.lines, unit.cells
                );
                if unit.findings > 0 {
                    println!(
                        "  核对：{} 处不相符，其中 {} 处错误 ({} findings, {} errors): yusuan check --unit {} --year {}",
                        unit.findings, unit.errors, unit.findings, unit.errors, unit.code, unit.year
                    );
                }
            }
            for (code, year, old) in replaced {
                println!("  ↻ 替换了 {code} {year} 年（原文件 {old}）(replaced)");
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    for warning in &report.warnings {
        let _ = writeln!(stdout, "  ! {path}: {warning}");
    }
}

fn print_totals(totals: Totals, files: usize) {
    println!(
        "共 {files} 个文件：导入 {}，未变化 {}，失败 {} ({files} files: {} imported, {} unchanged, {} failed)",
        totals.imported, totals.unchanged, totals.failed, totals.imported, totals.unchanged, totals.failed
    );
}

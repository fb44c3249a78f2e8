//! The analyst's commands: `yoy`, `sangong`, `query` and `sql`.
//!
//! Each one runs SQL (a canned query from queries/, or the user's own) on a
//! read-only connection, shapes the rows (report/), and writes them in the
//! chosen format (render), with an SVG chart on request (chart).

use crate::adhoc::ReadOnly;
use crate::cli::{emit_report, OutputArgs};
use crate::queries::{self, CannedQuery};
use crate::render::{Report, Tabular, Value};
use crate::report::{assets, procurement, projects, sangong, yoy};
use crate::store;
use clap::Args;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

/// Which units and years.
#[derive(Debug, Args)]
pub struct Selection {
    /// Unit code, or part of a unit name in any year (单位编码或名称的一部分).
    #[arg(long)]
    pub unit: Option<String>,
    /// First year (起始年度).
    #[arg(long)]
    pub from: Option<i32>,
    /// Last year (截止年度).
    #[arg(long)]
    pub to: Option<i32>,
}

impl Selection {
    fn params(&self) -> BTreeMap<String, String> {
        let mut params = BTreeMap::new();
        if let Some(unit) = &self.unit {
            params.insert("unit".to_string(), unit.trim().to_string());
        }
        if let Some(from) = self.from {
            params.insert("from".to_string(), from.to_string());
        }
        if let Some(to) = self.to {
            params.insert("to".to_string(), to.to_string());
        }
        params
    }
}

#[derive(Debug, Args)]
pub struct YoyArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// What to compare: function (功能分类, 支出总表), economic (经济分类,
    /// 基本支出表) or summary (收支总表). Default: function, or economic for
    /// --column 人员经费/公用经费.
    #[arg(long, value_enum)]
    pub by: Option<yoy::By>,
    /// Level (级次): 1/类, 2/款, 3/项 (default 1; economic has 类 and 款).
    #[arg(long, value_parser = yoy::parse_level)]
    pub level: Option<u8>,
    /// Column (列): 合计, 基本支出, 项目支出 (function); 合计, 人员经费, 公用经费 (economic).
    #[arg(long)]
    pub column: Option<String>,
    /// Add the selected units up into one table (多个单位合并为一张表).
    #[arg(long)]
    pub sum: bool,
    /// Also draw the largest lines as an SVG trend chart (趋势图).
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
    /// Lines on the chart (图中线条数).
    #[arg(long, default_value_t = 8)]
    pub top: usize,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SangongArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Also draw an SVG trend chart (趋势图): one unit's parts, or each unit's total.
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
    /// Lines on the chart when there are several units (图中线条数).
    #[arg(long, default_value_t = 8)]
    pub top: usize,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct AssetsArgs {
    #[command(flatten)]
    pub selection: Selection,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ProcurementArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Add purchases up per unit (default), per 政府采购目录序号 (catalogue),
    /// per item or per project (按单位/目录序号/品目/项目汇总).
    #[arg(long, value_enum, default_value_t = procurement::By::Unit)]
    pub by: procurement::By,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ProjectsArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// One row per 绩效 indicator instead of one per project (逐条列出绩效指标).
    #[arg(long)]
    pub indicators: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The canned query (预置查询名), from `yusuan query --list`.
    pub name: Option<String>,
    /// List the canned queries with what they answer and their parameters.
    #[arg(long)]
    pub list: bool,
    /// A parameter (参数), KEY=VALUE; repeat for several. Values are bound,
    /// never spliced into the SQL.
    #[arg(long = "param", short = 'p', value_name = "KEY=VALUE")]
    pub params: Vec<String>,
    /// Print the query's SQL instead of running it (显示 SQL).
    #[arg(long = "show-sql")]
    pub show_sql: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SqlArgs {
    /// One SQL statement; `-` or nothing reads it from standard input.
    pub sql: Option<String>,
    /// Read the statement from this file (从文件读取 SQL).
    #[arg(long, short, conflicts_with = "sql")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn run_canned(db: &Path, name: &str, params: &BTreeMap<String, String>) -> Result<Tabular, String> {
    let (conn, query) = open_canned(db, name)?;
    Ok(query.run(&conn, params)?)
}

fn open_canned(
    db: &Path,
    name: &str,
) -> Result<(rusqlite::Connection, &'static CannedQuery), String> {
    let conn = store::open_read_only(db)?;
    // Reports read tens of thousands of rows: map the file rather than copy
    // it page by page through a small cache.
    conn.execute_batch("PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -32000;")
        .map_err(|e| e.to_string())?;
    let query = queries::find(name).ok_or_else(|| format!("no canned query {name}"))?;
    Ok((conn, query))
}

/// Fewer units than this to a part are counted on one connection: opening
/// another and walking the level's keys again would cost more than it saves.
const UNITS_PER_PART: usize = 128;

/// The yoy report, built while queries/yoy.sql streams: over every
/// unit-year its rows are never held all at once, and each row's arrays are
/// read in place. Every unit's own table (no --unit, no --sum) is counted
/// in parts, one range of unit codes per core, each on a connection of its
/// own: counting 10,000 unit-years on one core was over half of the time.
fn stream_yoy(
    db: &Path,
    params: &BTreeMap<String, String>,
    by: yoy::By,
    sum: bool,
) -> Result<yoy::Yoy, String> {
    // Opened here, before any part starts, so that only this connection
    // ever upgrades an older database.
    let (conn, _) = open_canned(db, "yoy")?;
    let every_unit = !sum && params.get("unit").is_none_or(|u| u.is_empty());
    let bounds = if every_unit {
        part_bounds(&conn, crate::parallel::threads())?
    } else {
        Vec::new()
    };
    // Part i reads unit codes from froms[i] up to (not including) belows[i];
    // '' leaves a side open.
    let froms = std::iter::once(String::new()).chain(bounds.iter().cloned());
    let belows = bounds.iter().cloned().chain(std::iter::once(String::new()));
    let mut conn = Some(conn);
    let parts: Vec<_> = froms
        .zip(belows)
        .map(|range| (conn.take(), range))
        .collect();
    let counted = crate::parallel::map_in_order(parts, 2, |(conn, (from, below))| {
        let conn = match conn {
            Some(conn) => conn,
            None => open_canned(db, "yoy")?.0,
        };
        let mut params = params.clone();
        params.insert("units_from".to_string(), from);
        params.insert("units_below".to_string(), below);
        count_yoy(&conn, &params, by, sum)
    });
    let mut builders = counted.into_iter().collect::<Result<Vec<_>, _>>()?;
    let first = builders.remove(0);
    Ok(first.finish_with(builders))
}

/// The unit codes that split every unit into `parts` ranges of about as many
/// units each; none when there are too few units to be worth splitting.
fn part_bounds(conn: &rusqlite::Connection, parts: usize) -> Result<Vec<String>, String> {
    if parts < 2 {
        return Ok(Vec::new());
    }
    let mut stmt = conn
        .prepare("SELECT code FROM units ORDER BY code")
        .map_err(|e| e.to_string())?;
    let codes = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .and_then(|rows| rows.collect::<Result<Vec<String>, _>>())
        .map_err(|e| e.to_string())?;
    let parts = parts.min(codes.len() / UNITS_PER_PART).max(1);
    let mut bounds: Vec<String> = (1..parts)
        .map(|i| codes[i * codes.len() / parts].clone())
        .collect();
    bounds.dedup();
    Ok(bounds)
}

/// queries/yoy.sql's rows counted into a builder as they stream.
fn count_yoy(
    conn: &rusqlite::Connection,
    params: &BTreeMap<String, String>,
    by: yoy::By,
    sum: bool,
) -> Result<yoy::Builder, String> {
    use rusqlite::types::ValueRef;
    fn bytes<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r [u8]>, String> {
        match row.get_ref(i).map_err(|e| e.to_string())? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(t) => Ok(Some(t)),
            other => Err(format!("yoy: column {i} is not text: {other:?}")),
        }
    }
    fn text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str, String> {
        let bytes = bytes(row, i)?.unwrap_or_default();
        std::str::from_utf8(bytes).map_err(|e| format!("yoy: column {i}: {e}"))
    }
    let query = queries::find("yoy").ok_or("no canned query yoy")?;
    let mut builder = yoy::Builder::new(by, sum);
    query.for_each(conn, params, yoy::COLUMNS, |row, c| -> Result<(), String> {
        let [unit_code, unit_name, year, row_nos, sides, codes, names, items, fens] = *c;
        let year: Option<i64> = row.get(year).map_err(|e| e.to_string())?;
        let Some(year) = year.and_then(|y| i32::try_from(y).ok()) else {
            return Ok(());
        };
        // Only the fields the comparison reads: side, item and row for the
        // summary; code and name otherwise.
        let summary = by == yoy::By::Summary;
        let read = |i: usize, wanted: bool| if wanted { bytes(row, i) } else { Ok(None) };
        let arrays = yoy::PackArrays {
            row_nos: read(row_nos, summary)?,
            sides: read(sides, summary)?,
            codes: read(codes, !summary)?,
            names: read(names, !summary)?,
            items: read(items, summary)?,
            fens: bytes(row, fens)?,
        };
        builder.add(text(row, unit_code)?, text(row, unit_name)?, year, arrays)?;
        Ok(())
    })?;
    Ok(builder)
}

pub fn yoy(db: &Path, args: &YoyArgs) -> Result<i32, String> {
    let choice = yoy::choose(args.by, args.column.as_deref(), args.level)?;
    let mut params = args.selection.params();
    params.extend(choice.params().map(|(k, v)| (k.to_string(), v)));
    let table = stream_yoy(db, &params, choice.by, args.sum)?;
    let caption = choice.caption();
    let chart = match &args.chart {
        Some(path) => Some((path, table.chart(args.top, args.output.money, &caption)?)),
        None => None,
    };
    let (notes, empty) = (table.notes(), table.sections.is_empty());
    let report = table.into_report(caption);
    let result = finish(&report, notes, chart, &args.output, empty);
    // Every unit's table is 400,000 small allocations: freed on one core
    // they took a twentieth of a whole-corpus answer.
    crate::parallel::map_in_order(report.sections, 64, drop);
    result
}

pub fn sangong(db: &Path, args: &SangongArgs) -> Result<i32, String> {
    let data = run_canned(db, "sangong", &args.selection.params())?;
    let table = sangong::build(&data)?;
    let chart = args
        .chart
        .as_ref()
        .map(|path| (path, table.chart(args.top, args.output.money)));
    finish(
        &table.report(),
        table.notes(),
        chart,
        &args.output,
        table.units.is_empty(),
    )
}

pub fn assets(db: &Path, args: &AssetsArgs) -> Result<i32, String> {
    let data = run_canned(db, "assets", &args.selection.params())?;
    let table = assets::build(&data)?;
    finish(
        &table.report(),
        table.notes(),
        None,
        &args.output,
        table.is_empty(),
    )
}

pub fn procurement(db: &Path, args: &ProcurementArgs) -> Result<i32, String> {
    let data = run_canned(db, "procurement", &args.selection.params())?;
    let table = procurement::build(&data)?;
    finish(
        &table.report(args.by),
        Vec::new(),
        None,
        &args.output,
        table.is_empty(),
    )
}

pub fn projects(db: &Path, args: &ProjectsArgs) -> Result<i32, String> {
    let data = run_canned(db, "projects", &args.selection.params())?;
    let list = projects::build(&data)?;
    finish(
        &projects::report(&list, args.indicators),
        Vec::new(),
        None,
        &args.output,
        list.is_empty(),
    )
}

/// Write the chart, the table and the notes; say so when nothing matched.
fn finish(
    report: &Report,
    notes: Vec<String>,
    chart: Option<(&PathBuf, crate::chart::Chart)>,
    output: &OutputArgs,
    empty: bool,
) -> Result<i32, String> {
    if empty {
        eprintln!("没有符合条件的数据 (nothing matches: check --unit, --from and --to, or run yusuan units)");
    }
    emit_report(report, output)?;
    for note in notes {
        eprintln!("注意 (note): {note}");
    }
    if let Some((path, chart)) = chart {
        std::fs::write(path, crate::chart::svg(&chart))
            .map_err(|e| format!("{}: 无法写入 (cannot write): {e}", path.display()))?;
        eprintln!("图表已写入 (chart written): {}", path.display());
    }
    Ok(0)
}

pub fn query(db: &Path, args: &QueryArgs) -> Result<i32, String> {
    if args.list {
        emit_report(&Report::from(list()), &args.output)?;
        return Ok(0);
    }
    let Some(name) = &args.name else {
        return Err(
            "请给出查询名，或用 --list 列出全部 (name a canned query, or use --list)".into(),
        );
    };
    let query = queries::find(name).ok_or_else(|| {
        let names: Vec<&str> = queries::all().iter().map(|q| q.name).collect();
        format!(
            "没有名为 {name} 的查询；可用：{} (no such canned query)",
            names.join(", ")
        )
    })?;
    if args.show_sql {
        let data = Tabular {
            headers: vec!["sql".into()],
            rows: vec![vec![Value::Text(query.sql.to_string())]],
        };
        return match &args.output.output {
            Some(path) => std::fs::write(path, query.sql)
                .map(|_| 0)
                .map_err(|e| format!("{}: 无法写入 (cannot write): {e}", path.display())),
            None if args.output.format == crate::render::Format::Table => {
                print!("{}", query.sql);
                Ok(0)
            }
            None => emit_report(&Report::from(data), &args.output).map(|_| 0),
        };
    }
    let params = parse_params(&args.params)?;
    let conn = store::open_read_only(db)?;
    let data = query.run(&conn, &params)?;
    emit_report(&Report::from(data), &args.output)?;
    Ok(0)
}

/// `KEY=VALUE` pairs; the value is everything after the first `=`.
fn parse_params(given: &[String]) -> Result<BTreeMap<String, String>, String> {
    let mut params = BTreeMap::new();
    for pair in given {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(format!(
                "参数「{pair}」应写成 KEY=VALUE (a parameter is KEY=VALUE)"
            ));
        };
        if params
            .insert(key.trim().to_string(), value.to_string())
            .is_some()
        {
            return Err(format!(
                "参数 {} 给了两次 (parameter given twice)",
                key.trim()
            ));
        }
    }
    Ok(params)
}

/// The canned queries: name, what each answers, parameters with defaults.
fn list() -> Tabular {
    let rows = queries::all()
        .iter()
        .map(|q: &CannedQuery| {
            let params = q
                .params()
                .iter()
                .map(|p| {
                    let default = if p.default.is_empty() {
                        "''".to_string()
                    } else {
                        p.default.clone()
                    };
                    if p.meaning.is_empty() {
                        format!("{} = {default}", p.name)
                    } else {
                        format!("{} = {default} ({})", p.name, p.meaning)
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            vec![
                Value::Text(q.name.to_string()),
                Value::Text(q.description().to_string()),
                Value::Text(params),
            ]
        })
        .collect();
    Tabular {
        headers: vec!["name".into(), "answers".into(), "params".into()],
        rows,
    }
}

pub fn sql(db: &Path, args: &SqlArgs) -> Result<i32, String> {
    let text = match (&args.sql, &args.file) {
        (_, Some(path)) => std::fs::read_to_string(path)
            .map_err(|e| format!("{}: 无法读取 (cannot read): {e}", path.display()))?,
        (Some(sql), None) if sql != "-" => sql.clone(),
        (None, None) if std::io::stdin().is_terminal() => {
            return Err(
                "请给出 SQL：yusuan sql \"SELECT …\"、--file FILE 或从标准输入 (give SQL as an argument, with --file, or on standard input)"
                    .into(),
            )
        }
        _ => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("无法读取标准输入 (cannot read standard input): {e}"))?;
            text
        }
    };
    let conn = ReadOnly::open(db)?;
    let data = conn.run(&text)?;
    emit_report(&Report::from(data), &args.output)?;
    Ok(0)
}

/// The tables `yusuan demo` prints after its import: each command with
/// its defaults, as a user would type it.
pub fn demo_tables(db: &Path, output: &OutputArgs) -> Result<(), String> {
    let all = || Selection {
        unit: None,
        from: None,
        to: None,
    };
    let out = || OutputArgs {
        format: output.format,
        output: None,
        bom: false,
        money: output.money,
    };
    println!("\n== yusuan yoy");
    yoy(
        db,
        &YoyArgs {
            selection: all(),
            by: None,
            level: None,
            column: None,
            sum: false,
            chart: None,
            top: 8,
            output: out(),
        },
    )?;
    println!("\n== yusuan sangong");
    sangong(
        db,
        &SangongArgs {
            selection: all(),
            chart: None,
            top: 8,
            output: out(),
        },
    )?;
    println!("\n== yusuan assets");
    assets(
        db,
        &AssetsArgs {
            selection: all(),
            output: out(),
        },
    )?;
    for by in [procurement::By::Unit, procurement::By::Catalogue] {
        println!(
            "\n== yusuan procurement{}",
            if by == procurement::By::Unit {
                ""
            } else {
                " --by catalogue"
            }
        );
        procurement(
            db,
            &ProcurementArgs {
                selection: all(),
                by,
                output: out(),
            },
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_split_at_the_first_equals_sign() {
        let params = parse_params(&["unit=a=b'; DROP TABLE x; --".to_string()]).unwrap();
        assert_eq!(params["unit"], "a=b'; DROP TABLE x; --");
        assert!(parse_params(&["unit".to_string()]).is_err());
        assert!(parse_params(&["a=1".to_string(), "a=2".to_string()]).is_err());
    }
}

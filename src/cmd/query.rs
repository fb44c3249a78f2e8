//! `yusuan query`: run a canned query from queries/ with bound parameters,
//! list them, or print one's SQL.

use super::output::{self, OutputArgs};
use super::output_file;
use std::collections::BTreeMap;
use std::path::Path;
use yusuan::queries;
use yusuan::render::{Format, Report, Tabular, Value};

/// Run a canned query from queries/, or list them (运行预置查询；--list 列出).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  yusuan query --list\n  yusuan query yoy -p unit=434001 -p level=2 --format csv"
)]
pub struct Args {
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

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    if args.list {
        output::emit(&Report::from(queries::list()), &args.output, db)?;
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
        return show_sql(query.sql, &args.output, db);
    }
    let params = parse_params(&args.params)?;
    let data = queries::unpack_arrays(queries::run_read_only(db, name, &params)?);
    output::emit(&Report::from(data), &args.output, db)?;
    Ok(0)
}

/// The SQL as it is to a file or a terminal table; as a one-cell table
/// in the other formats.
fn show_sql(sql: &str, output: &OutputArgs, db: &Path) -> Result<i32, String> {
    match &output.output {
        Some(path) => {
            output_file::write_io(db, path, |file| file.write_all(sql.as_bytes())).map(|_| 0)
        }
        None if output.format == Format::Table => {
            say!("{}", sql.trim_end_matches('\n'));
            Ok(0)
        }
        None => {
            let data = Tabular {
                headers: vec!["sql".into()],
                rows: vec![vec![Value::Text(sql.to_string())]],
            };
            output::emit(&Report::from(data), output, db).map(|_| 0)
        }
    }
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

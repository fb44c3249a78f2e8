//! `yusuan sql`: the user's own SQL on a connection that refuses writes.

use super::output::{self, OutputArgs};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use yusuan::adhoc::ReadOnly;
use yusuan::render::Report;

/// Run your own SQL on a read-only connection (只读 SQL 查询).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  yusuan sql \"SELECT unit_code, year, count(*) FROM figures GROUP BY 1, 2\"\n  yusuan sql --file question.sql --format csv"
)]
pub struct Args {
    /// One SQL statement; `-` or nothing reads it from standard input.
    pub sql: Option<String>,
    /// Read the statement from this file (从文件读取 SQL).
    #[arg(long, short, conflicts_with = "sql")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
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
    output::emit(&Report::from(data), &args.output, db)?;
    Ok(0)
}

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

/// The longest SQL read from a file or standard input: a statement is
/// text a person wrote, and `--file /dev/zero` must not read forever.
const MAX_SQL_BYTES: u64 = 4 * 1024 * 1024;

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    let text = match (&args.sql, &args.file) {
        (_, Some(path)) => read_sql_file(path)?,
        (Some(sql), None) if sql != "-" => sql.clone(),
        (None, None) if std::io::stdin().is_terminal() => {
            return Err(
                "请给出 SQL：yusuan sql \"SELECT …\"、--file FILE 或从标准输入 (give SQL as an argument, with --file, or on standard input)"
                    .into(),
            )
        }
        _ => read_capped(std::io::stdin().lock())
            .map_err(|e| format!("标准输入 (standard input): {e}"))?,
    };
    let conn = ReadOnly::open(db)?;
    let data = conn.run(&text)?;
    output::emit(&Report::from(data), &args.output, db)?;
    Ok(0)
}

/// The SQL in `path`: a regular file of at most [`MAX_SQL_BYTES`].
fn read_sql_file(path: &Path) -> Result<String, String> {
    let cannot =
        |e: &dyn std::fmt::Display| format!("{}: 无法读取 (cannot read): {e}", path.display());
    let meta = std::fs::metadata(path).map_err(|e| cannot(&e))?;
    if !meta.is_file() {
        return Err(cannot(&"不是普通文件 (not a regular file)"));
    }
    let file = std::fs::File::open(path).map_err(|e| cannot(&e))?;
    read_capped(file).map_err(|e| format!("{}: {e}", path.display()))
}

/// At most [`MAX_SQL_BYTES`] of UTF-8 text, or why not.
fn read_capped(source: impl Read) -> Result<String, String> {
    let mut bytes = Vec::new();
    source
        .take(MAX_SQL_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("无法读取 (cannot read): {e}"))?;
    if bytes.len() as u64 > MAX_SQL_BYTES {
        return Err(format!(
            "SQL 超过 {} MB，不像是一条语句 (more than {} MB of SQL: not a statement)",
            MAX_SQL_BYTES >> 20,
            MAX_SQL_BYTES >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|_| "SQL 不是 UTF-8 文本 (SQL is not UTF-8 text)".to_string())
}

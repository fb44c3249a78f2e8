//! `yusuan sql`: the user's own SQL on a connection that refuses writes,
//! its rows streamed to the output, within a time limit.

use super::output::OutputArgs;
use super::output_file;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;
use yusuan::adhoc::{ReadOnly, SqlError};
use yusuan::render::{RowStream, Style};

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
    /// Stop the query after this many seconds (时限，秒); 0 for no limit.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
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
    let limit = (args.timeout > 0).then(|| Duration::from_secs(args.timeout));
    let out = &args.output;
    let style = Style {
        format: out.format,
        money: out.money,
        bom: out.bom,
        // Streamed tables are printed whole, 1,000 rows at a time.
        width: None,
    };
    // Rows are written as SQLite produces them; to a file, through a
    // temporary file that replaces the old one only once the query is done.
    let stream = |write: &mut dyn Write| -> Result<(), SqlError> {
        conn.stream(&text, limit, |headers| {
            RowStream::start(write, headers, style)
        })?
        .finish()
        .map_err(SqlError::Write)
    };
    match &out.output {
        Some(path) => output_file::write_file(db, path, |w| Ok(stream(w)?))?,
        None => match stream(&mut std::io::BufWriter::new(std::io::stdout().lock())) {
            // `yusuan sql … | head`: the reader has what it wanted.
            Err(SqlError::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other?,
        },
    }
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

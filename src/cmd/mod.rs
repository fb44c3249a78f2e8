//! The command line: the global options, one module per subcommand (its
//! arguments, its help with an example, and its `run`), and the dispatch.
//!
//! Commands parse, call the library and print; what they compute lives in
//! the library (`yusuan::…`).

/// `println!` that ends quietly when standard output is closed
/// (`yusuan import DIR | head -1`): the work goes on, the lines are lost.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cmd::say(format_args!($($arg)*))
    };
}

mod assets;
mod check;
mod choice;
mod demo;
mod docs;
mod execution;
mod import;
mod output;
mod output_file;
mod procurement;
mod projects;
mod query;
mod report;
mod sangong;
mod selection;
mod show;
mod sql;
mod units;
mod yoy;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// yusuan (预算): import Chinese government budget disclosures (预算公开) into a
/// local SQLite database and ask them questions.
#[derive(Debug, Parser)]
#[command(
    name = "yusuan",
    version,
    about,
    long_about = None,
    after_help = "Example:\n  yusuan demo\n  yusuan import downloads/2023\n  yusuan yoy --unit 434001\n  yusuan check"
)]
pub struct Cli {
    /// Database file (数据库文件). Created on first import.
    #[arg(
        long,
        global = true,
        env = "YUSUAN_DB",
        hide_env_values = true,
        default_value = "yusuan.db"
    )]
    pub db: PathBuf,

    /// Whether `--db` was typed on the command line (not the default or
    /// `$YUSUAN_DB`): `demo`, which writes its own database, refuses it.
    #[arg(skip)]
    pub db_typed: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Import(import::Args),
    Units(units::Args),
    Docs(docs::Args),
    Demo(demo::Args),
    Check(check::Args),
    Yoy(yoy::Args),
    Execution(execution::Args),
    Sangong(sangong::Args),
    Assets(assets::Args),
    Procurement(procurement::Args),
    Projects(projects::Args),
    Query(query::Args),
    Sql(sql::Args),
    Show(show::Args),
    Report(report::Args),
}

/// Parse the command line, noting whether `--db` was typed (before or after
/// the subcommand).
pub fn parse() -> Cli {
    use clap::{parser::ValueSource, CommandFactory, FromArgMatches};
    let matches = Cli::command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let typed = |m: &clap::ArgMatches| m.value_source("db") == Some(ValueSource::CommandLine);
    cli.db_typed = typed(&matches) || matches.subcommand().is_some_and(|(_, sub)| typed(sub));
    cli
}

/// Write one line to standard output; a closed pipe or a full disk loses
/// it instead of stopping the command with a panic.
pub fn say(line: std::fmt::Arguments) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_fmt(line).and_then(|()| out.write_all(b"\n"));
}

/// Run a command; the returned code is the process exit status.
pub fn run(cli: Cli) -> Result<i32, String> {
    let db = &cli.db;
    // `sql` only reads, and reading another program's database is its
    // business; everything else needs yusuan's tables.
    if !matches!(cli.command, Command::Demo(_) | Command::Sql(_)) {
        yusuan::store::ensure_yusuan_database(db)?;
    }
    match &cli.command {
        Command::Import(args) => import::run(db, args),
        Command::Units(args) => units::run(db, args),
        Command::Docs(args) => docs::run(db, args),
        Command::Demo(_) if cli.db_typed => Err(
            "demo 不使用 --db，它每次新建自己的演示数据库；用 --out 指定 (the demo recreates its own database: choose it with --out, not --db)".into(),
        ),
        Command::Demo(args) => demo::run(args),
        Command::Check(args) => check::run(db, args),
        Command::Yoy(args) => yoy::run(db, args),
        Command::Execution(args) => execution::run(db, args),
        Command::Sangong(args) => sangong::run(db, args),
        Command::Assets(args) => assets::run(db, args),
        Command::Procurement(args) => procurement::run(db, args),
        Command::Projects(args) => projects::run(db, args),
        Command::Query(args) => query::run(db, args),
        Command::Sql(args) => sql::run(db, args),
        Command::Show(args) => show::run(db, args),
        Command::Report(args) => report::run(db, args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every subcommand's help ends with an `Example:` block, and every
    /// example in it is a command line this parser accepts.
    #[test]
    fn every_command_has_an_example_that_parses() {
        Cli::command().debug_assert();
        for command in Cli::command().get_subcommands() {
            let name = command.get_name();
            let help = command
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            let (_, examples) = help
                .split_once("Example:")
                .unwrap_or_else(|| panic!("{name} has no Example: in its help"));
            let lines: Vec<&str> = examples
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            assert!(!lines.is_empty(), "{name}: empty Example: block");
            for line in lines {
                let words = shell_words(line);
                assert_eq!(words.first().map(String::as_str), Some("yusuan"), "{line}");
                assert!(words.iter().any(|w| w == name), "{name}: {line}");
                if let Err(e) = Cli::try_parse_from(&words) {
                    panic!("{name}: example does not parse: {line}\n{e}");
                }
            }
        }
    }

    /// Split an example as a shell would: words, and "double-quoted" words.
    fn shell_words(line: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                c if c.is_whitespace() && !quoted => {
                    if !word.is_empty() {
                        words.push(std::mem::take(&mut word));
                    }
                }
                c => word.push(c),
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
        words
    }
}

//! The command line: the global options, one module per subcommand (its
//! arguments, its help with an example, and its `run`), and the dispatch.
//!
//! Commands parse, call the library and print; what they compute lives in
//! the library (`yusuan::…`).

mod assets;
mod check;
mod choice;
mod demo;
mod docs;
mod import;
mod output;
mod procurement;
mod projects;
mod query;
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
    Import(import::Args),
    Units(units::Args),
    Docs(docs::Args),
    Demo(demo::Args),
    Check(check::Args),
    Yoy(yoy::Args),
    Sangong(sangong::Args),
    Assets(assets::Args),
    Procurement(procurement::Args),
    Projects(projects::Args),
    Query(query::Args),
    Sql(sql::Args),
    Show(show::Args),
}

/// Run a command; the returned code is the process exit status.
pub fn run(cli: Cli) -> Result<i32, String> {
    let db = &cli.db;
    match &cli.command {
        Command::Import(args) => import::run(db, args),
        Command::Units(args) => units::run(db, args),
        Command::Docs(args) => docs::run(db, args),
        Command::Demo(args) => demo::run(args),
        Command::Check(args) => check::run(db, args),
        Command::Yoy(args) => yoy::run(db, args),
        Command::Sangong(args) => sangong::run(db, args),
        Command::Assets(args) => assets::run(db, args),
        Command::Procurement(args) => procurement::run(db, args),
        Command::Projects(args) => projects::run(db, args),
        Command::Query(args) => query::run(db, args),
        Command::Sql(args) => sql::run(db, args),
        Command::Show(args) => show::run(db, args),
    }
}

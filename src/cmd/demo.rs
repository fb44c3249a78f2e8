//! `yusuan demo`: import the bundled sample disclosures into a fresh
//! database and print what the main commands answer on them.

use super::output::OutputArgs;
use super::selection::Selection;
use super::{assets, import, procurement, sangong, units, yoy};
use std::path::{Path, PathBuf};
use yusuan::amount::AmountUnit;
use yusuan::render::Format;
use yusuan::report::procurement::By;

/// Import the bundled sample disclosures into a fresh database and show
/// what yusuan does (演示：导入内置样例并输出).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The demo does not use --db: it recreates the database --out names.\n\nExample:\n  yusuan demo --out /tmp/demo.db"
)]
pub struct Args {
    /// Demo database, recreated on every run (演示数据库，每次重建).
    #[arg(long, default_value_os_t = std::env::temp_dir().join("yusuan-demo.db"))]
    pub out: PathBuf,
    /// Print the tables whole, however wide the terminal (不按终端宽度收窄表格).
    #[arg(long)]
    pub wide: bool,
}

pub fn run(args: &Args) -> Result<i32, String> {
    let db = &args.out;
    let samples = db.with_extension("samples");
    let corpus = yusuan::demo::write_corpus(&samples)?;
    yusuan::demo::remove_database(db)?;
    say!(
        "== yusuan import {} (数据库 database: {})",
        samples.display(),
        db.display()
    );
    let code = import::import_paths(db, &corpus, yusuan::import::Options::default(), false)?;
    let table = OutputArgs {
        format: Format::Table,
        output: None,
        bom: false,
        money: AmountUnit::Wanyuan,
        wide: args.wide,
    };
    say!("\n== yusuan units");
    units::run(
        db,
        &units::Args {
            unit: None,
            alias: None,
            alias_file: None,
            aliases: false,
            output: table.terminal(),
        },
    )?;
    tables(db, &table)?;
    say!(
        "\n继续探索 (explore further): yusuan --db {} units | docs | yoy | sangong | assets | procurement | projects | query --list | sql \"SELECT …\"",
        db.display()
    );
    Ok(code)
}

/// The tables `yusuan demo` prints after its import: each command with
/// its defaults, as a user would type it.
fn tables(db: &Path, output: &OutputArgs) -> Result<(), String> {
    say!("\n== yusuan yoy");
    yoy::run(
        db,
        &yoy::Args {
            selection: Selection::default(),
            by: None,
            level: None,
            column: None,
            sum: false,
            chart: None,
            top: 8,
            output: output.terminal(),
        },
    )?;
    say!("\n== yusuan sangong");
    sangong::run(
        db,
        &sangong::Args {
            selection: Selection::default(),
            chart: None,
            top: 8,
            output: output.terminal(),
        },
    )?;
    say!("\n== yusuan assets");
    assets::run(
        db,
        &assets::Args {
            selection: Selection::default(),
            output: output.terminal(),
        },
    )?;
    for by in [By::Unit, By::Catalogue] {
        say!(
            "\n== yusuan procurement{}",
            if by == By::Unit {
                ""
            } else {
                " --by catalogue"
            }
        );
        procurement::run(
            db,
            &procurement::Args {
                selection: Selection::default(),
                by,
                output: output.terminal(),
            },
        )?;
    }
    Ok(())
}

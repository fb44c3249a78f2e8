//! `yusuan units`: the stored units and years with their source files, and
//! the aliases that make a renamed office one unit.

use super::output::{self, OutputArgs};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use yusuan::queries;
use yusuan::recognise::national::unit_key;
use yusuan::render::Report;
use yusuan::store;

/// List stored units and years with their source files (已导入的单位与年度);
/// make a renamed office one unit (单位更名：别名).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  yusuan units --unit 434001 --format csv --bom -o units.csv\n  \
    yusuan units --alias 江苏省政协办公厅 中国人民政治协商会议江苏省委员会办公厅\n  \
    yusuan units --alias-file aliases.csv\n  yusuan units --aliases"
)]
pub struct Args {
    /// Unit code, or part of a unit name (单位编码或名称的一部分).
    #[arg(long)]
    pub unit: Option<String>,
    /// OLD is the same unit as NEW (a renamed office, or a name printed
    /// differently): what is stored under OLD moves to NEW, and later
    /// imports of OLD land there too (旧名 新名：视为同一单位).
    #[arg(long, num_args = 2, value_names = ["OLD", "NEW"], conflicts_with_all = ["alias_file", "aliases"])]
    pub alias: Option<Vec<String>>,
    /// A CSV file of aliases, one `OLD,NEW` per line (别名表).
    #[arg(long, value_name = "FILE", conflicts_with = "aliases")]
    pub alias_file: Option<PathBuf>,
    /// List the aliases (列出别名).
    #[arg(long)]
    pub aliases: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    if let Some(pair) = &args.alias {
        return add_aliases(db, &[(pair[0].clone(), pair[1].clone())]);
    }
    if let Some(file) = &args.alias_file {
        return add_aliases(db, &read_alias_file(file)?);
    }
    if args.aliases {
        let data = queries::run_read_only(db, "aliases", &BTreeMap::new())?;
        output::emit(&Report::from(data), &args.output, db)?;
        return Ok(0);
    }
    let unit = args.unit.clone().unwrap_or_default();
    let data = queries::run_read_only(db, "units", &BTreeMap::from([("unit".to_string(), unit)]))?;
    let mut report = Report::from(data);
    report.detail = vec![vec!["published_unit".into()], vec!["tables".into()]];
    output::emit(&report, &args.output, db)?;
    Ok(0)
}

/// Each pair in its own transaction, in order; the first refusal stops.
fn add_aliases(db: &Path, pairs: &[(String, String)]) -> Result<i32, String> {
    let conn = store::open(db)?;
    for (old, new) in pairs {
        // As the importer keys a unit without a code: its normalised name.
        let (alias, code) = (unit_key(old), unit_key(new));
        let added = store::aliases::add(&conn, &alias, &code)?;
        println!(
            "{alias} → {}：移入 {} 份已导入的公开 ({alias} is now {}; {} stored disclosures moved)",
            added.code, added.moved, added.code, added.moved
        );
    }
    Ok(0)
}

/// `OLD,NEW` lines; a header line `old,new` (any case) and blank lines are
/// skipped.
fn read_alias_file(file: &Path) -> Result<Vec<(String, String)>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(file)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let mut pairs = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("{}: {e}", file.display()))?;
        let fields: Vec<&str> = record.iter().map(str::trim).collect();
        match fields.as_slice() {
            [""] | [] => continue,
            [old, new]
                if index == 0
                    && old.eq_ignore_ascii_case("old")
                    && new.eq_ignore_ascii_case("new") =>
            {
                continue
            }
            [old, new] if !old.is_empty() && !new.is_empty() => {
                pairs.push((old.to_string(), new.to_string()))
            }
            _ => {
                return Err(format!(
                    "{} 第 {} 行：应为「旧名,新名」两栏 (line {}: expected two fields, OLD,NEW)",
                    file.display(),
                    index + 1,
                    index + 1
                ))
            }
        }
    }
    Ok(pairs)
}

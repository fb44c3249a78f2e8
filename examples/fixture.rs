//! Writes a synthetic corpus of 预算公开 documents with known figures.
//!
//! ```text
//! cargo run --example fixture -- --demo DIR   # the bundled demo corpus
//! cargo run --example fixture -- --out DIR --units N --years 2021-2023 \
//!     [--unit-of 元|万元] [--seed S] [--encoding utf8|utf8-bom|gbk] [--crlf] [--thousands]
//! ```
//!
//! One file per unit and year, named `<code>-<year>.txt`, each holding one
//! unit section. The same seed always writes the same bytes.

use std::path::PathBuf;
use std::process::ExitCode;

use yusuan_fixture::{
    realistic_unit, render_bytes, unit_roster, AmountUnit, RenderOptions, TextEncoding,
};

const USAGE: &str =
    "usage: fixture --demo DIR | fixture --out DIR [--units N] [--years FROM-TO|YEAR] [--unit-of 元|万元] \
[--seed S] [--encoding utf8|utf8-bom|gbk] [--crlf] [--thousands]";

struct Args {
    out: PathBuf,
    units: usize,
    years: (i32, i32),
    seed: u64,
    render: RenderOptions,
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, dir] = argv.as_slice() {
        if flag == "--demo" {
            return write_demo(dir);
        }
    }
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("fixture: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match write_corpus(&args) {
        Ok(count) => {
            println!("wrote {count} files to {}", args.out.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("fixture: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `--demo DIR`: the generated files of the bundled demo corpus.
fn write_demo(dir: &str) -> ExitCode {
    for (name, bytes) in yusuan_fixture::demo_corpus() {
        let path = std::path::Path::new(dir).join(&name);
        if let Err(e) = std::fs::write(&path, bytes) {
            eprintln!("fixture: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

fn write_corpus(args: &Args) -> Result<usize, String> {
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    let mut count = 0;
    for year in args.years.0..=args.years.1 {
        for (code, name) in unit_roster(args.units, args.seed, year) {
            let unit = realistic_unit(&code, &name, year, args.seed);
            // Word bookmarks come and go between exports; vary them per file.
            let opts = RenderOptions {
                bookmark: fnv(&format!("{}/{code}/{year}", args.seed)).is_multiple_of(2),
                ..args.render
            };
            let path = args.out.join(unit.file_name());
            std::fs::write(&path, render_bytes(&[unit], &opts))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            count += 1;
        }
    }
    Ok(count)
}

/// A stable hash (std's hasher may change between Rust releases).
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// `Ok(None)` means help was asked for.
fn parse(mut argv: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut out = None;
    let mut args = Args {
        out: PathBuf::new(),
        units: 3,
        years: (2021, 2023),
        seed: 1,
        render: RenderOptions::default(),
    };
    while let Some(flag) = argv.next() {
        let mut value = || argv.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(value()?)),
            "--units" => args.units = number(&flag, &value()?)?,
            "--years" => args.years = years(&value()?)?,
            "--seed" => args.seed = number(&flag, &value()?)?,
            "--unit-of" => args.render.amount_unit = amount_unit(&value()?)?,
            "--encoding" => args.render.encoding = encoding(&value()?)?,
            "--crlf" => args.render.crlf = true,
            "--thousands" => args.render.thousands_separators = true,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    args.out = out.ok_or("--out is required")?;
    Ok(Some(args))
}

fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{flag}: not a number: {text}"))
}

/// "2021-2023" or "2023".
fn years(text: &str) -> Result<(i32, i32), String> {
    let (from, to) = text.split_once('-').unwrap_or((text, text));
    let from: i32 = number("--years", from.trim())?;
    let to: i32 = number("--years", to.trim())?;
    if from > to {
        return Err(format!("--years: {from} is after {to}"));
    }
    Ok((from, to))
}

fn amount_unit(text: &str) -> Result<AmountUnit, String> {
    match text {
        "万元" | "wanyuan" => Ok(AmountUnit::Wanyuan),
        "元" | "yuan" => Ok(AmountUnit::Yuan),
        _ => Err(format!("--unit-of: expected 元 or 万元, got {text}")),
    }
}

fn encoding(text: &str) -> Result<TextEncoding, String> {
    match text {
        "utf8" | "utf-8" => Ok(TextEncoding::Utf8),
        "utf8-bom" | "utf-8-bom" => Ok(TextEncoding::Utf8Bom),
        "gbk" => Ok(TextEncoding::Gbk),
        _ => Err(format!(
            "--encoding: expected utf8, utf8-bom or gbk, got {text}"
        )),
    }
}

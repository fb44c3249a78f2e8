//! A multi-year, multi-unit corpus with known figures for the analyst
//! commands' tests, and the arithmetic that predicts their output from the
//! specs alone (never from yusuan's own output).
//!
//! Three units × four years (2020–2023) from the realistic generator, with
//! three planted changes:
//! - unit 0 publishes 230 / 23099 / 2309901 in 2020 only (dropped 2021);
//! - unit 1 publishes 227 / 22799 / 2279901 in 2023 only (new, 项目支出 only);
//! - unit 2 published its first 项 under an older name in 2020 and 2021;
//! - unit 1 had no 三公 spending in 2021, unit 0 bought a car in 2022.
#![allow(dead_code)]

use crate::common::Scratch;
use std::collections::{BTreeMap, BTreeSet};
use yusuan_fixture::{
    realistic_unit, render_bytes, unit_roster, AmountUnit, FunctionLine, RenderOptions, Sangong,
    UnitSpec,
};

pub const SEED: u64 = 5;
pub const YEARS: [i32; 4] = [2020, 2021, 2022, 2023];
pub const DROPPED: &str = "2309901";
pub const NEW: &str = "2279901";
pub const OLD_NAME_PREFIX: &str = "旧称";

/// Specs by unit code, each with its four years in order.
pub type Corpus = BTreeMap<String, Vec<UnitSpec>>;

pub fn specs() -> Corpus {
    let mut corpus: Corpus = BTreeMap::new();
    for year in YEARS {
        for (code, name) in unit_roster(3, SEED, year) {
            corpus
                .entry(code.clone())
                .or_default()
                .push(realistic_unit(&code, &name, year, SEED));
        }
    }
    let codes: Vec<String> = corpus.keys().cloned().collect();
    for spec in corpus.values().flatten() {
        assert!(
            spec.function_lines
                .iter()
                .all(|l| !l.code.starts_with("230") && !l.code.starts_with("227")),
            "planted codes must be new to the generator"
        );
    }

    // Unit 0: a 转移性支出 line in the first year only.
    let first = &mut corpus.get_mut(&codes[0]).unwrap()[0];
    first.function_lines.push(FunctionLine {
        code: DROPPED.into(),
        name: "其他转移性支出".into(),
        basic_fen: 12_340_000,
        project_fen: 5_670_000,
    });
    first.class_names.insert("230".into(), "转移性支出".into());
    first
        .class_names
        .insert("23099".into(), "其他转移性支出".into());

    // Unit 1: a 预备费 line in the last year only, project money only.
    let last = corpus.get_mut(&codes[1]).unwrap().last_mut().unwrap();
    last.function_lines.push(FunctionLine {
        code: NEW.into(),
        name: "其他预备费".into(),
        basic_fen: 0,
        project_fen: 98_760_000,
    });
    last.class_names.insert("227".into(), "预备费".into());
    last.class_names.insert("22799".into(), "其他预备费".into());

    // Unit 2: its first 项 of the last year was named differently before 2022.
    let years = corpus.get_mut(&codes[2]).unwrap();
    let renamed = years[3].function_lines[0].code.clone();
    for spec in &mut years[..2] {
        for line in spec.function_lines.iter_mut().filter(|l| l.code == renamed) {
            line.name = format!("{OLD_NAME_PREFIX}{}", line.name);
        }
    }

    corpus.get_mut(&codes[1]).unwrap()[1].sangong = Sangong::default();
    corpus.get_mut(&codes[0]).unwrap()[2]
        .sangong
        .vehicle_purchase_fen = 23_450_000;
    corpus
}

/// Write one file per unit-year (万元 and 元 with separators, alternating)
/// and import them; returns the specs.
pub fn import(scratch: &Scratch) -> Corpus {
    let corpus = specs();
    for (n, spec) in corpus.values().flatten().enumerate() {
        let options = if n % 2 == 0 {
            RenderOptions::default()
        } else {
            RenderOptions {
                amount_unit: AmountUnit::Yuan,
                thousands_separators: true,
                ..RenderOptions::default()
            }
        };
        scratch.write(
            &format!("corpus/{}", spec.file_name()),
            render_bytes(std::slice::from_ref(spec), &options),
        );
    }
    let output = scratch
        .yusuan()
        .arg("import")
        .arg("--quiet")
        .arg(scratch.path("corpus"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        crate::common::stderr_of(&output)
    );
    corpus
}

/// Run yusuan with ARGS and parse its CSV: (headers, rows).
pub fn csv(scratch: &Scratch, args: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let output = scratch
        .yusuan()
        .args(args)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        crate::common::stderr_of(&output)
    );
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    // Amount headers carry the money unit (`total_万元`); the tests name
    // columns without it (tests/front_door.rs holds the suffix itself).
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(crate::common::without_money_unit)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (headers, rows)
}

/// 分 → 万元 with two decimals, as the CSV prints whole 0.01 万元.
pub fn wan(fen: i64) -> String {
    assert_eq!(fen % 10_000, 0, "{fen} is not a whole 0.01 万元");
    let hundredths = fen / 10_000;
    let sign = if hundredths < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        hundredths.abs() / 100,
        hundredths.abs() % 100
    )
}

/// 100 × change / base, to two decimals, half away from zero; "" when the
/// base is zero.
pub fn pct(change: i64, base: i64) -> String {
    if base == 0 {
        return String::new();
    }
    let n = i128::from(change) * 10_000;
    let d = i128::from(base);
    let mut q = n / d;
    if 2 * (n % d).abs() >= d.abs() {
        q += if (n < 0) == (d < 0) { 1 } else { -1 };
    }
    let sign = if q < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", q.abs() / 100, q.abs() % 100)
}

/// What one year of one section publishes: code → (names, amount), and
/// the 合计.
#[derive(Default, Clone)]
pub struct Year {
    pub lines: BTreeMap<String, (BTreeMap<String, usize>, i64)>,
    pub total: i64,
}

impl Year {
    pub fn add(&mut self, code: &str, name: &str, amount: i64) {
        let entry = self.lines.entry(code.to_string()).or_default();
        if !name.is_empty() {
            *entry.0.entry(name.to_string()).or_default() += 1;
        }
        entry.1 += amount;
    }
}

/// The name most units published (ties: the smallest).
fn chosen(names: &BTreeMap<String, usize>) -> Option<String> {
    let most = names.values().max()?;
    names
        .iter()
        .find(|(_, n)| *n == most)
        .map(|(name, _)| name.clone())
}

/// Headers of a yoy CSV over `years`, after the unit columns.
pub fn yoy_headers(first: &str, years: &[i32]) -> Vec<String> {
    let mut headers = vec![first.to_string(), "name".to_string()];
    headers.extend(years.iter().map(|y| y.to_string()));
    let mut pairs: Vec<(i32, i32)> = years.windows(2).map(|w| (w[0], w[1])).collect();
    if years.len() >= 3 {
        pairs.push((years[0], years[years.len() - 1]));
    }
    for (a, b) in pairs {
        headers.push(format!("change_{a}_{b}"));
        headers.push(format!("pct_{a}_{b}"));
    }
    headers.push("status".into());
    headers.push("former_names".into());
    headers
}

/// The rows yoy prints for one section: every code with a non-zero amount
/// in some year (ordered by `order`), then the 合计 row when `total`.
pub fn yoy_rows(
    years: &[i32],
    data: &BTreeMap<i32, Year>,
    label: impl Fn(&str) -> String,
    order: impl Fn(&str) -> (u8, usize, String),
    total: bool,
) -> Vec<Vec<String>> {
    let mut codes: Vec<String> = data
        .values()
        .flat_map(|y| y.lines.iter())
        .filter(|(_, (_, amount))| *amount != 0)
        .map(|(code, _)| code.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    codes.sort_by_key(|c| order(c));
    let mut pairs: Vec<(usize, usize)> = (1..years.len()).map(|i| (i - 1, i)).collect();
    if years.len() >= 3 {
        pairs.push((0, years.len() - 1));
    }
    let cells = |amounts: &[Option<i64>]| -> Vec<String> {
        let mut out: Vec<String> = amounts
            .iter()
            .map(|a| a.filter(|v| *v != 0).map(wan).unwrap_or_default())
            .collect();
        for (a, b) in &pairs {
            let (x, y) = (amounts[*a].unwrap_or(0), amounts[*b].unwrap_or(0));
            out.push(wan(y - x));
            out.push(pct(y - x, x));
        }
        out
    };
    let mut rows = Vec::new();
    for code in codes {
        let published: Vec<Option<&(BTreeMap<String, usize>, i64)>> =
            years.iter().map(|y| data[y].lines.get(&code)).collect();
        let amounts: Vec<Option<i64>> = published.iter().map(|p| p.map(|(_, a)| *a)).collect();
        let names: Vec<(i32, String)> = years
            .iter()
            .zip(&published)
            .filter_map(|(y, p)| Some((*y, chosen(&(*p)?.0)?)))
            .collect();
        let name = names.last().map(|(_, n)| n.clone()).unwrap_or_default();
        let mut former: Vec<(String, i32, i32)> = Vec::new();
        for (y, n) in names.iter().filter(|(_, n)| *n != name) {
            match former.iter_mut().find(|(f, _, _)| f == n) {
                Some(f) => f.2 = *y,
                None => former.push((n.clone(), *y, *y)),
            }
        }
        let mut status = Vec::new();
        for (i, y) in years.iter().enumerate().skip(1) {
            match (published[i - 1].is_some(), published[i].is_some()) {
                (false, true) => status.push(format!("新增 new {y}")),
                (true, false) => status.push(format!("取消 dropped {y}")),
                _ => {}
            }
        }
        let mut row = vec![label(&code), name];
        row.extend(cells(&amounts));
        row.push(status.join("; "));
        row.push(
            former
                .iter()
                .map(|(n, a, b)| {
                    if a == b {
                        format!("{n} ({a})")
                    } else {
                        format!("{n} ({a}–{b})")
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
        );
        rows.push(row);
    }
    if total {
        let totals: Vec<Option<i64>> = years.iter().map(|y| Some(data[y].total)).collect();
        let mut row = vec![String::new(), "合计".to_string()];
        let mut c = cells(&totals);
        // The 合计 row prints its amount even when it is zero.
        for (i, y) in years.iter().enumerate() {
            c[i] = wan(data[y].total);
        }
        row.extend(c);
        row.push(String::new());
        row.push(String::new());
        rows.push(row);
    }
    rows
}

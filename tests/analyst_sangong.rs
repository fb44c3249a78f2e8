//! `yusuan sangong` on the generated 3-unit × 4-year corpus: every cell of
//! the CSV against the 三公 figures of the specs.

mod analyst_corpus;
mod common;

use analyst_corpus::{csv, pct, wan, Corpus};
use common::Scratch;
use std::collections::BTreeMap;
use yusuan_fixture::Sangong;

const HEADERS: [&str; 11] = [
    "unit_code",
    "unit_name",
    "year",
    "total",
    "change",
    "pct",
    "overseas",
    "vehicle",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
];

fn row(code: &str, name: &str, year: i32, s: &Sangong, before: Option<&Sangong>) -> Vec<String> {
    let (change, percent) = match before {
        Some(b) => (
            wan(s.total_fen() - b.total_fen()),
            pct(s.total_fen() - b.total_fen(), b.total_fen()),
        ),
        None => (String::new(), String::new()),
    };
    vec![
        code.to_string(),
        name.to_string(),
        year.to_string(),
        wan(s.total_fen()),
        change,
        percent,
        wan(s.overseas_fen),
        wan(s.vehicle_fen()),
        wan(s.vehicle_purchase_fen),
        wan(s.vehicle_operation_fen),
        wan(s.reception_fen),
    ]
}

/// Units in code order, each year from `from`, then one total row per year.
fn expected(corpus: &Corpus, from: i32, units: &[&String]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut totals: BTreeMap<i32, Sangong> = BTreeMap::new();
    for unit in units {
        let specs = &corpus[*unit];
        let name = &specs.last().unwrap().name;
        for (i, spec) in specs.iter().enumerate().filter(|(_, s)| s.year >= from) {
            let before = (i > 0 && specs[i - 1].year >= from).then(|| &specs[i - 1].sangong);
            rows.push(row(unit, name, spec.year, &spec.sangong, before));
            let t = totals.entry(spec.year).or_default();
            t.overseas_fen += spec.sangong.overseas_fen;
            t.vehicle_purchase_fen += spec.sangong.vehicle_purchase_fen;
            t.vehicle_operation_fen += spec.sangong.vehicle_operation_fen;
            t.reception_fen += spec.sangong.reception_fen;
        }
    }
    if units.len() > 1 {
        let label = format!("{} 个单位 ({} units)", units.len(), units.len());
        for (year, total) in &totals {
            rows.push(row("合计", &label, *year, total, totals.get(&(year - 1))));
        }
    }
    rows
}

#[test]
fn every_unit_year_and_the_totals() {
    let scratch = Scratch::new();
    let corpus = analyst_corpus::import(&scratch);
    let units: Vec<&String> = corpus.keys().collect();
    let (headers, rows) = csv(&scratch, &["sangong"]);
    assert_eq!(headers, HEADERS);
    let want = expected(&corpus, 0, &units);
    assert_eq!(want.len(), 16);
    assert_eq!(rows, want);

    // The planted years: nothing in 2021, so no % for 2022; a car bought in 2022.
    let zero_year = rows
        .iter()
        .find(|r| &r[0] == units[1] && r[2] == "2021")
        .unwrap();
    assert_eq!(zero_year[3], "0.00");
    let after = rows
        .iter()
        .find(|r| &r[0] == units[1] && r[2] == "2022")
        .unwrap();
    assert_eq!(
        after[4], after[3],
        "the change from nothing is the whole amount"
    );
    assert_eq!(after[5], "", "a % from zero is never a number");
    let car = rows
        .iter()
        .find(|r| &r[0] == units[0] && r[2] == "2022")
        .unwrap();
    assert_eq!(car[8], "23.45");
}

#[test]
fn one_unit_and_a_year_range() {
    let scratch = Scratch::new();
    let corpus = analyst_corpus::import(&scratch);
    let units: Vec<&String> = corpus.keys().collect();
    let (_, rows) = csv(&scratch, &["sangong", "--unit", units[2]]);
    assert_eq!(
        rows,
        expected(&corpus, 0, &units[2..]),
        "no total row for one unit"
    );

    let (_, rows) = csv(&scratch, &["sangong", "--from", "2022", "--money", "元"]);
    let want: Vec<Vec<String>> = expected(&corpus, 2022, &units)
        .into_iter()
        .map(|row| {
            // 万元 with two decimals → 元 with two decimals: ×10000.
            row.into_iter()
                .enumerate()
                .map(|(i, cell)| match i {
                    3 | 4 | 6..=10 if !cell.is_empty() => {
                        let fen: i64 = cell.replace('.', "").parse::<i64>().unwrap() * 10_000;
                        format!("{}.{:02}", fen / 100, (fen % 100).abs())
                    }
                    _ => cell,
                })
                .collect()
        })
        .collect();
    assert_eq!(rows, want);
    assert!(rows.iter().all(|r| r[2] == "2022" || r[2] == "2023"));
}

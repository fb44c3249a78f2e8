//! `yusuan sangong`: 财政拨款“三公”经费 per unit and year, the total and
//! each part, the change and % change from the year before, and a total
//! row per year across units.
//!
//! Input: the rows of queries/sangong.sql (one per unit and year).

use super::{columns, int, percent, text, ReportError};
use crate::amount::{AmountUnit, FenSum};
use crate::chart::{Chart, Point, Series};
use crate::render::{money_exact, Field, Report, Section, Tabular, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The figures of one unit-year, in 分; all `None` when the unit published
/// no 三公 table that year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts {
    /// “三公”经费小计 as published.
    pub total: Option<FenSum>,
    /// 因公出国（境）费
    pub overseas: Option<FenSum>,
    /// 公务用车购置及运行维护费
    pub vehicle: Option<FenSum>,
    /// 公务用车购置费
    pub vehicle_purchase: Option<FenSum>,
    /// 公务用车运行维护费
    pub vehicle_operation: Option<FenSum>,
    /// 公务接待费
    pub reception: Option<FenSum>,
}

impl Parts {
    fn has_table(&self) -> bool {
        self.total.is_some()
    }

    /// The parts after the total, in column order.
    fn breakdown(&self) -> [Option<FenSum>; 5] {
        [
            self.overseas,
            self.vehicle,
            self.vehicle_purchase,
            self.vehicle_operation,
            self.reception,
        ]
    }

    fn add(&mut self, other: &Parts) {
        let add = |a: &mut Option<FenSum>, b: Option<FenSum>| {
            if let Some(b) = b {
                *a = Some(a.unwrap_or(0) + b);
            }
        };
        add(&mut self.total, other.total);
        add(&mut self.overseas, other.overseas);
        add(&mut self.vehicle, other.vehicle);
        add(&mut self.vehicle_purchase, other.vehicle_purchase);
        add(&mut self.vehicle_operation, other.vehicle_operation);
        add(&mut self.reception, other.reception);
    }
}

/// Column headers of the parts, and their names on a chart.
const PART_HEADERS: [&str; 5] = [
    "overseas",
    "vehicle",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSangong {
    pub code: String,
    /// The latest name published.
    pub name: String,
    pub years: BTreeMap<i32, Parts>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sangong {
    pub units: Vec<UnitSangong>,
    /// Every year with figures, ascending.
    pub years: Vec<i32>,
}

pub fn build(data: &Tabular) -> Result<Sangong, ReportError> {
    let [code, name, year, total, overseas, vehicle, purchase, operation, reception] = columns(
        data,
        [
            "unit_code",
            "unit_name",
            "year",
            "total_fen",
            "overseas_fen",
            "vehicle_fen",
            "vehicle_purchase_fen",
            "vehicle_operation_fen",
            "reception_fen",
        ],
    )?;
    let mut units: BTreeMap<String, UnitSangong> = BTreeMap::new();
    let mut years = BTreeSet::new();
    for row in &data.rows {
        let Some(y) = int(&row[year]).and_then(|y| i32::try_from(y).ok()) else {
            continue;
        };
        years.insert(y);
        let unit = units
            .entry(text(&row[code]))
            .or_insert_with(|| UnitSangong {
                code: text(&row[code]),
                name: String::new(),
                years: BTreeMap::new(),
            });
        // Rows come in year order; the last name is the latest.
        if unit.years.keys().next_back().is_none_or(|last| y >= *last) {
            unit.name = text(&row[name]);
        }
        unit.years.insert(
            y,
            Parts {
                total: fen(&row[total]),
                overseas: fen(&row[overseas]),
                vehicle: fen(&row[vehicle]),
                vehicle_purchase: fen(&row[purchase]),
                vehicle_operation: fen(&row[operation]),
                reception: fen(&row[reception]),
            },
        );
    }
    Ok(Sangong {
        units: units.into_values().collect(),
        years: years.into_iter().collect(),
    })
}

impl Sangong {
    /// Per year, the sum over the units that published a 三公 table, and
    /// how many they are.
    fn totals(&self) -> BTreeMap<i32, (Parts, usize)> {
        let mut totals: BTreeMap<i32, (Parts, usize)> = BTreeMap::new();
        for unit in &self.units {
            for (year, parts) in unit.years.iter().filter(|(_, p)| p.has_table()) {
                let entry = totals.entry(*year).or_default();
                entry.0.add(parts);
                entry.1 += 1;
            }
        }
        totals
    }

    pub fn report(&self) -> Report {
        let mut headers: Vec<String> = ["unit_code", "unit_name", "year", "total", "change", "pct"]
            .map(String::from)
            .to_vec();
        headers.extend(PART_HEADERS.map(String::from));
        let mut rows = Vec::new();
        for unit in &self.units {
            for (year, parts) in &unit.years {
                let previous = unit.years.get(&(year - 1));
                rows.push(row(&unit.code, &unit.name, *year, parts, previous));
            }
        }
        if self.units.len() > 1 {
            let totals = self.totals();
            for (year, (parts, count)) in &totals {
                let previous = totals.get(&(year - 1)).map(|(p, _)| p);
                let label = format!("{count} 个单位 ({count} units)");
                rows.push(row("合计", &label, *year, parts, previous));
            }
        }
        Report {
            caption: Some(
                "财政拨款“三公”经费 (three public expenses)：合计列（全部资金来源）".into(),
            ),
            key_headers: Vec::new(),
            headers,
            sections: vec![Section {
                title: String::new(),
                keys: Vec::new(),
                rows,
            }],
            detail: vec![
                vec![
                    "vehicle_purchase".to_string(),
                    "vehicle_operation".to_string(),
                ],
                vec!["change".to_string()],
                vec!["unit_code".to_string()],
            ],
        }
    }

    /// Warnings for the reader: unit-years without a 三公 table, and totals
    /// over a different number of units from year to year.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for unit in &self.units {
            let missing: Vec<String> = unit
                .years
                .iter()
                .filter(|(_, p)| !p.has_table())
                .map(|(y, _)| y.to_string())
                .collect();
            if !missing.is_empty() {
                notes.push(format!(
                    "{} {} 年没有“三公”经费表 (no 三公 table in {})",
                    unit.code,
                    missing.join("、"),
                    missing.join(", ")
                ));
            }
        }
        let totals = self.totals();
        let counts: BTreeSet<usize> = totals.values().map(|(_, n)| *n).collect();
        if self.units.len() > 1 && counts.len() > 1 {
            let per_year = totals
                .iter()
                .map(|(y, (_, n))| format!("{y}: {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            notes.push(format!(
                "各年合计的单位数不同，合计不完全可比 (units in the totals differ by year: {per_year})"
            ));
        }
        notes
    }

    /// One unit: its total and each part. Several: the total over all units
    /// and the `top - 1` units with the largest totals.
    pub fn chart(&self, top: usize, money: AmountUnit) -> Chart {
        let per_unit = money.fen_per_unit() as f64;
        let point = |fen: Option<FenSum>| {
            fen.map(|fen| Point {
                value: fen as f64 / per_unit,
                label: money_exact(fen, money),
            })
        };
        let x: Vec<String> = self.years.iter().map(|y| y.to_string()).collect();
        let (title, series) = match self.units.as_slice() {
            [unit] => {
                let part = |name: &str, pick: fn(&Parts) -> Option<FenSum>| Series {
                    name: name.to_string(),
                    points: self
                        .years
                        .iter()
                        .map(|y| point(unit.years.get(y).and_then(pick)))
                        .collect(),
                };
                (
                    format!("{} {} — 财政拨款“三公”经费", unit.code, unit.name),
                    vec![
                        part("“三公”经费合计", |p| p.total),
                        part("因公出国（境）费", |p| p.overseas),
                        part("公务用车购置费", |p| p.vehicle_purchase),
                        part("公务用车运行维护费", |p| p.vehicle_operation),
                        part("公务接待费", |p| p.reception),
                    ],
                )
            }
            units => {
                let totals = self.totals();
                let mut series = vec![Series {
                    name: format!("合计（{} 个单位）", units.len()),
                    points: self
                        .years
                        .iter()
                        .map(|y| point(totals.get(y).and_then(|(p, _)| p.total)))
                        .collect(),
                }];
                let mut ranked: Vec<&UnitSangong> = units.iter().collect();
                let size = |u: &UnitSangong| {
                    u.years
                        .values()
                        .filter_map(|p| p.total)
                        .map(FenSum::unsigned_abs)
                        .max()
                        .unwrap_or(0)
                };
                ranked.sort_by(|a, b| size(b).cmp(&size(a)).then(a.code.cmp(&b.code)));
                series.extend(ranked.into_iter().take(top.saturating_sub(1)).map(|u| {
                    Series {
                        name: format!("{} {}", u.code, u.name),
                        points: self
                            .years
                            .iter()
                            .map(|y| point(u.years.get(y).and_then(|p| p.total)))
                            .collect(),
                    }
                }));
                ("财政拨款“三公”经费合计（各单位）".to_string(), series)
            }
        };
        Chart {
            title,
            unit: money.label().to_string(),
            x,
            series,
        }
    }
}

/// An amount cell of the query, widened for adding up.
fn fen(value: &Value) -> Option<FenSum> {
    int(value).map(FenSum::from)
}

fn row(code: &str, name: &str, year: i32, parts: &Parts, previous: Option<&Parts>) -> Vec<Field> {
    let money = |v: Option<FenSum>| v.map_or(Field::Null, Field::Money);
    let (change, pct) = match (parts.total, previous.and_then(|p| p.total)) {
        (Some(now), Some(before)) => {
            let change = now - before;
            (
                Field::Money(change),
                percent(change, before).map_or(Field::Null, Field::Percent),
            )
        }
        _ => (Field::Null, Field::Null),
    };
    let mut row = vec![
        Field::Text(code.to_string()),
        Field::Text(name.to_string()),
        Field::Int(i64::from(year)),
        money(parts.total),
        change,
        pct,
    ];
    row.extend(parts.breakdown().map(money));
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Value;
    use rust_decimal::Decimal;

    fn data(rows: &[(&str, i64, Option<[i64; 6]>)]) -> Tabular {
        let mut headers = vec!["unit_code", "unit_name", "year", "has_table"];
        headers.extend([
            "total_fen",
            "overseas_fen",
            "vehicle_fen",
            "vehicle_purchase_fen",
            "vehicle_operation_fen",
            "reception_fen",
        ]);
        Tabular {
            headers: headers.into_iter().map(String::from).collect(),
            rows: rows
                .iter()
                .map(|(unit, year, parts)| {
                    let mut row = vec![
                        Value::Text(unit.to_string()),
                        Value::Text(format!("单位{unit}")),
                        Value::Int(*year),
                        Value::Int(i64::from(parts.is_some())),
                    ];
                    row.extend((0..6).map(|i| parts.map_or(Value::Null, |p| Value::Int(p[i]))));
                    row
                })
                .collect(),
        }
    }

    #[test]
    fn changes_and_totals_across_units() {
        let sangong = build(&data(&[
            ("A", 2022, Some([100, 0, 80, 0, 80, 20])),
            ("A", 2023, Some([150, 10, 120, 40, 80, 20])),
            ("B", 2022, Some([0, 0, 0, 0, 0, 0])),
            ("B", 2023, Some([30, 0, 30, 0, 30, 0])),
        ]))
        .unwrap();
        let report = sangong.report();
        let rows = &report.sections[0].rows;
        assert_eq!(rows.len(), 6);
        assert_eq!(
            rows[1][3..6],
            [
                Field::Money(150),
                Field::Money(50),
                Field::Percent(Decimal::new(5000, 2))
            ]
        );
        assert_eq!(
            rows[3][4..6],
            [Field::Money(30), Field::Null],
            "% from zero"
        );
        assert_eq!(rows[4][0], Field::Text("合计".into()));
        assert_eq!(
            rows[5][3..7],
            [
                Field::Money(180),
                Field::Money(80),
                Field::Percent(Decimal::new(8000, 2)),
                Field::Money(10)
            ]
        );
        let chart = sangong.chart(8, AmountUnit::Wanyuan);
        assert_eq!(chart.series.len(), 3);
        assert_eq!(chart.series[1].name, "A 单位A");
    }

    #[test]
    fn a_year_without_the_table_is_blank_not_zero() {
        let sangong = build(&data(&[
            ("A", 2022, None),
            ("A", 2023, Some([5, 0, 5, 0, 5, 0])),
        ]))
        .unwrap();
        let rows = &sangong.report().sections[0].rows;
        assert_eq!(rows[0][3], Field::Null);
        assert_eq!(
            rows[1][4],
            Field::Null,
            "no change from a year without figures"
        );
        assert_eq!(sangong.notes().len(), 1);
        assert_eq!(sangong.chart(8, AmountUnit::Wanyuan).series.len(), 5);
    }
}

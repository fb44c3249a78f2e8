//! `yusuan assets`: what each unit holds per year (单位固定资产占用情况表):
//! 房屋 and 办公用房 (area, value), 车辆 (count, value), 设备, 其他, 资产总额,
//! and the change of the total from the year before; a total row per year
//! across units.
//!
//! Input: the rows of queries/assets.sql (one per unit and year).

use super::{change, columns, int, money, quantity, text, ReportError};
use crate::amount::FenSum;
use crate::render::{Field, Report, Section, Tabular};
use std::collections::{BTreeMap, BTreeSet};

/// One unit-year's figures: quantities × 1000, values in 分.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holding {
    pub has_table: bool,
    pub as_of: String,
    /// (quantity × 1000, value in 分) of 房屋, 办公用房, 车辆, 设备, 其他;
    /// both are sums across units in the totals, so wider than a cell.
    pub parts: [(Option<i128>, Option<FenSum>); 5],
    /// 资产总额
    pub total: Option<FenSum>,
}

const PARTS: [(&str, &str); 5] = [
    ("building_area", "building_value"),
    ("office_area", "office_value"),
    ("vehicles", "vehicle_value"),
    ("equipment", "equipment_value"),
    ("other", "other_value"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assets {
    /// (code, latest name, year → holding), by code.
    pub units: Vec<(String, String, BTreeMap<i32, Holding>)>,
}

pub fn build(data: &Tabular) -> Result<Assets, ReportError> {
    let [code, name, year, has_table, as_of] = columns(
        data,
        ["unit_code", "unit_name", "year", "has_table", "as_of"],
    )?;
    let parts = columns(
        data,
        [
            "building_area_milli",
            "building_fen",
            "office_area_milli",
            "office_fen",
            "vehicles_milli",
            "vehicle_fen",
            "equipment_milli",
            "equipment_fen",
            "other_milli",
            "other_fen",
        ],
    )?;
    let [total] = columns(data, ["total_fen"])?;
    let mut units: BTreeMap<String, (String, BTreeMap<i32, Holding>)> = BTreeMap::new();
    for row in &data.rows {
        let Some(y) = int(&row[year]).and_then(|y| i32::try_from(y).ok()) else {
            continue;
        };
        let unit = units.entry(text(&row[code])).or_default();
        if unit.1.keys().next_back().is_none_or(|last| y >= *last) {
            unit.0 = text(&row[name]);
        }
        let mut holding = Holding {
            has_table: int(&row[has_table]).unwrap_or(0) != 0,
            as_of: text(&row[as_of]),
            total: fen(&row[total]),
            ..Holding::default()
        };
        for (i, slot) in holding.parts.iter_mut().enumerate() {
            *slot = (
                int(&row[parts[2 * i]]).map(i128::from),
                fen(&row[parts[2 * i + 1]]),
            );
        }
        unit.1.insert(y, holding);
    }
    Ok(Assets {
        units: units
            .into_iter()
            .map(|(code, (name, years))| (code, name, years))
            .collect(),
    })
}

impl Assets {
    pub fn report(&self) -> Report {
        let mut headers: Vec<String> = ["unit_code", "unit_name", "year", "as_of"]
            .map(String::from)
            .to_vec();
        for (count, value) in PARTS {
            headers.push(count.into());
            headers.push(value.into());
        }
        headers.extend(["total", "change", "pct"].map(String::from));
        let mut rows = Vec::new();
        let mut totals: BTreeMap<i32, (Holding, usize)> = BTreeMap::new();
        for (code, name, years) in &self.units {
            for (year, holding) in years {
                let before = years.get(&(year - 1)).and_then(|h| h.total);
                rows.push(row(code, name, *year, holding, before));
                if holding.has_table {
                    let (sum, n) = totals.entry(*year).or_default();
                    add(sum, holding);
                    *n += 1;
                }
            }
        }
        if self.units.len() > 1 {
            for (year, (sum, n)) in &totals {
                let before = totals.get(&(year - 1)).and_then(|(h, _)| h.total);
                let label = format!("{n} 个单位 ({n} units)");
                rows.push(row("合计", &label, *year, sum, before));
            }
        }
        Report {
            caption: Some(
                "单位固定资产占用情况 (fixed assets, at the end of the year before)；面积：平方米"
                    .into(),
            ),
            key_headers: Vec::new(),
            headers,
            sections: vec![Section {
                title: String::new(),
                keys: Vec::new(),
                rows,
            }],
            detail: vec![
                vec!["as_of".to_string()],
                vec!["other".to_string(), "other_value".to_string()],
                vec!["office_area".to_string(), "office_value".to_string()],
                vec!["equipment".to_string(), "equipment_value".to_string()],
                vec!["change".to_string()],
                vec!["unit_code".to_string()],
                vec!["vehicles".to_string(), "vehicle_value".to_string()],
                vec!["building_area".to_string(), "building_value".to_string()],
            ],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    pub fn notes(&self) -> Vec<String> {
        let years: BTreeSet<String> = self
            .units
            .iter()
            .flat_map(|(code, _, years)| {
                years
                    .iter()
                    .filter(|(_, h)| !h.has_table)
                    .map(move |(y, _)| format!("{code} {y}"))
            })
            .collect();
        if years.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "没有固定资产占用情况表 (no fixed-asset table): {}",
                years.into_iter().collect::<Vec<_>>().join(", ")
            )]
        }
    }
}

/// An amount cell of the query, widened for adding up.
fn fen(value: &crate::render::Value) -> Option<FenSum> {
    int(value).map(FenSum::from)
}

fn add(sum: &mut Holding, holding: &Holding) {
    // Quantities and values alike are stored cells (i64) added in i128:
    // exact for any number of units.
    let plus = |a: &mut Option<i128>, b: Option<i128>| {
        if let Some(b) = b {
            *a = Some(a.unwrap_or(0) + b);
        }
    };
    sum.has_table = true;
    for (slot, part) in sum.parts.iter_mut().zip(&holding.parts) {
        plus(&mut slot.0, part.0);
        plus(&mut slot.1, part.1);
    }
    plus(&mut sum.total, holding.total);
}

fn row(code: &str, name: &str, year: i32, h: &Holding, before: Option<FenSum>) -> Vec<Field> {
    let mut row = vec![
        Field::Text(code.to_string()),
        Field::Text(name.to_string()),
        Field::Int(i64::from(year)),
        Field::Text(h.as_of.clone()),
    ];
    for (count, value) in h.parts {
        row.push(quantity(count));
        row.push(money(value));
    }
    row.push(money(h.total));
    row.extend(change(h.total, before));
    row
}

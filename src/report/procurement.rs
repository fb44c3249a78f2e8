//! `yusuan procurement`: what units buy (政府采购预算): per unit and year,
//! by 政府采购目录序号, by item, or by project.
//!
//! Input: the rows of queries/procurement.sql (one per purchase, and one
//! per unit-year without any).

use super::{change, columns, int, money, quantity, text, ReportError};
use crate::amount::{sum_fen, FenSum};
use crate::render::{Field, Report, Section, Tabular};
use std::collections::{BTreeMap, BTreeSet};

/// How purchases are added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// Per unit and year, with the change from the year before.
    Unit,
    /// Per 政府采购目录序号 and year, across the selected units.
    Catalogue,
    /// Per item name (采购物品名称) and year, across the selected units.
    Item,
    /// Per unit, year and project.
    Project,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purchase {
    pub project: String,
    pub budget: Option<i64>,
    pub item: String,
    pub catalogue_code: String,
    pub measure_unit: String,
    pub quantity_milli: Option<i64>,
    pub total: Option<i64>,
    pub sme_reserved: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitYear {
    pub has_table: bool,
    pub purchases: Vec<Purchase>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Procurement {
    /// (code, latest name, year → purchases), by code.
    pub units: Vec<(String, String, BTreeMap<i32, UnitYear>)>,
}

pub fn build(data: &Tabular) -> Result<Procurement, ReportError> {
    let [code, name, year, has_table, project, budget, item, catalogue, measure, quantity, total, sme] =
        columns(
            data,
            [
                "unit_code",
                "unit_name",
                "year",
                "has_table",
                "project",
                "budget_fen",
                "item",
                "catalogue_code",
                "measure_unit",
                "quantity_milli",
                "total_fen",
                "sme_reserved_fen",
            ],
        )?;
    let mut units: BTreeMap<String, (String, BTreeMap<i32, UnitYear>)> = BTreeMap::new();
    for row in &data.rows {
        let Some(y) = int(&row[year]).and_then(|y| i32::try_from(y).ok()) else {
            continue;
        };
        let unit = units.entry(text(&row[code])).or_default();
        if unit.1.keys().next_back().is_none_or(|last| y >= *last) {
            unit.0 = text(&row[name]);
        }
        let unit_year = unit.1.entry(y).or_default();
        unit_year.has_table = int(&row[has_table]).unwrap_or(0) != 0;
        if matches!(row[item], crate::render::Value::Null) {
            continue;
        }
        unit_year.purchases.push(Purchase {
            project: text(&row[project]),
            budget: int(&row[budget]),
            item: text(&row[item]),
            catalogue_code: text(&row[catalogue]),
            measure_unit: text(&row[measure]),
            quantity_milli: int(&row[quantity]),
            total: int(&row[total]),
            sme_reserved: int(&row[sme]),
        });
    }
    Ok(Procurement {
        units: units
            .into_iter()
            .map(|(code, (name, years))| (code, name, years))
            .collect(),
    })
}

fn sum(values: impl Iterator<Item = Option<i64>>) -> FenSum {
    sum_fen(values.flatten())
}

/// Purchases added up under one key: how many, how much, in what measure.
#[derive(Default)]
struct Group {
    names: BTreeSet<String>,
    measures: BTreeSet<String>,
    count: i64,
    /// A sum of stored quantities: i128, exact for any number of them.
    quantity_milli: Option<i128>,
    total: FenSum,
    sme_reserved: FenSum,
}

impl Group {
    fn add(&mut self, name: &str, p: &Purchase) {
        if !name.is_empty() {
            self.names.insert(name.to_string());
        }
        self.measures.insert(p.measure_unit.clone());
        self.count += 1;
        if let Some(q) = p.quantity_milli {
            self.quantity_milli = Some(self.quantity_milli.unwrap_or(0) + i128::from(q));
        }
        self.total += FenSum::from(p.total.unwrap_or(0));
        self.sme_reserved += FenSum::from(p.sme_reserved.unwrap_or(0));
    }

    /// The quantity only adds up in one measure (台 + 批 is no number).
    fn quantity(&self) -> Field {
        if self.measures.len() == 1 {
            quantity(self.quantity_milli)
        } else {
            Field::Null
        }
    }
}

impl Procurement {
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    pub fn report(&self, by: By) -> Report {
        let (headers, rows): (Vec<&str>, Vec<Vec<Field>>) = match by {
            By::Unit => (
                vec![
                    "unit_code",
                    "unit_name",
                    "year",
                    "purchases",
                    "total",
                    "sme_reserved",
                    "change",
                    "pct",
                ],
                self.by_unit(),
            ),
            By::Catalogue => (
                vec![
                    "catalogue_code",
                    "items",
                    "year",
                    "purchases",
                    "quantity",
                    "measure_unit",
                    "total",
                ],
                self.by_key(|p| (p.catalogue_code.clone(), p.item.clone())),
            ),
            By::Item => (
                vec![
                    "item",
                    "catalogue_codes",
                    "year",
                    "purchases",
                    "quantity",
                    "measure_unit",
                    "total",
                ],
                self.by_key(|p| (p.item.clone(), p.catalogue_code.clone())),
            ),
            By::Project => (
                vec![
                    "unit_code",
                    "unit_name",
                    "year",
                    "project",
                    "budget",
                    "purchases",
                    "total",
                ],
                self.by_project(),
            ),
        };
        Report {
            caption: Some("政府采购预算 (government procurement)".into()),
            key_headers: Vec::new(),
            headers: headers.into_iter().map(String::from).collect(),
            sections: vec![Section {
                title: String::new(),
                keys: Vec::new(),
                rows,
            }],
            detail: vec![
                vec!["sme_reserved".to_string()],
                vec!["catalogue_codes".to_string()],
                vec!["change".to_string()],
                vec!["unit_code".to_string()],
                vec!["catalogue_code".to_string()],
            ],
        }
    }

    fn by_unit(&self) -> Vec<Vec<Field>> {
        let mut rows = Vec::new();
        let mut totals: BTreeMap<i32, (usize, i64, FenSum, FenSum)> = BTreeMap::new();
        let total_of = |y: &UnitYear| {
            y.has_table
                .then(|| sum(y.purchases.iter().map(|p| p.total)))
        };
        for (code, name, years) in &self.units {
            for (year, unit_year) in years {
                let total = total_of(unit_year);
                let before = years.get(&(year - 1)).and_then(total_of);
                let sme = sum(unit_year.purchases.iter().map(|p| p.sme_reserved));
                let count = unit_year.purchases.len() as i64;
                let mut row = vec![
                    Field::Text(code.clone()),
                    Field::Text(name.clone()),
                    Field::Int(i64::from(*year)),
                    Field::Int(count),
                    money(total),
                    money(unit_year.has_table.then_some(sme)),
                ];
                row.extend(change(total, before));
                rows.push(row);
                if let Some(total) = total {
                    let t = totals.entry(*year).or_default();
                    *t = (t.0 + 1, t.1 + count, t.2 + total, t.3 + sme);
                }
            }
        }
        if self.units.len() > 1 {
            for (year, (n, count, total, sme)) in &totals {
                let before = totals.get(&(year - 1)).map(|t| t.2);
                let mut row = vec![
                    Field::Text("合计".into()),
                    Field::Text(format!("{n} 个单位 ({n} units)")),
                    Field::Int(i64::from(*year)),
                    Field::Int(*count),
                    Field::Money(*total),
                    Field::Money(*sme),
                ];
                row.extend(change(Some(*total), before));
                rows.push(row);
            }
        }
        rows
    }

    /// Groups by `key(purchase) = (key, name)` and year, across units.
    fn by_key(&self, key: impl Fn(&Purchase) -> (String, String)) -> Vec<Vec<Field>> {
        let mut groups: BTreeMap<(String, i32), Group> = BTreeMap::new();
        for (_, _, years) in &self.units {
            for (year, unit_year) in years {
                for p in &unit_year.purchases {
                    let (k, name) = key(p);
                    groups.entry((k, *year)).or_default().add(&name, p);
                }
            }
        }
        groups
            .into_iter()
            .map(|((k, year), g)| {
                vec![
                    Field::Text(k),
                    Field::Text(g.names.iter().cloned().collect::<Vec<_>>().join("; ")),
                    Field::Int(i64::from(year)),
                    Field::Int(g.count),
                    g.quantity(),
                    Field::Text(
                        g.measures
                            .iter()
                            .filter(|m| !m.is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    Field::Money(g.total),
                ]
            })
            .collect()
    }

    fn by_project(&self) -> Vec<Vec<Field>> {
        let mut rows = Vec::new();
        for (code, name, years) in &self.units {
            for (year, unit_year) in years {
                // Projects in the order the table lists them.
                let mut order: Vec<&str> = Vec::new();
                let mut groups: BTreeMap<&str, (Option<i64>, Group)> = BTreeMap::new();
                for p in &unit_year.purchases {
                    if !groups.contains_key(p.project.as_str()) {
                        order.push(&p.project);
                    }
                    let entry = groups.entry(&p.project).or_default();
                    // 预算资金 is the project's, repeated on each of its rows.
                    entry.0 = entry.0.max(p.budget);
                    entry.1.add("", p);
                }
                for project in order {
                    let Some((budget, g)) = groups.get(project) else {
                        continue;
                    };
                    rows.push(vec![
                        Field::Text(code.clone()),
                        Field::Text(name.clone()),
                        Field::Int(i64::from(*year)),
                        Field::Text(project.to_string()),
                        money(*budget),
                        Field::Int(g.count),
                        Field::Money(g.total),
                    ]);
                }
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_add_up_exactly_past_a_stored_value() {
        let purchase = Purchase {
            project: "p".into(),
            budget: None,
            item: "台式计算机".into(),
            catalogue_code: "A02010104".into(),
            measure_unit: "台".into(),
            quantity_milli: Some(i64::MAX),
            total: Some(i64::MAX),
            sme_reserved: None,
        };
        let mut group = Group::default();
        group.add("台式计算机", &purchase);
        group.add("台式计算机", &purchase);
        let twice = 2 * i128::from(i64::MAX);
        assert_eq!(group.quantity_milli, Some(twice));
        assert_eq!(group.total, twice);
        assert_eq!(
            group.quantity(),
            Field::Number(rust_decimal::Decimal::from_i128_with_scale(twice, 3).normalize())
        );
    }
}

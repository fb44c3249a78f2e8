//! `yusuan yoy`: each line's amount per year side by side, the change and
//! % change between consecutive years and from the first year to the last,
//! a total row, and which lines are new, dropped or renamed.
//!
//! Input: the rows of queries/yoy.sql (one per unit and year, its published
//! lines packed as JSON arrays), counted by `build`. Lines are matched
//! across years by code (by side and item for the 收支总表); the name shown
//! is the latest one published.

mod build;
mod stream;

/// Which table's lines are compared: the packed tables of yoy_packs.
pub use crate::yoy_packs::By;
pub use build::build;
use build::{Builder, PackArrays, COLUMNS};
pub use stream::stream;

use super::{percent, ChoiceError, ReportError};
use crate::amount::{AmountUnit, FenSum};
use crate::chart::{Chart, Point, Series};
use crate::render::{money_exact, Field, Report, Section};
use std::collections::BTreeSet;

impl By {
    fn table(self) -> &'static str {
        match self {
            By::Function => "支出总表 · 功能分类",
            By::Economic => "基本支出表 · 经济分类",
            By::Summary => "收支总表",
        }
    }
}

pub(crate) fn level_name(level: u8) -> &'static str {
    match level {
        1 => "类",
        2 => "款",
        _ => "项",
    }
}

/// What to compare, with the defaults filled in and checked against each
/// other: 人员经费 and 公用经费 are columns of the 基本支出表 only, so they
/// choose `--by economic` when `--by` is not given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub by: By,
    /// Column key; 合计 for the summary, whose one column is 预算数.
    pub column: String,
    /// 1 类, 2 款, 3 项; `None` for the summary.
    pub level: Option<u8>,
}

pub fn choose(
    by: Option<By>,
    column: Option<&str>,
    level: Option<u8>,
) -> Result<Choice, ChoiceError> {
    let column = column.map(str::trim).unwrap_or("合计").to_string();
    let by = by.unwrap_or(
        if By::Economic.column_keys()[1..].contains(&column.as_str()) {
            By::Economic
        } else {
            By::Function
        },
    );
    if !by.column_keys().contains(&column.as_str()) {
        let home = [By::Function, By::Economic]
            .into_iter()
            .find(|b| b.column_keys().contains(&column.as_str()));
        return Err(match home {
            Some(home) => ChoiceError::ColumnElsewhere {
                by: by.key(),
                column,
                home: home.key(),
                home_table: home.table(),
            },
            None => ChoiceError::NoSuchColumn {
                by: by.key(),
                column,
                columns: by.column_keys(),
            },
        });
    }
    let level = match (by, level) {
        (By::Summary, Some(_)) => return Err(ChoiceError::SummaryLevel),
        (By::Summary, None) => None,
        (_, None) => Some(1),
        (_, Some(level)) if by.levels().contains(&level) => Some(level),
        (_, Some(level)) => {
            return Err(ChoiceError::NoSuchLevel {
                by: by.key(),
                level,
                levels: by.levels(),
            })
        }
    };
    Ok(Choice { by, column, level })
}

impl Choice {
    /// The parameters of queries/yoy.sql.
    pub fn params(&self) -> [(&'static str, String); 3] {
        [
            ("by", self.by.key().to_string()),
            ("column", self.column.clone()),
            ("level", self.level.unwrap_or(1).to_string()),
        ]
    }

    pub fn caption(&self) -> String {
        let what = match self.level {
            Some(level) => format!("{} {}", self.by.table(), level_name(level)),
            None => self.by.table().to_string(),
        };
        let column = if self.by == By::Summary {
            "预算数"
        } else {
            &self.column
        };
        format!("同比 (year on year)：{what} · {column}")
    }
}

/// The years side by side, for one unit or for the sum of several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Yoy {
    pub by: By,
    /// Every year any selected unit has figures for, ascending.
    pub years: Vec<i32>,
    pub sections: Vec<YoySection>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YoySection {
    /// Unit code and latest name; `None` when units are summed.
    pub unit: Option<(String, String)>,
    /// A sum that covers one unit: its code and latest name.
    pub only_unit: Option<(String, String)>,
    /// Per year: how many units have figures (0: none, no comparison).
    pub units_per_year: Vec<usize>,
    pub lines: Vec<YoyLine>,
    /// Per year: the table's published 合计, summed over units (a unit
    /// whose table has no 合计 row adds the sum of its lines). `None` for
    /// the summary, whose 合计 lines are lines of their own.
    pub total: Option<Vec<Option<FenSum>>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YoyLine {
    /// The code, or 收入 / 支出 for the summary.
    pub label: String,
    /// The latest name published.
    pub name: String,
    /// Per year: the amount in 分; `None` if the line is not published or
    /// its cell is blank.
    pub amounts: Vec<Option<FenSum>>,
    /// Per year: the line is published.
    pub present: Vec<bool>,
    /// Earlier names: (name, first year, last year).
    pub former_names: Vec<(String, i32, i32)>,
}

impl YoySection {
    fn covered(&self, i: usize) -> bool {
        self.units_per_year.get(i).is_some_and(|n| *n > 0)
    }

    pub fn title(&self) -> String {
        match &self.unit {
            Some((code, name)) => format!("{code} {name}"),
            None if self.only_unit.is_some() => {
                let (code, name) = self.only_unit.clone().unwrap_or_default();
                format!("{code} {name}（仅此一个单位 the only unit summed）")
            }
            None => {
                let most = self.units_per_year.iter().max().copied().unwrap_or(0);
                format!("{most} 个单位合计 (sum of {most} units)")
            }
        }
    }

    /// New and dropped, from one covered year to the next.
    fn status(&self, line: &YoyLine, years: &[i32]) -> String {
        let mut events = Vec::new();
        let mut previous: Option<bool> = None;
        for (i, year) in years.iter().enumerate() {
            if !self.covered(i) {
                continue;
            }
            let now = line.present[i];
            match (previous, now) {
                (Some(false), true) => events.push(format!("新增 new {year}")),
                (Some(true), false) => events.push(format!("取消 dropped {year}")),
                _ => {}
            }
            previous = Some(now);
        }
        events.join("; ")
    }

    /// Change and % from year index `from` to `to`: blank unless the
    /// section has figures in both years; a line not published counts 0.
    fn change(&self, amounts: &[Option<FenSum>], from: usize, to: usize) -> [Field; 2] {
        if !(self.covered(from) && self.covered(to)) {
            return [Field::Null, Field::Null];
        }
        let base = amounts[from].unwrap_or(0);
        let change = amounts[to].unwrap_or(0) - base;
        [
            Field::Money(change),
            percent(change, base).map_or(Field::Null, Field::Percent),
        ]
    }

    /// The section's table: a row per line, then the 合计 row.
    fn into_rows(mut self, years: &[i32], pairs: &[(usize, usize)]) -> Section {
        let lines = std::mem::take(&mut self.lines);
        let mut rows: Vec<Vec<Field>> = Vec::with_capacity(lines.len() + 1);
        for line in lines {
            let former = line
                .former_names
                .iter()
                .map(|(n, a, b)| {
                    if a == b {
                        format!("{n} ({a})")
                    } else {
                        format!("{n} ({a}–{b})")
                    }
                })
                .collect::<Vec<_>>()
                .join("; ");
            let status = self.status(&line, years);
            rows.push(self.row(pairs, line.label, line.name, &line.amounts, status, former));
        }
        if let Some(total) = &self.total {
            let (label, name) = (String::new(), "合计".to_string());
            rows.push(self.row(pairs, label, name, total, String::new(), String::new()));
        }
        let title = self.title();
        Section {
            title,
            keys: match self.unit {
                Some((code, name)) => vec![Field::Text(code), Field::Text(name)],
                None => Vec::new(),
            },
            rows,
        }
    }

    fn row(
        &self,
        pairs: &[(usize, usize)],
        label: String,
        name: String,
        amounts: &[Option<FenSum>],
        status: String,
        former: String,
    ) -> Vec<Field> {
        let mut row = Vec::with_capacity(4 + amounts.len() + 2 * pairs.len());
        row.push(Field::Text(label));
        row.push(Field::Text(name));
        row.extend(amounts.iter().map(|a| a.map_or(Field::Null, Field::Money)));
        for &(a, b) in pairs {
            row.extend(self.change(amounts, a, b));
        }
        row.push(Field::Text(status));
        row.push(Field::Text(former));
        row
    }
}

impl Yoy {
    /// Year index pairs compared: consecutive years, then first → last when
    /// that is not already one of them.
    fn pairs(&self) -> Vec<(usize, usize)> {
        let n = self.years.len();
        let mut pairs: Vec<(usize, usize)> = (1..n).map(|i| (i - 1, i)).collect();
        if n >= 3 {
            pairs.push((0, n - 1));
        }
        pairs
    }

    /// The report, consuming the model: each unit's part is freed on the
    /// core that turned it into rows (2,000 units' lines freed afterwards
    /// on one core took a twentieth of a whole-corpus `yoy`).
    pub fn into_report(self, caption: String) -> Report {
        let summed = self.sections.iter().all(|s| s.unit.is_none());
        let pairs = self.pairs();
        let mut headers = vec![
            if self.by == By::Summary {
                "side"
            } else {
                "code"
            }
            .to_string(),
            "name".to_string(),
        ];
        headers.extend(self.years.iter().map(|y| y.to_string()));
        for &(a, b) in &pairs {
            let (a, b) = (self.years[a], self.years[b]);
            headers.push(format!("change_{a}_{b}"));
            headers.push(format!("pct_{a}_{b}"));
        }
        headers.push("status".into());
        headers.push("former_names".into());
        // A narrow terminal leaves out the oldest year-on-year changes first,
        // then former names; the latest change and first → last stay longest.
        let mut detail: Vec<Vec<String>> = headers
            .iter()
            .filter(|h| h.starts_with("change_"))
            .map(|change| vec![change.clone(), change.replacen("change_", "pct_", 1)])
            .collect();
        let first_to_last = (pairs.len() >= 3).then(|| detail.pop()).flatten();
        let latest = detail.pop();
        detail.push(vec!["former_names".into()]);
        detail.extend(latest);
        detail.extend(first_to_last);
        let years = &self.years;
        let sections =
            crate::parallel::map_in_order(self.sections, build::UNITS_PER_THREAD, |section| {
                section.into_rows(years, &pairs)
            });
        Report {
            caption: Some(caption),
            key_headers: if summed {
                Vec::new()
            } else {
                vec!["unit_code".into(), "unit_name".into()]
            },
            headers,
            sections,
            detail,
        }
    }

    /// Warnings for the reader: years a unit has no figures for, and sums
    /// over a different number of units from year to year.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for section in &self.sections {
            let missing: Vec<String> = self
                .years
                .iter()
                .zip(&section.units_per_year)
                .filter(|(_, n)| **n == 0)
                .map(|(y, _)| y.to_string())
                .collect();
            if let (Some((code, _)), false) = (&section.unit, missing.is_empty()) {
                notes.push(format!(
                    "{code} 没有 {} 年的数据，这些年份不作比较 (no figures for {}: not compared)",
                    missing.join("、"),
                    missing.join(", ")
                ));
            }
            let counts: BTreeSet<usize> = section
                .units_per_year
                .iter()
                .copied()
                .filter(|n| *n > 0)
                .collect();
            if section.unit.is_none() && counts.len() > 1 {
                let per_year = self
                    .years
                    .iter()
                    .zip(&section.units_per_year)
                    .map(|(y, n)| format!("{y}: {n}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                notes.push(format!(
                    "各年的单位数不同，合计不完全可比 (units summed differ by year: {per_year})"
                ));
            }
        }
        notes
    }

    /// The `top` lines with the largest amounts as a trend chart. Needs a
    /// single section: one unit, or `--sum`.
    pub fn chart(
        &self,
        top: usize,
        money: AmountUnit,
        caption: &str,
    ) -> Result<Chart, ReportError> {
        let [section] = self.sections.as_slice() else {
            return Err(ReportError::ChartOfMany {
                sections: self.sections.len(),
            });
        };
        let mut lines: Vec<&YoyLine> = section.lines.iter().collect();
        let size = |l: &YoyLine| {
            l.amounts
                .iter()
                .map(|a| a.unwrap_or(0).unsigned_abs())
                .max()
                .unwrap_or(0)
        };
        lines.sort_by_key(|l| std::cmp::Reverse(size(l)));
        let per_unit = money.fen_per_unit() as f64;
        let series = lines
            .into_iter()
            .take(top)
            .map(|line| Series {
                name: format!("{} {}", line.label, line.name).trim().to_string(),
                points: line
                    .amounts
                    .iter()
                    .zip(&line.present)
                    .map(|(amount, present)| {
                        present.then(|| {
                            let fen = amount.unwrap_or(0);
                            Point {
                                value: fen as f64 / per_unit,
                                label: money_exact(fen, money),
                            }
                        })
                    })
                    .collect(),
            })
            .collect();
        Ok(Chart {
            title: format!("{} — {caption}", section.title()),
            unit: money.label().to_string(),
            x: self.years.iter().map(|y| y.to_string()).collect(),
            series,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Tabular, Value};
    use std::collections::BTreeMap;

    /// The choice as a person sees a refusal: these tests hold the wording.
    fn choose(by: Option<By>, column: Option<&str>, level: Option<u8>) -> Result<Choice, String> {
        super::choose(by, column, level).map_err(|e| e.to_string())
    }

    /// queries/yoy.sql's rows for (unit, year, code, name, fen) lines, in
    /// order; an empty code is the table's 合计 row.
    fn rows(lines: &[(&str, i64, &str, &str, Option<i64>)]) -> Tabular {
        type Arrays<'a> = (Vec<Option<&'a str>>, Vec<&'a str>, Vec<Option<i64>>);
        let mut packs: BTreeMap<(&str, i64), Arrays> = BTreeMap::new();
        for (unit, year, code, name, fen) in lines {
            let pack = packs.entry((unit, *year)).or_default();
            pack.0.push((!code.is_empty()).then_some(*code));
            pack.1.push(name);
            pack.2.push(*fen);
        }
        fn json<T: serde::Serialize>(value: &T) -> Value {
            Value::Text(serde_json::to_string(value).unwrap())
        }
        Tabular {
            headers: COLUMNS.map(String::from).to_vec(),
            rows: packs
                .into_iter()
                .map(|((unit, year), (codes, names, fens))| {
                    let items: Vec<Option<&str>> = codes
                        .iter()
                        .map(|c| c.is_none().then_some("合计"))
                        .collect();
                    vec![
                        Value::Text(unit.to_string()),
                        Value::Text(format!("单位{unit}")),
                        Value::Int(year),
                        json(&(1..=names.len()).collect::<Vec<_>>()),
                        Value::Null,
                        json(&codes),
                        json(&names),
                        json(&items),
                        json(&fens),
                    ]
                })
                .collect(),
        }
    }

    #[test]
    fn a_damaged_pack_is_an_error_naming_the_unit_and_year() {
        let add = |arrays: PackArrays| {
            Builder::new(By::Function, false)
                .add("402001", "x", 2021, arrays)
                .unwrap_err()
                .to_string()
        };
        let e = add(PackArrays {
            codes: Some(br#"["201","205"]"#),
            names: Some(br#"["a"]"#),
            ..PackArrays::default()
        });
        assert!(
            e.contains("402001") && e.contains("2021") && e.contains("1 names for 2 lines"),
            "{e}"
        );
        let e = add(PackArrays {
            codes: Some(br#"["201"]"#),
            fens: Some(b"[1,2]"),
            ..PackArrays::default()
        });
        assert!(e.contains("2 amounts for 1 lines"), "{e}");
        let e = add(PackArrays {
            codes: Some(b"[\"201\""),
            ..PackArrays::default()
        });
        assert!(e.contains("EOF"), "{e}");
    }

    /// A report over every unit is counted in parts, a range of units
    /// each: finished together they make the report one builder makes,
    /// with a column for every year of any part.
    #[test]
    fn units_counted_in_parts_make_the_same_report() {
        let data = rows(&[
            ("1", 2021, "201", "a", Some(100)),
            ("1", 2022, "201", "a", Some(110)),
            ("1", 2022, "", "合计", Some(110)),
            ("2", 2022, "205", "b", Some(5)),
            ("2", 2023, "205", "b2", Some(7)),
            ("3", 2020, "201", "c", None),
        ]);
        let part = |units: &[&str]| Tabular {
            headers: data.headers.clone(),
            rows: data
                .rows
                .iter()
                .filter(|r| units.iter().any(|u| r[0] == Value::Text(u.to_string())))
                .cloned()
                .collect(),
        };
        let whole = build(&data, By::Function, false).unwrap();
        assert_eq!(whole.years, [2020, 2021, 2022, 2023]);
        let first = build::builder(&part(&["1"]), By::Function, false).unwrap();
        let rest = [part(&["2"]), part(&["3"])]
            .iter()
            .map(|p| build::builder(p, By::Function, false).unwrap())
            .collect();
        assert_eq!(first.finish_with(rest), whole);
    }

    #[test]
    fn names_with_json_escapes_are_read() {
        let data = rows(&[
            ("1", 2021, "201", "\"一般\"\\公共", Some(100)),
            ("1", 2022, "201", "\"一般\"\\公共", Some(100)),
        ]);
        let yoy = build(&data, By::Function, false).unwrap();
        assert_eq!(yoy.sections[0].lines[0].name, "\"一般\"\\公共");
    }

    #[test]
    fn choices_follow_the_column() {
        assert_eq!(
            choose(None, Some("人员经费"), None).unwrap().by,
            By::Economic
        );
        assert_eq!(choose(None, None, Some(3)).unwrap().level, Some(3));
        assert!(choose(Some(By::Function), Some("人员经费"), None)
            .unwrap_err()
            .contains("--by economic"));
        assert!(choose(Some(By::Economic), None, Some(3)).is_err());
        assert!(choose(Some(By::Summary), None, Some(1)).is_err());
        assert!(choose(Some(By::Economic), Some("项目支出"), None)
            .unwrap_err()
            .contains("--by function"));
    }

    #[test]
    fn new_dropped_renamed_and_percent_from_zero() {
        let data = rows(&[
            ("1", 2021, "201", "一般公共服务", Some(100)),
            ("1", 2022, "201", "一般公共服务支出", Some(150)),
            ("1", 2021, "205", "教育", Some(40)),
            ("1", 2022, "208", "社保", Some(7)),
            ("1", 2022, "210", "卫生", None),
            // The published 合计 stands, even where it is not the sum of the lines.
            ("1", 2021, "", "合计", Some(141)),
        ]);
        let yoy = build(&data, By::Function, false).unwrap();
        assert_eq!(yoy.years, vec![2021, 2022]);
        let section = &yoy.sections[0];
        // 210 has no amount in any year: nothing to compare.
        let labels: Vec<&str> = section.lines.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["201", "205", "208"]);
        assert_eq!(section.lines[0].name, "一般公共服务支出");
        assert_eq!(
            section.lines[0].former_names,
            vec![("一般公共服务".to_string(), 2021, 2021)]
        );
        let report = yoy.into_report("c".into());
        let rows = &report.sections[0].rows;
        assert_eq!(rows[0][4], Field::Money(50));
        assert_eq!(
            rows[0][5],
            Field::Percent(rust_decimal::Decimal::new(5000, 2))
        );
        assert_eq!(rows[1][6], Field::Text("取消 dropped 2022".into()));
        assert_eq!(rows[2][4], Field::Money(7));
        assert_eq!(rows[2][5], Field::Null, "a % from zero is not a number");
        assert_eq!(rows[2][6], Field::Text("新增 new 2022".into()));
        assert_eq!(rows[3][1], Field::Text("合计".into()));
        assert_eq!(
            rows[3][2..5],
            [Field::Money(141), Field::Money(157), Field::Money(16)]
        );
    }

    #[test]
    fn sums_units_and_leaves_years_without_figures_blank() {
        let data = rows(&[
            ("1", 2021, "201", "a", Some(100)),
            ("1", 2022, "201", "a", Some(110)),
            ("2", 2022, "201", "a", Some(5)),
        ]);
        let per_unit = build(&data, By::Function, false).unwrap();
        let report = per_unit.clone().into_report("c".into());
        assert_eq!(report.key_headers, ["unit_code", "unit_name"]);
        // Unit 2 has no 2021: its 2021 cell and the change are blank.
        assert_eq!(
            report.sections[1].rows[0][2..6],
            [Field::Null, Field::Money(5), Field::Null, Field::Null]
        );
        assert_eq!(per_unit.notes().len(), 1);
        let summed = build(&data, By::Function, true).unwrap();
        let report = summed.clone().into_report("c".into());
        assert!(report.key_headers.is_empty());
        assert_eq!(
            report.sections[0].rows[0][2..5],
            [Field::Money(100), Field::Money(115), Field::Money(15)]
        );
        assert!(summed.notes()[0].contains("2021: 1, 2022: 2"));
        assert!(per_unit.chart(5, AmountUnit::Wanyuan, "c").is_err());
        let chart = summed.chart(5, AmountUnit::Wanyuan, "c").unwrap();
        assert_eq!(chart.series.len(), 1);
        assert_eq!(
            chart.series[0].points[1].as_ref().unwrap().label,
            "0.000115"
        );
    }
}

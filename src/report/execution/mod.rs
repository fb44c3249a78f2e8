//! `yusuan execution`: 预算 vs 决算, the rows of queries/execution*.sql →
//! one table per unit-year with a 决算: each line's budget (from the 预算
//! document, and the budgets the 决算 prints itself), its actual, the
//! difference and the execution rate (执行率 = 决算数 ÷ 预算数), lines only
//! in one stage flagged, and the 合计 row as the tables publish it.
//!
//! Lines are matched across the stages by code (功能分类 / 经济分类), and by
//! part for the 三公 view. Money stays in exact 分; differences are taken in
//! i128 and rates rounded from exact ratios.

mod chart;
mod read;

pub use crate::measure::{total_measure, Measure};
pub use read::{sangong, stream};

use super::percent;
use crate::amount::FenSum;
use crate::render::{Field, Report, Section};

/// What is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// 支出功能分类 lines of the 支出总表 / 支出决算表.
    Function,
    /// 部门经济分类 lines of the 基本支出表 (基本支出).
    Economic,
    /// The parts of the 财政拨款“三公”经费.
    Sangong,
}

impl View {
    fn table(self) -> &'static str {
        match self {
            View::Function => "支出总表 · 功能分类",
            View::Economic => "基本支出表 · 经济分类",
            View::Sangong => "财政拨款“三公”经费表",
        }
    }
}

/// The execution report: one part per unit-year with a 决算.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Execution {
    pub view: View,
    /// 1 类, 2 款, 3 项; `None` for the 三公 view.
    pub level: Option<u8>,
    pub sections: Vec<UnitYear>,
    /// Unit-years with a 预算 and no 决算: (code, name, year).
    pub budget_only: Vec<(String, String, i32)>,
}

/// One unit-year: what each stage published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitYear {
    pub code: String,
    /// The 决算's name for the unit.
    pub name: String,
    pub year: i32,
    /// A 预算 document of this unit-year is stored.
    pub has_budget_document: bool,
    /// The compared table is in the 预算 / the 决算.
    pub budget_table: bool,
    pub final_table: bool,
    /// The title of the 决算 table whose own budget columns are shown.
    pub printed_in: Option<String>,
    /// Lines in code order (part order for 三公), the 合计 not among them.
    pub lines: Vec<Line>,
    /// The 合计 row as published (the 三公 小计).
    pub total: Line,
}

/// A line in both stages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub code: Option<String>,
    pub name: String,
    /// From the 预算 document; a blank cell of a published line is 0.
    pub budget: Option<i64>,
    /// 决算数; a blank cell of a published line is 0.
    pub actual: Option<i64>,
    /// What the 决算's own table prints beside its 决算数, if anything:
    /// boxed, since most lines of a corpus have none and an answer over
    /// every unit holds tens of thousands of lines.
    pub printed: Option<Box<Printed>>,
    pub in_budget: bool,
    pub in_final: bool,
}

/// A line's figures in the 决算 table that prints budgets of its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Printed {
    /// Indexed like [`Measure::BUDGETS_BY_PREFERENCE`].
    pub budgets: [Option<i64>; 4],
    /// That table's 决算数.
    pub actual: Option<i64>,
}

impl Line {
    /// The budget the 决算 prints that has the last word: 全年 before 调整
    /// before 年初 before a plain 预算数.
    pub fn printed_budget(&self) -> Option<(Measure, i64)> {
        let printed = self.printed.as_ref()?;
        Measure::BUDGETS_BY_PREFERENCE
            .iter()
            .zip(printed.budgets)
            .find_map(|(m, fen)| Some((*m, fen?)))
    }

    fn printed(&self, measure: Measure) -> Option<i64> {
        let i = Measure::BUDGETS_BY_PREFERENCE
            .iter()
            .position(|m| *m == measure)?;
        self.printed.as_ref()?.budgets[i]
    }

    /// The 决算数 of the table that prints the line's budgets.
    pub fn printed_actual(&self) -> Option<i64> {
        self.printed.as_ref()?.actual
    }

    /// Note a figure of the 决算 table that prints budgets: a budget
    /// column's, or (for [`Measure::Actual`]) its 决算数. The first figure
    /// read for a measure stays.
    pub fn note_printed(&mut self, measure: Measure, fen: Option<i64>) {
        let printed = self.printed.get_or_insert_with(Box::default);
        let slot = match Measure::BUDGETS_BY_PREFERENCE
            .iter()
            .position(|m| *m == measure)
        {
            Some(i) => &mut printed.budgets[i],
            None => &mut printed.actual,
        };
        *slot = slot.or(fen);
    }

    /// 决算数 − 预算数, exact (in a sum's width): `None` unless both are
    /// known.
    pub fn difference(&self) -> Option<FenSum> {
        let (actual, budget) = (self.actual?, self.budget?);
        Some(FenSum::from(actual) - FenSum::from(budget))
    }

    /// 执行率 against the 预算 document, in %.
    pub fn rate(&self) -> Option<rust_decimal::Decimal> {
        percent(self.actual?.into(), self.budget?.into())
    }

    /// 执行率 as the 决算 table states it: its 决算数 over its own budget.
    pub fn printed_rate(&self) -> Option<rust_decimal::Decimal> {
        percent(
            self.printed_actual()?.into(),
            self.printed_budget()?.1.into(),
        )
    }
}

/// Unit-years with a 预算 and no 决算 named one by one in the notes; more
/// are counted.
const BUDGET_ONLY_LISTED: usize = 10;

/// Fewer unit-years than this are shaped on one core.
const SECTIONS_PER_THREAD: usize = 256;

/// Unit-years shaped at a time when the report is written as it is made.
const SECTIONS_PER_PART: usize = 1024;

/// The columns naming each unit-year.
const KEY_HEADERS: [&str; 4] = ["unit_code", "unit_name", "year", "printed_in"];

/// The report's columns: the line's code and name, its amounts (see
/// [`AMOUNT_COLUMNS`]), its rates and its status.
const HEADERS: [&str; 12] = [
    "code",
    "name",
    "budget",
    "printed_start",
    "printed_adjusted",
    "printed_full_year",
    "printed_budget",
    "actual",
    "difference",
    "rate",
    "printed_rate",
    "status",
];

/// Where the amounts stand in [`HEADERS`]: budget, the printed budgets,
/// actual and difference.
const AMOUNT_COLUMNS: std::ops::Range<usize> = 2..9;

impl UnitYear {
    pub fn title(&self) -> String {
        let mut title = format!("{} {} {} 年", self.code, self.name, self.year);
        if let Some(table) = &self.printed_in {
            title.push_str(&format!("（决算表自列预算数：{table}）"));
        }
        if !self.has_budget_document {
            title.push_str("　没有预算文件 (no 预算 document)");
        }
        title
    }

    /// Whether one stage's line is missing where the other's table has it.
    fn status(&self, line: &Line) -> &'static str {
        let both_tables = self.budget_table && self.final_table;
        match (line.in_budget, line.in_final) {
            (true, false) if both_tables => "仅预算 (budget only)",
            (false, true) if both_tables => "仅决算 (actual only)",
            _ => "",
        }
    }

    fn row(&self, line: Line, total: bool) -> Vec<Field> {
        let money = |fen: Option<FenSum>| fen.map_or(Field::Null, Field::Money);
        let pct = |p: Option<rust_decimal::Decimal>| p.map_or(Field::Null, Field::Percent);
        let status = if total { "" } else { self.status(&line) };
        let figures = [
            money(line.budget.map(FenSum::from)),
            money(line.printed(Measure::StartBudget).map(FenSum::from)),
            money(line.printed(Measure::AdjustedBudget).map(FenSum::from)),
            money(line.printed(Measure::FullYearBudget).map(FenSum::from)),
            money(line.printed(Measure::Budget).map(FenSum::from)),
            money(line.actual.map(FenSum::from)),
            money(line.difference()),
            pct(line.rate()),
            pct(line.printed_rate()),
            Field::Text(status.to_string()),
        ];
        let name = if total && line.name.is_empty() {
            "合计".to_string()
        } else {
            line.name
        };
        // The line's own strings move into the row: a whole-corpus answer
        // has 60,000 of them.
        let mut row = Vec::with_capacity(HEADERS.len());
        row.push(Field::Text(line.code.unwrap_or_default()));
        row.push(Field::Text(name));
        row.extend(figures);
        row
    }

    fn into_section(mut self) -> Section {
        let lines = std::mem::take(&mut self.lines);
        let total = std::mem::take(&mut self.total);
        let mut rows: Vec<Vec<Field>> = Vec::with_capacity(lines.len() + 1);
        rows.extend(lines.into_iter().map(|l| self.row(l, false)));
        rows.push(self.row(total, true));
        Section {
            title: self.title(),
            keys: vec![
                Field::Text(self.code),
                Field::Text(self.name),
                Field::Int(i64::from(self.year)),
                Field::Text(self.printed_in.unwrap_or_default()),
            ],
            rows,
        }
    }
}

impl Execution {
    pub fn caption(&self) -> String {
        let what = match self.level {
            Some(level) => format!("{} {}", self.view.table(), super::yoy::level_name(level)),
            None => self.view.table().to_string(),
        };
        format!(
            "预算执行 (budget execution)：{what}。budget = 预算文件的预算数；printed_* = 决算表自列的年初预算数/调整预算数/全年预算数/预算数；actual = 决算数；rate = 决算数 ÷ 预算文件预算数；printed_rate = 决算表的决算数 ÷ 其自列预算数（全年 > 调整 > 年初）"
        )
    }

    /// The report, consuming the model (its strings move into the rows).
    pub fn into_report(self) -> Report {
        let (mut report, parts) = self.into_parts();
        report.sections = parts.flatten().collect();
        report
    }

    /// The report without its sections, and the sections made a part at a
    /// time (see [`crate::render::write_in_parts`]): over every unit the
    /// whole report and its CSV took more memory than the model, and fresh
    /// memory was most of the time such an answer took.
    pub fn into_parts(self) -> (Report, impl Iterator<Item = Vec<Section>>) {
        let head = Report {
            caption: Some(self.caption()),
            key_headers: KEY_HEADERS.map(String::from).to_vec(),
            headers: HEADERS.map(String::from).to_vec(),
            sections: Vec::new(),
            detail: Vec::new(),
        };
        let mut years = self.sections.into_iter();
        let parts = std::iter::from_fn(move || {
            let part: Vec<UnitYear> = years.by_ref().take(SECTIONS_PER_PART).collect();
            (!part.is_empty()).then(|| {
                crate::parallel::map_in_order(part, SECTIONS_PER_THREAD, UnitYear::into_section)
            })
        });
        (head, parts)
    }

    /// Which columns (keys first) are amounts, for a header written before
    /// the rows: budget, the printed budgets, actual and difference.
    pub fn money_columns() -> Vec<bool> {
        let keys = KEY_HEADERS.iter().map(|_| false);
        keys.chain((0..HEADERS.len()).map(|i| AMOUNT_COLUMNS.contains(&i)))
            .collect()
    }

    /// What the reader must know: a 决算 without its 预算 document, a 预算
    /// without its 决算, a stage without the compared table.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for s in &self.sections {
            if !s.has_budget_document {
                let printed = if s.printed_in.is_some() {
                    "执行率按决算表自列的预算数计算 (printed_rate uses the budget the 决算 prints)"
                } else {
                    "决算表也没有自列预算数，只有决算数 (the 决算 prints no budget either: actuals only)"
                };
                notes.push(format!(
                    "{} {} 年没有导入预算文件，无法与预算比较；{printed} (no {} 预算 document is stored)",
                    s.code, s.year, s.year
                ));
            } else if !s.budget_table || !s.final_table {
                let stage = match (s.budget_table, s.final_table) {
                    (true, _) => "决算",
                    (false, true) => "预算",
                    (false, false) => "预算和决算",
                };
                notes.push(format!(
                    "{} {} 年的{stage}没有{} (the {stage} has no such table)",
                    s.code,
                    s.year,
                    self.view.table()
                ));
            }
        }
        let mut budget_only: Vec<&(String, String, i32)> = self.budget_only.iter().collect();
        budget_only.sort();
        // A corpus of budgets alone would otherwise print a note per unit-year.
        if budget_only.len() > BUDGET_ONLY_LISTED {
            let n = budget_only.len();
            notes.push(format!(
                "{n} 个单位年度只有预算、没有导入决算，未列出 ({n} unit-years have a 预算 without its 决算 stored)"
            ));
            return notes;
        }
        for (code, _, year) in budget_only {
            notes.push(format!(
                "{code} {year} 年只有预算、没有导入决算 (a {year} 预算 without its 决算 is stored)"
            ));
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn line(budget: Option<i64>, actual: Option<i64>) -> Line {
        Line {
            code: Some("201".into()),
            name: "一般公共服务支出".into(),
            budget,
            actual,
            in_budget: budget.is_some(),
            in_final: actual.is_some(),
            ..Line::default()
        }
    }

    #[test]
    fn rates_and_differences_are_exact() {
        let l = line(Some(300), Some(200));
        assert_eq!(l.difference(), Some(-100));
        assert_eq!(l.rate(), Some(Decimal::new(6667, 2)));
        assert_eq!(line(Some(0), Some(5)).rate(), None, "no rate of nothing");
        assert_eq!(line(None, Some(5)).difference(), None);
        let far = line(Some(i64::MIN), Some(i64::MAX));
        assert_eq!(
            far.difference(),
            Some(FenSum::from(i64::MAX) - FenSum::from(i64::MIN)),
            "exact beyond an amount's range, not clamped"
        );
    }

    #[test]
    fn the_printed_budget_with_the_last_word_is_used() {
        let mut l = line(None, Some(90));
        assert_eq!(l.printed_rate(), None, "nothing printed");
        l.note_printed(Measure::Actual, Some(90));
        l.note_printed(Measure::AdjustedBudget, Some(120));
        l.note_printed(Measure::StartBudget, Some(100));
        l.note_printed(Measure::AdjustedBudget, Some(999));
        assert_eq!(l.printed_budget(), Some((Measure::AdjustedBudget, 120)));
        assert_eq!(l.printed_rate(), Some(Decimal::new(7500, 2)));
        l.note_printed(Measure::FullYearBudget, Some(180));
        assert_eq!(l.printed_rate(), Some(Decimal::new(5000, 2)));
    }

    #[test]
    fn the_declared_money_columns_are_the_rows_amounts() {
        let mut every = line(Some(300), Some(200));
        for (fen, measure) in Measure::BUDGETS_BY_PREFERENCE.into_iter().enumerate() {
            every.note_printed(measure, Some(fen as i64));
        }
        every.note_printed(Measure::Actual, Some(5));
        let year = UnitYear {
            code: "434001".into(),
            lines: vec![every],
            total: line(Some(300), Some(200)),
            ..UnitYear::default()
        };
        let section = year.into_section();
        let money = Execution::money_columns();
        assert_eq!(money.len(), KEY_HEADERS.len() + HEADERS.len());
        let is_money = |row: &Vec<Field>| -> Vec<bool> {
            section
                .keys
                .iter()
                .chain(row)
                .map(|f| matches!(f, Field::Money(_)))
                .collect()
        };
        // The line with every figure: its amounts are exactly the columns.
        assert_eq!(is_money(&section.rows[0]), money);
        // The 合计 (no printed budgets): no amount outside them.
        let total = is_money(&section.rows[1]);
        assert!(total.iter().zip(&money).all(|(t, m)| !t || *m));
    }

    #[test]
    fn the_parts_hold_every_unit_year_in_order() {
        let execution = Execution {
            view: View::Function,
            level: Some(1),
            sections: (0..2500)
                .map(|i| UnitYear {
                    code: format!("{i:06}"),
                    ..UnitYear::default()
                })
                .collect(),
            budget_only: Vec::new(),
        };
        let whole = execution.clone().into_report();
        let (head, parts) = execution.into_parts();
        let parts: Vec<Vec<Section>> = parts.collect();
        assert_eq!(parts.len(), 3);
        assert!(head.sections.is_empty());
        let joined: Vec<Section> = parts.into_iter().flatten().collect();
        assert_eq!(joined, whole.sections);
        assert_eq!(joined.len(), 2500);
    }

    #[test]
    fn lines_in_one_stage_are_flagged_only_when_both_tables_exist() {
        let mut year = UnitYear {
            budget_table: true,
            final_table: true,
            has_budget_document: true,
            ..UnitYear::default()
        };
        assert_eq!(year.status(&line(Some(1), None)), "仅预算 (budget only)");
        assert_eq!(year.status(&line(None, Some(1))), "仅决算 (actual only)");
        assert_eq!(year.status(&line(Some(1), Some(1))), "");
        year.budget_table = false;
        assert_eq!(year.status(&line(None, Some(1))), "");
    }
}

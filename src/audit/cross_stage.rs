//! cross_stage: a 决算 held against the other documents of its unit → findings.
//!
//! - `cross_stage.budget`: the budget a 决算 table prints for a line (年初预算数,
//!   or a plain 预算数 as the 三公 table prints it) is the figure the 预算
//!   document of the same unit, year and scope publishes for it in the same
//!   kind of table. 调整预算数 and 全年预算数 include the year's adjustments and
//!   are not held to the 预算 document.
//! - `cross_stage.carry_over`: the 决算's 年初结转和结余 is last year's 决算's
//!   年末结转和结余.
//!
//! Both need documents other than the one in hand: whoever keeps them (the
//! store) gathers the figures and this module judges them, rounding (the
//! stages print in different units) apart from error as everywhere else.

use super::compare::severity_of;
use crate::amount::{format_fen, AmountUnit, FenSum};
use crate::model::{Finding, TableKind};

pub const RULE_BUDGET: &str = "cross_stage.budget";
pub const RULE_CARRY_OVER: &str = "cross_stage.carry_over";

/// A figure as stored, with how to cite it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// `None` when the cell is blank or "-" (counted as 0).
    pub fen: Option<i64>,
    pub unit: AmountUnit,
    /// The table's title as published.
    pub title: String,
}

/// A budget a 决算 table prints for one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedBudget {
    /// `tables.kind`.
    pub kind: String,
    /// The line's 科目编码, or its canonical item (三公 parts, 合计).
    pub line: String,
    pub name: String,
    /// The column as published: 年初预算数, 预算数.
    pub column: String,
    pub figure: Figure,
}

/// Hold each printed budget against the 预算 document's figure for the same
/// kind of table and line (`budget(kind, line)`); a line the 预算 does not
/// publish is not judged (the tables may cover different fund sources).
pub fn budgets(
    year: i32,
    printed: &[PrintedBudget],
    budget: impl Fn(&str, &str) -> Option<Figure>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for p in printed {
        let Some(expected) = budget(&p.kind, &p.line) else {
            continue;
        };
        let (published, wanted) = (p.figure.fen.unwrap_or(0), expected.fen.unwrap_or(0));
        let difference = FenSum::from(published) - FenSum::from(wanted);
        if difference == 0 {
            continue;
        }
        let table = TableKind::ALL
            .into_iter()
            .map(TableKind::key)
            .find(|k| *k == p.kind);
        let is_code = p.line.chars().all(|c| c.is_ascii_digit());
        findings.push(Finding {
            code: is_code.then(|| p.line.clone()),
            column: Some(p.column.clone()),
            published_fen: Some(published),
            expected_fen: Some(wanted),
            ..Finding::notice(
                RULE_BUDGET,
                severity_of(difference, 1),
                "决算表所列预算数与预算文件不符 (the budget a 决算 prints differs from the 预算 document)"
                    .to_string(),
                table,
                format!(
                    "{year} 年决算「{}」{} {} 的{}为 {} {}；{year} 年预算「{}」为 {} {}",
                    p.figure.title,
                    p.line,
                    p.name,
                    p.column,
                    format_fen(published, p.figure.unit, 2),
                    p.figure.unit.label(),
                    expected.title,
                    format_fen(wanted, expected.unit, 2),
                    expected.unit.label()
                ),
            )
        });
    }
    findings
}

/// The 决算's 年初结转和结余 (`opening`) against last year's 决算 年末结转和结余
/// (`last_closing`): a finding when they differ.
pub fn carry_over(year: i32, opening: &Figure, last_closing: &Figure) -> Option<Finding> {
    let (now, before) = (opening.fen.unwrap_or(0), last_closing.fen.unwrap_or(0));
    let difference = FenSum::from(now) - FenSum::from(before);
    if difference == 0 {
        return None;
    }
    Some(Finding {
        column: Some("决算数".to_string()),
        published_fen: Some(now),
        expected_fen: Some(before),
        ..Finding::notice(
            RULE_CARRY_OVER,
            severity_of(difference, 1),
            "年初结转和结余与上年决算的年末结转和结余不符 (opening carry-over differs from last year's closing)"
                .to_string(),
            Some(TableKind::Summary.key()),
            format!(
                "{year} 年决算「{}」年初结转和结余为 {} {}；{} 年决算「{}」年末结转和结余为 {} {}",
                opening.title,
                format_fen(now, opening.unit, 2),
                opening.unit.label(),
                year - 1,
                last_closing.title,
                format_fen(before, last_closing.unit, 2),
                last_closing.unit.label()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    fn figure(fen: Option<i64>, unit: AmountUnit) -> Figure {
        Figure {
            fen,
            unit,
            title: "表".into(),
        }
    }

    fn printed(line: &str, fen: i64) -> PrintedBudget {
        PrintedBudget {
            kind: "一般公共预算支出表".into(),
            line: line.into(),
            name: "行政运行".into(),
            column: "年初预算数".into(),
            figure: figure(Some(fen), AmountUnit::Wanyuan),
        }
    }

    #[test]
    fn printed_budgets_are_held_to_the_budget_document_rounding_apart() {
        // The 预算 in 元: 1,800,012.34; the 决算 in 万元 prints 180.00 (rounding)
        // for one line and 190.00 (an error) for another.
        let budget = |_: &str, line: &str| {
            (line != "2010199").then(|| figure(Some(180_001_234), AmountUnit::Yuan))
        };
        let found = budgets(
            2023,
            &[
                printed("2010101", 180_000_000),
                printed("2010102", 190_000_000),
                printed("2010199", 5),
            ],
            budget,
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].severity, Severity::Rounding);
        assert_eq!(found[1].severity, Severity::Error);
        assert_eq!(found[1].rule, RULE_BUDGET);
        assert_eq!(found[1].table, Some("一般公共预算支出表"));
        assert_eq!(found[1].code.as_deref(), Some("2010102"));
        assert!(
            found[1].evidence.contains("190.00 万元"),
            "{}",
            found[1].evidence
        );
        assert!(
            found[1].evidence.contains("1800012.34 元"),
            "{}",
            found[1].evidence
        );
    }

    #[test]
    fn the_opening_carry_over_is_last_years_closing() {
        let closing = figure(Some(55_340_000), AmountUnit::Wanyuan);
        assert_eq!(
            carry_over(
                2025,
                &figure(Some(55_340_000), AmountUnit::Wanyuan),
                &closing
            ),
            None
        );
        let found = carry_over(
            2025,
            &figure(Some(49_140_000), AmountUnit::Wanyuan),
            &closing,
        )
        .expect("a finding");
        assert_eq!(found.severity, Severity::Error);
        assert_eq!(found.difference_fen(), Some(-6_200_000));
        assert!(found.evidence.contains("2024 年决算"), "{}", found.evidence);
    }
}

//! cross-table: the same figure printed in two tables must agree.
//! - each 类 of the 收支总表 = that 类 in the 支出总表; each 类 of the 收入总表 =
//!   that 类 in the 支出总表; each 类 of the 财政拨款收支总表 = that 类 in the
//!   一般公共预算 / 政府性基金 / 国有资本经营 table of its column;
//! - 一般公共预算支出表 基本支出 = 基本支出表 合计 (and 支出总表 基本支出 too when all
//!   money is 一般公共预算);
//! - an empty 政府性基金 / 国有资本经营 table matches empty columns elsewhere.

use super::compare::{check_sum, show, Term};
use super::lookup::{by_code, by_item, cell, label, non_empty, summary_amount_key, total_line};
use super::{classes, finding, Finding, Severity};
use crate::model::{Line, Side, StandardTable, TableKind, UnitDisclosure};
use crate::recognise::squeeze;

pub fn check(unit: &UnitDisclosure, out: &mut Vec<Finding>) {
    let expenditure = non_empty(unit, TableKind::Expenditure);
    if let (Some(summary), Some(expenditure)) = (non_empty(unit, TableKind::Summary), expenditure) {
        if let Some(key) = summary_amount_key(summary, Side::Expenditure) {
            summary_classes(summary, key, expenditure, out);
        }
    }
    if let (Some(income), Some(expenditure)) = (non_empty(unit, TableKind::Income), expenditure) {
        same_codes(income, expenditure, out);
    }
    if let Some(fiscal) = non_empty(unit, TableKind::FiscalSummary) {
        for (key, kind) in [
            ("一般公共预算", TableKind::GeneralPublic),
            ("政府性基金", TableKind::GovFund),
            ("国有资本经营", TableKind::StateCapital),
        ] {
            if let Some(fund_table) = non_empty(unit, kind) {
                summary_classes(fiscal, key, fund_table, out);
            }
        }
    }
    basic(unit, out);
    empty_funds(unit, out);
}

/// The expenditure 类 lines of a summary table (those above 本年支出合计, or
/// 支出总计 where no 合计 line is printed). A summary whose expenditure side
/// lists no 类 at all (Jiangsu's 财政拨款收支预算总表 lists 基本支出 and 项目支出)
/// has none.
fn class_lines(summary: &StandardTable) -> Vec<&Line> {
    let lines: Vec<&Line> = summary
        .lines
        .iter()
        .filter(|l| l.side == Some(Side::Expenditure))
        .take_while(|l| {
            let item = l.item.as_deref().unwrap_or("");
            !(item.ends_with("合计") || item.ends_with("总计") || item.ends_with("小计"))
        })
        .collect();
    let lists_classes = lines
        .iter()
        .any(|l| classes::code_of(l.item.as_deref().unwrap_or("")).is_some());
    if lists_classes {
        lines
    } else {
        Vec::new()
    }
}

/// The 类 line of a classified table for a summary line's name: by code
/// where the name is a known 类, else by the same name.
fn class_by_name<'t>(table: &'t StandardTable, name: &str) -> Option<&'t Line> {
    let code = classes::code_of(name);
    table.lines.iter().find(|l| {
        l.level == Some(1)
            && match code {
                Some(code) => l.code.as_deref() == Some(code),
                None => squeeze(&l.name) == name,
            }
    })
}

fn summary_classes(
    summary: &StandardTable,
    key: &str,
    detail: &StandardTable,
    out: &mut Vec<Finding>,
) {
    let class_lines = class_lines(summary);
    // Jiangsu's 支出预算总表 is one row of totals: there are no classes to
    // hold the summary's against.
    if class_lines.is_empty() || !detail.lines.iter().any(|l| l.level == Some(1)) {
        return;
    }
    let detail_total = detail_total_key(detail);
    let mut matched = Vec::new();
    for line in class_lines {
        let name = line.item.clone().unwrap_or_default();
        let value = cell(summary, line, key).flatten();
        let published = Term::at(summary, line, key);
        match class_by_name(detail, &name) {
            Some(class) => {
                matched.push(class.code.clone());
                let other = Term::at(detail, class, detail_total);
                if let Some(m) = check_sum(&published, &[other], summary.amount_unit) {
                    out.push(finding(
                        summary,
                        line,
                        key,
                        "cross_table.class",
                        &format!(
                            "{}的“{name}”与{}不一致 (class differs between tables)",
                            summary.kind.key(),
                            detail.kind.key()
                        ),
                        m,
                    ));
                }
            }
            None if value.unwrap_or(0) != 0 => out.push(finding(
                summary,
                line,
                key,
                "cross_table.class",
                &format!(
                    "{}列有“{name}”，{}中没有这一类 (class missing from the detail table)",
                    summary.kind.key(),
                    detail.kind.key()
                ),
                super::compare::Mismatch {
                    severity: Severity::Error,
                    published: value.unwrap_or(0),
                    expected: 0,
                    evidence: format!(
                        "{} {}；{}中无此类",
                        published.label(),
                        show(value, summary.amount_unit),
                        detail.kind.key()
                    ),
                },
            )),
            None => {}
        }
    }
    for class in detail.lines.iter().filter(|l| l.level == Some(1)) {
        let value = cell(detail, class, detail_total).flatten();
        if !matched.contains(&class.code) && value.unwrap_or(0) != 0 {
            out.push(finding(
                detail,
                class,
                detail_total,
                "cross_table.class",
                &format!(
                    "{}的类“{}”在{}中没有对应行 (class missing from the summary table)",
                    detail.kind.key(),
                    class.name,
                    summary.kind.key()
                ),
                super::compare::Mismatch {
                    severity: Severity::Error,
                    published: value.unwrap_or(0),
                    expected: 0,
                    evidence: format!(
                        "{} {}；{}无此类",
                        label(detail, class, detail_total),
                        show(value, detail.amount_unit),
                        summary.kind.key()
                    ),
                },
            ));
        }
    }
}

/// A classified table's total column: 合计, or 本年支出合计 in a 支出决算表.
fn detail_total_key(detail: &StandardTable) -> &'static str {
    let has = |key: &str| detail.columns.iter().any(|c| c.key == key);
    if !has("合计") && has("本年支出合计") {
        "本年支出合计"
    } else {
        "合计"
    }
}

/// 收入总表 and 支出总表 list the same codes with the same 合计.
fn same_codes(income: &StandardTable, expenditure: &StandardTable, out: &mut Vec<Finding>) {
    let pairs = income.lines.iter().filter_map(|line| {
        let other = match &line.code {
            Some(code) => by_code(expenditure, code),
            None => total_line(expenditure).filter(|_| line.item.as_deref() == Some("合计")),
        };
        Some((line, other?))
    });
    for (line, other) in pairs {
        let published = Term::at(income, line, "合计");
        let theirs = Term::at(expenditure, other, "合计");
        if let Some(m) = check_sum(&published, &[theirs], income.amount_unit) {
            out.push(finding(
                income,
                line,
                "合计",
                "cross_table.income_expenditure",
                "收入总表与支出总表同一科目的合计不一致 (income ≠ expenditure for the same 科目)",
                m,
            ));
        }
    }
}

fn basic(unit: &UnitDisclosure, out: &mut Vec<Finding>) {
    let Some(economic) = non_empty(unit, TableKind::BasicEconomic) else {
        return;
    };
    let Some(economic_total) = total_line(economic) else {
        return;
    };
    let basic_total = Term::at(economic, economic_total, "合计");
    let general = non_empty(unit, TableKind::GeneralPublic).and_then(|t| Some((t, total_line(t)?)));
    // Jiangsu's 一般公共预算支出表 prints one 金额 column: no 基本支出 to compare.
    let general = general.filter(|(t, l)| cell(t, l, "基本支出").is_some());
    if let Some((table, total)) = general {
        let published = Term::at(table, total, "基本支出");
        if let Some(m) = check_sum(
            &published,
            std::slice::from_ref(&basic_total),
            table.amount_unit,
        ) {
            out.push(finding(
                table,
                total,
                "基本支出",
                "cross_table.basic",
                "一般公共预算支出表的基本支出与基本支出表合计不一致 (基本支出 differs)",
                m,
            ));
        }
    }
    let all = non_empty(unit, TableKind::Expenditure).and_then(|t| Some((t, total_line(t)?)));
    if let (Some((table, total)), Some((general_table, general_total))) = (all, general) {
        let all_money = cell(table, total, "合计").flatten();
        if all_money == cell(general_table, general_total, "合计").flatten() {
            let published = Term::at(table, total, "基本支出");
            if let Some(m) = check_sum(&published, &[basic_total], table.amount_unit) {
                out.push(finding(table, total, "基本支出", "cross_table.basic", "支出总表的基本支出与基本支出表合计不一致（全部为一般公共预算资金）(基本支出 differs)", m));
            }
        }
    }
}

/// An empty fund table means no such money anywhere.
fn empty_funds(unit: &UnitDisclosure, out: &mut Vec<Finding>) {
    for (kind, key, income_item) in [
        (TableKind::GovFund, "政府性基金", "政府性基金预算拨款"),
        (
            TableKind::StateCapital,
            "国有资本经营",
            "国有资本经营预算拨款",
        ),
    ] {
        let Some(empty) = unit.table(kind).filter(|t| t.is_empty) else {
            continue;
        };
        let mut elsewhere: Vec<(&StandardTable, &Line, &str)> = Vec::new();
        if let Some(fiscal) = unit.table(TableKind::FiscalSummary) {
            if let Some(line) = by_item(fiscal, Some(Side::Expenditure), "本年支出合计") {
                elsewhere.push((fiscal, line, key));
            }
            if let Some(line) = by_item(fiscal, Some(Side::Income), income_item) {
                elsewhere.push((fiscal, line, "金额"));
            }
        }
        if let Some(summary) = unit.table(TableKind::Summary) {
            if let Some(line) = by_item(summary, Some(Side::Income), &format!("{income_item}收入"))
            {
                elsewhere.push((summary, line, "预算数"));
            }
        }
        for (table, line, column) in elsewhere {
            let value = cell(table, line, column).flatten();
            if value.unwrap_or(0) != 0 {
                out.push(finding(
                    table,
                    line,
                    column,
                    "cross_table.empty_fund",
                    &format!(
                        "{}为空表，但{}列有{}资金 (empty fund table, money elsewhere)",
                        kind.key(),
                        table.kind.key(),
                        key
                    ),
                    super::compare::Mismatch {
                        severity: Severity::Error,
                        published: value.unwrap_or(0),
                        expected: 0,
                        evidence: format!(
                            "{} {}；「{}」为空表",
                            label(table, line, column),
                            show(value, table.amount_unit),
                            empty.title
                        ),
                    },
                ));
            }
        }
    }
}

//! Row identities: a row's 合计 against its own columns.
//! - 支出总表 and the fund tables: 合计 = 基本支出 + 项目支出 (+ 经营支出, 上解上级支出,
//!   对附属单位补助支出 where present);
//! - 基本支出表: 合计 = 人员经费 + 公用经费;
//! - 收入总表: 合计 = 本年收入 + 上年结转, 本年收入 = Σ its sources;
//! - 财政拨款收支总表 expenditure lines: 合计 = 一般公共预算 + 政府性基金 + 国有资本经营;
//! - 三公: 小计 = 出国 + 公务用车 + 接待, 公务用车 = 购置 + 运行维护; 合计 = Σ fund columns.

use super::compare::{check_sum, Term};
use super::lookup::{amount_keys, by_item, ColumnValues};
use super::{finding, sum_of_lines, Finding};
use crate::model::{Line, Side, StandardTable, TableKind, UnitDisclosure};

const EXPENDITURE_PARTS: &[&str] = &[
    "基本支出",
    "项目支出",
    "经营支出",
    "上解上级支出",
    "对附属单位补助支出",
    // Jiangsu's 支出预算总表 counts the reserve in its 合计.
    "单位预留机动经费",
];
const INCOME_SOURCES: &[&str] = &[
    "财政拨款收入",
    "财政专户收入",
    "事业收入",
    "经营收入",
    "上级补助收入",
    "附属单位上缴收入",
    "其他收入",
];
const FUNDS: &[&str] = &["一般公共预算", "政府性基金", "国有资本经营"];

pub fn check(unit: &UnitDisclosure, out: &mut Vec<Finding>) {
    for table in unit.tables.iter().filter(|t| !t.is_empty) {
        match table.kind {
            TableKind::Expenditure
            | TableKind::GeneralPublic
            | TableKind::GovFund
            | TableKind::StateCapital
            | TableKind::FiscalExpenditure => each_line(
                table,
                None,
                "合计",
                EXPENDITURE_PARTS,
                "identity.expenditure",
                out,
            ),
            TableKind::BasicEconomic | TableKind::FiscalBasic => each_line(
                table,
                None,
                "合计",
                &["人员经费", "公用经费"],
                "identity.basic",
                out,
            ),
            TableKind::Income => {
                each_line(
                    table,
                    None,
                    "合计",
                    &["本年收入", "上年结转"],
                    "identity.income",
                    out,
                );
                each_line(
                    table,
                    None,
                    "本年收入",
                    INCOME_SOURCES,
                    "identity.income_sources",
                    out,
                );
            }
            TableKind::FiscalSummary => each_line(
                table,
                Some(Side::Expenditure),
                "合计",
                FUNDS,
                "identity.fiscal_funds",
                out,
            ),
            TableKind::Sangong => {
                sangong(table, out);
                each_line(table, None, "合计", FUNDS, "identity.sangong_funds", out);
            }
            TableKind::Summary => {}
        }
    }
}

/// For every line: `total` column = Σ `parts` columns present in the table.
fn each_line(
    table: &StandardTable,
    side: Option<Side>,
    total: &str,
    parts: &[&str],
    rule: &'static str,
    out: &mut Vec<Finding>,
) {
    let keys = amount_keys(table, side);
    if !keys.contains(&total) {
        return;
    }
    let present: Vec<&str> = parts.iter().copied().filter(|p| keys.contains(p)).collect();
    if present.is_empty() {
        return;
    }
    let mut total_values = ColumnValues::new(table, total);
    let mut part_values: Vec<ColumnValues> = present
        .iter()
        .map(|key| ColumnValues::new(table, key))
        .collect();
    for line in table
        .lines
        .iter()
        .filter(|l| side.is_none() || l.side == side)
    {
        // Most lines add up: decide that without building cited terms.
        let expected =
            crate::amount::sum_fen(part_values.iter_mut().map(|v| v.fen(line).unwrap_or(0)));
        if crate::amount::FenSum::from(total_values.fen(line).unwrap_or(0)) == expected {
            continue;
        }
        let published = Term::at(table, line, total);
        let terms: Vec<Term> = present
            .iter()
            .map(|key| Term::at(table, line, key))
            .collect();
        if let Some(m) = check_sum(&published, &terms, table.amount_unit) {
            out.push(finding(
                table,
                line,
                total,
                rule,
                &format!(
                    "{total}不等于{}之和 ({total} ≠ {})",
                    present.join("、"),
                    present.join(" + ")
                ),
                m,
            ));
        }
    }
}

fn sangong(table: &StandardTable, out: &mut Vec<Finding>) {
    let line = |item: &str| by_item(table, None, item);
    let rules: [(&str, &[&str], &'static str); 2] = [
        (
            "小计",
            &["因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"],
            "identity.sangong_total",
        ),
        (
            "公务用车购置及运行维护费",
            &["公务用车购置费", "公务用车运行维护费"],
            "identity.sangong_vehicle",
        ),
    ];
    for (total_item, part_items, rule) in rules {
        let Some(total) = line(total_item) else {
            continue;
        };
        let parts: Vec<&Line> = part_items.iter().filter_map(|i| line(i)).collect();
        if parts.len() != part_items.len() {
            continue;
        }
        let message = format!(
            "{total_item}不等于{}之和 ({total_item} ≠ Σ parts)",
            part_items.join("、")
        );
        sum_of_lines(
            table,
            total,
            &parts,
            &mut ColumnValues::each(table, &amount_keys(table, None)),
            rule,
            &message,
            out,
        );
    }
}

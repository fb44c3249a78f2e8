//! balance: in the 收支总表 and the 财政拨款收支总表, 本年收入合计 = Σ income
//! lines, 本年支出合计 = Σ expenditure lines, 总计 = 本年合计 + 结转, the
//! 结转 lines = Σ their sub-lines, and 收入总计 = 支出总计.

use super::compare::{check_sum, Term};
use super::lookup::{amount_keys, ColumnValues};
use super::{finding, sum_of_lines, Finding};
use crate::model::{Line, Side, StandardTable, TableKind, UnitDisclosure};

pub fn check(unit: &UnitDisclosure, out: &mut Vec<Finding>) {
    for kind in [TableKind::Summary, TableKind::FiscalSummary] {
        let Some(table) = unit.table(kind).filter(|t| !t.is_empty) else {
            continue;
        };
        let income = side_totals(table, Side::Income, out);
        let expenditure = side_totals(table, Side::Expenditure, out);
        if let (Some((income_line, income_key)), Some((spend_line, spend_key))) =
            (income, expenditure)
        {
            let published = Term::at(table, income_line, income_key);
            let other = Term::at(table, spend_line, spend_key);
            if let Some(m) = check_sum(&published, &[other], table.amount_unit) {
                out.push(finding(
                    table,
                    income_line,
                    income_key,
                    "balance.sides",
                    "收入总计不等于支出总计 (收入总计 ≠ 支出总计)",
                    m,
                ));
            }
        }
    }
}

/// Check one side; return its 总计 line and first amount column for the
/// comparison of the two sides.
fn side_totals<'t>(
    table: &'t StandardTable,
    side: Side,
    out: &mut Vec<Finding>,
) -> Option<(&'t Line, &'t str)> {
    let lines: Vec<&Line> = table
        .lines
        .iter()
        .filter(|l| l.side == Some(side))
        .collect();
    let subtotal = lines.iter().position(|l| {
        let i = item(l);
        i.starts_with("本年") && i.ends_with("合计")
    });
    let grand = lines.iter().position(|l| item(l).ends_with("总计"));
    let keys = amount_keys(table, Some(side));
    let mut columns = ColumnValues::each(table, &keys);
    let is_sub_line = |l: &Line| item(l).contains('/');
    if let Some(s) = subtotal {
        let sources: Vec<&Line> = lines[..s]
            .iter()
            .copied()
            .filter(|l| !is_sub_line(l))
            .collect();
        sum_of_lines(
            table,
            lines[s],
            &sources,
            &mut columns,
            "balance.subtotal",
            "本年合计不等于其上各行之和 (本年合计 ≠ Σ lines)",
            out,
        );
        if let Some(g) = grand.filter(|g| *g > s) {
            let mut parts = vec![lines[s]];
            let carry: Vec<&Line> = lines[s + 1..g]
                .iter()
                .copied()
                .filter(|l| !is_sub_line(l))
                .collect();
            parts.extend(carry.iter().copied());
            sum_of_lines(
                table,
                lines[g],
                &parts,
                &mut columns,
                "balance.grand_total",
                "总计不等于本年合计加结转结余 (总计 ≠ 本年合计 + 结转)",
                out,
            );
            for head in carry {
                let prefix = format!("{}/", item(head));
                let subs: Vec<&Line> = lines
                    .iter()
                    .copied()
                    .filter(|l| item(l).starts_with(&prefix))
                    .collect();
                let any_value = subs
                    .iter()
                    .any(|l| l.cells.iter().any(|c| c.value.fen().is_some()));
                if any_value {
                    sum_of_lines(
                        table,
                        head,
                        &subs,
                        &mut columns,
                        "balance.carry_over",
                        "结转结余不等于其下各项之和 (结转 ≠ Σ sub-lines)",
                        out,
                    );
                }
            }
        }
    }
    let grand_line = lines.get(grand?)?;
    Some((grand_line, keys.first().copied()?))
}

/// A summary line's canonical item ("" for none).
fn item(line: &Line) -> &str {
    line.item.as_deref().unwrap_or("")
}

//! hierarchy: every 类 = Σ款 and 款 = Σ项, and the 合计 row = Σ类, in every
//! classified table and every amount column.

use super::compare::{check_sum, Term};
use super::lookup::{amount_keys, cell, label, total_line};
use super::{finding, Finding};
use crate::model::{Classification, Line, StandardTable, UnitDisclosure};

pub fn check(unit: &UnitDisclosure, out: &mut Vec<Finding>) {
    for table in &unit.tables {
        let classified = matches!(
            table.kind.classification(),
            Classification::Function | Classification::Economic
        );
        if classified && !table.is_empty {
            parents(table, out);
            total(table, out);
        }
    }
}

fn children<'t>(table: &'t StandardTable, parent: &Line) -> Vec<&'t Line> {
    let (Some(code), Some(level)) = (&parent.code, parent.level) else {
        return Vec::new();
    };
    table
        .lines
        .iter()
        .filter(|l| l.level == Some(level + 1))
        .filter(|l| {
            l.code
                .as_deref()
                .is_some_and(|c| c.starts_with(code.as_str()))
        })
        .collect()
}

fn parents(table: &StandardTable, out: &mut Vec<Finding>) {
    for parent in table.lines.iter().filter(|l| l.level.is_some()) {
        let kids = children(table, parent);
        if kids.is_empty() {
            continue;
        }
        let what = if parent.level == Some(1) {
            "类"
        } else {
            "款"
        };
        let parts_name = if parent.level == Some(1) {
            "款"
        } else {
            "项"
        };
        compare_rows(
            table,
            parent,
            &kids,
            "hierarchy.parent",
            &format!("{what}的数不等于其下各{parts_name}之和 ({what} ≠ Σ{parts_name})"),
            out,
        );
    }
}

fn total(table: &StandardTable, out: &mut Vec<Finding>) {
    let Some(total) = total_line(table) else {
        return;
    };
    let classes: Vec<&Line> = table.lines.iter().filter(|l| l.level == Some(1)).collect();
    if classes.is_empty() {
        return;
    }
    compare_rows(
        table,
        total,
        &classes,
        "hierarchy.total",
        "合计行不等于各类之和 (合计 ≠ Σ类)",
        out,
    );
}

fn compare_rows(
    table: &StandardTable,
    parent: &Line,
    kids: &[&Line],
    rule: &'static str,
    message: &str,
    out: &mut Vec<Finding>,
) {
    for key in amount_keys(table, None) {
        let published = Term::new(
            label(table, parent, key),
            cell(table, parent, key).flatten(),
        );
        let parts: Vec<Term> = kids
            .iter()
            .map(|kid| Term::new(label(table, kid, key), cell(table, kid, key).flatten()))
            .collect();
        if let Some(m) = check_sum(&published, &parts, table.amount_unit) {
            out.push(finding(table, parent, key, rule, message, m));
        }
    }
}

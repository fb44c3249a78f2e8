//! hierarchy: every 类 = Σ款 and 款 = Σ项, and the 合计 row = Σ类, in every
//! classified table and every amount column.

use super::lookup::{amount_keys, total_line, ColumnValues};
use super::{sum_of_lines, Finding};
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

/// `parent`'s children among `next_level`, the lines one level below it.
fn children<'t>(next_level: &[&'t Line], parent: &Line) -> Vec<&'t Line> {
    let Some(code) = &parent.code else {
        return Vec::new();
    };
    next_level
        .iter()
        .copied()
        .filter(|l| {
            l.code
                .as_deref()
                .is_some_and(|c| c.starts_with(code.as_str()))
        })
        .collect()
}

fn parents(table: &StandardTable, out: &mut Vec<Finding>) {
    let keys = amount_keys(table, None);
    let mut columns = ColumnValues::each(table, &keys);
    let message = |what: &str, parts_name: &str| {
        format!("{what}的数不等于其下各{parts_name}之和 ({what} ≠ Σ{parts_name})")
    };
    let (class_message, section_message) = (message("类", "款"), message("款", "项"));
    // Each parent's children are searched among the next level's lines
    // only, gathered once, instead of among every line of the table.
    let at_level = |level: u8| -> Vec<&Line> {
        table
            .lines
            .iter()
            .filter(|l| l.level == Some(level))
            .collect()
    };
    let below = [at_level(2), at_level(3)];
    for parent in table.lines.iter().filter(|l| l.level.is_some()) {
        let next_level = match parent.level {
            Some(1) => below[0].as_slice(),
            Some(2) => below[1].as_slice(),
            // Levels stop at 3 (项): nothing is below.
            _ => &[],
        };
        let kids = children(next_level, parent);
        if kids.is_empty() {
            continue;
        }
        let message = if parent.level == Some(1) {
            &class_message
        } else {
            &section_message
        };
        sum_of_lines(
            table,
            parent,
            &kids,
            &mut columns,
            "hierarchy.parent",
            message,
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
    sum_of_lines(
        table,
        total,
        &classes,
        &mut ColumnValues::each(table, &amount_keys(table, None)),
        "hierarchy.total",
        "合计行不等于各类之和 (合计 ≠ Σ类)",
        out,
    );
}

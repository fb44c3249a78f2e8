//! Finding lines and cells in a recognised table by meaning.

use crate::model::{ColumnRole, Line, Side, StandardTable, TableKind, UnitDisclosure};

/// The value of `line` in the column named `key`: `None` when the column is
/// absent; `Some(None)` when the cell is blank or "-".
pub fn cell(table: &StandardTable, line: &Line, key: &str) -> Option<Option<i64>> {
    let column = table.columns.iter().find(|c| {
        c.role == ColumnRole::Amount && c.key == key && (line.side.is_none() || c.side == line.side)
    })?;
    Some(
        line.cells
            .iter()
            .find(|c| c.position == column.position)
            .and_then(|c| c.value.fen()),
    )
}

/// Amount column keys of a table (one side for summary tables).
pub fn amount_keys(table: &StandardTable, side: Option<Side>) -> Vec<&str> {
    table
        .columns
        .iter()
        .filter(|c| c.role == ColumnRole::Amount && (side.is_none() || c.side == side))
        .map(|c| c.key.as_str())
        .collect()
}

pub fn by_item<'t>(table: &'t StandardTable, side: Option<Side>, item: &str) -> Option<&'t Line> {
    table
        .lines
        .iter()
        .find(|l| l.side == side && l.item.as_deref() == Some(item))
}

pub fn by_code<'t>(table: &'t StandardTable, code: &str) -> Option<&'t Line> {
    table.lines.iter().find(|l| l.code.as_deref() == Some(code))
}

/// The 合计 row of a classified table.
pub fn total_line(table: &StandardTable) -> Option<&Line> {
    table
        .lines
        .iter()
        .find(|l| l.code.is_none() && l.item.as_deref() == Some("合计"))
}

pub fn non_empty(unit: &UnitDisclosure, kind: TableKind) -> Option<&StandardTable> {
    unit.table(kind).filter(|t| !t.is_empty)
}

/// How a line is cited in evidence: 序号 and code or name.
pub fn label(table: &StandardTable, line: &Line, key: &str) -> String {
    let what = match &line.code {
        Some(code) => format!("{code} {}", line.name),
        None => line.name.trim().to_string(),
    };
    format!("{}[{} {}]", table.kind.key(), what, key)
}

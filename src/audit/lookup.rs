//! Finding lines and cells in a recognised table by meaning.

use crate::model::{ColumnRole, Line, Side, StandardTable, TableKind, UnitDisclosure};

/// The value of `line` in the column named `key`: `None` when the column is
/// absent; `Some(None)` when the cell is blank or "-".
pub fn cell(table: &StandardTable, line: &Line, key: &str) -> Option<Option<i64>> {
    let position = position(table, line.side, key)?;
    // Jiangsu's 收支预算总表 prints two 金额 columns on the expenditure side
    // (功能分类, 支出用途); a line of the second half fills only the second.
    let in_another = || {
        table
            .columns
            .iter()
            .filter(|c| c.role == ColumnRole::Amount && c.key == key && c.position != position)
            .filter(|c| line.side.is_none() || c.side == line.side)
            .find_map(|c| fen_at(line, c.position))
    };
    Some(fen_at(line, position).or_else(in_another))
}

/// The column of a summary table that holds each line's amount on `side`:
/// 预算数 (Hebei, a national 部门预算), 合计 where 预算数 is split into
/// 合计/基本支出/项目支出 (a 单位预算), 决算数 in the final accounts, 金额.
pub fn summary_amount_key(summary: &StandardTable, side: Side) -> Option<&'static str> {
    let has = |wanted: &str| {
        summary
            .columns
            .iter()
            .any(|c| c.side == Some(side) && c.role == ColumnRole::Amount && c.key == wanted)
    };
    ["预算数", "合计", "决算数", "金额"]
        .into_iter()
        .find(|k| has(k))
}

/// The position of the amount column `key` that lines of `side` use.
fn position(table: &StandardTable, side: Option<Side>, key: &str) -> Option<usize> {
    table
        .columns
        .iter()
        .find(|c| {
            c.role == ColumnRole::Amount && c.key == key && (side.is_none() || c.side == side)
        })
        .map(|c| c.position)
}

fn fen_at(line: &Line, position: usize) -> Option<i64> {
    line.cell_at(position).and_then(|c| c.value.fen())
}

/// [`cell`] (blank, "-" and absent as `None`) for many lines of one table in
/// one column: the column is looked up once per side, not once per line,
/// because sums over every line and column made that search the audit's
/// largest cost.
pub struct ColumnValues<'t> {
    table: &'t StandardTable,
    key: &'t str,
    /// The side last looked up and its column position.
    cached: Option<(Option<Side>, Option<usize>)>,
}

impl<'t> ColumnValues<'t> {
    pub fn new(table: &'t StandardTable, key: &'t str) -> Self {
        ColumnValues {
            table,
            key,
            cached: None,
        }
    }

    /// One per key, for summing several groups of lines over the same columns.
    pub fn each(table: &'t StandardTable, keys: &[&'t str]) -> Vec<Self> {
        keys.iter()
            .map(|key| ColumnValues::new(table, key))
            .collect()
    }

    pub fn key(&self) -> &'t str {
        self.key
    }

    pub fn fen(&mut self, line: &Line) -> Option<i64> {
        let position = match self.cached {
            Some((side, position)) if side == line.side => position,
            _ => {
                let position = position(self.table, line.side, self.key);
                self.cached = Some((line.side, position));
                position
            }
        };
        fen_at(line, position?)
    }
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

/// The line of `item` on `side`. A row whose name spans both halves of a
/// two-half summary (Jiangsu's `支出合计` across 功能分类 and 支出用途) is
/// read as a line per half, one of them empty: the one with figures wins.
pub fn by_item<'t>(table: &'t StandardTable, side: Option<Side>, item: &str) -> Option<&'t Line> {
    let mut named = table
        .lines
        .iter()
        .filter(|l| l.side == side && l.item.as_deref() == Some(item));
    let first = named.next()?;
    let has_figures = |l: &Line| l.cells.iter().any(|c| c.value.fen().is_some());
    if has_figures(first) {
        return Some(first);
    }
    Some(named.find(|l| has_figures(l)).unwrap_or(first))
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

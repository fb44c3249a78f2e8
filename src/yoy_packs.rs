//! The yoy_packs table (migrations/V5__yoy_packs.sql): the one definition
//! of its columns that the writer (store/summaries.rs), the query
//! (queries/yoy.sql), the reader (report/yoy) and the comparison's choices
//! (`yusuan yoy --by --level --column`) all use.
//!
//! One row per disclosure, packed table and level; each field of the
//! table's lines is a JSON array with one element per line. Migrations are
//! history and SQL cannot import Rust, so tests hold V5's columns and
//! queries/yoy.sql's choice of amount column to this definition
//! (tests/summaries.rs).

/// A table whose lines are packed, as yoy_packs.by names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// 支出功能分类 类/款/项, from the 支出总表.
    Function,
    /// 部门经济分类 类/款, from the 一般公共预算财政拨款基本支出表.
    Economic,
    /// The lines of the 收支总表.
    Summary,
}

/// An amount column: each line's amount, in 分, in the table's columns
/// whose key (`layout_columns.key`) is one of `keys`. The first key is the
/// one `yusuan yoy --column` and queries/yoy.sql's `:column` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmountColumn {
    pub name: &'static str,
    /// Column keys in order of preference: the first one a table prints
    /// (on a line's side) is read, every column of that key added up.
    pub keys: &'static [&'static str],
}

pub const TOTAL: AmountColumn = AmountColumn {
    name: "total",
    // The first of these a table prints is its total: 合计; 本年支出合计 in a
    // 支出决算表; 决算数 (the actual, beside 预算数) in a 决算; the 收支总表's one
    // column, 预算数.
    keys: &["合计", "本年支出合计", "决算数", "预算数"],
};
const BASIC: AmountColumn = AmountColumn {
    name: "basic",
    keys: &["基本支出"],
};
const PROJECT: AmountColumn = AmountColumn {
    name: "project",
    keys: &["项目支出"],
};
const OPERATING: AmountColumn = AmountColumn {
    name: "operating",
    keys: &["经营支出"],
};
const REMIT: AmountColumn = AmountColumn {
    name: "remit",
    keys: &["上解上级支出"],
};
const SUBSIDY: AmountColumn = AmountColumn {
    name: "subsidy",
    keys: &["对附属单位补助支出"],
};
const PERSONNEL: AmountColumn = AmountColumn {
    name: "personnel",
    keys: &["人员经费"],
};
const PUBLIC: AmountColumn = AmountColumn {
    name: "public",
    keys: &["公用经费"],
};

/// The amount columns, in the table's order.
pub const AMOUNT_COLUMNS: [AmountColumn; 8] = [
    TOTAL, BASIC, PROJECT, OPERATING, REMIT, SUBSIDY, PERSONNEL, PUBLIC,
];

/// The key: which table, which level, which disclosure.
pub const KEY_COLUMNS: [&str; 3] = ["by", "level", "disclosure_id"];

/// The line fields, in the table's order after the key: lines.row_no,
/// lines.side, lines.code, lines.name and lines.item.
pub const LINE_COLUMNS: [&str; 5] = ["row_nos", "sides", "codes", "names", "items"];

/// Every column of yoy_packs, in the table's order.
pub fn columns() -> impl Iterator<Item = &'static str> {
    KEY_COLUMNS
        .into_iter()
        .chain(LINE_COLUMNS)
        .chain(AMOUNT_COLUMNS.iter().map(|c| c.name))
}

impl By {
    pub const ALL: [By; 3] = [By::Function, By::Economic, By::Summary];

    /// yoy_packs.by.
    pub fn key(self) -> &'static str {
        match self {
            By::Function => "function",
            By::Economic => "economic",
            By::Summary => "summary",
        }
    }

    /// The levels its lines are packed at: 1 类, 2 款, 3 项 (the 合计 row at
    /// each); none for the summary, whose lines are packed at level 0.
    pub fn levels(self) -> &'static [u8] {
        match self {
            By::Function => &[1, 2, 3],
            By::Economic => &[1, 2],
            By::Summary => &[],
        }
    }

    /// The amount columns its table has; the others stay NULL.
    pub fn amounts(self) -> &'static [AmountColumn] {
        match self {
            By::Function => &[TOTAL, BASIC, PROJECT, OPERATING, REMIT, SUBSIDY],
            By::Economic => &[TOTAL, PERSONNEL, PUBLIC],
            By::Summary => &[TOTAL],
        }
    }

    /// The `--column` keys it can compare, in the table's order.
    pub fn column_keys(self) -> Vec<&'static str> {
        self.amounts().iter().map(|c| c.keys[0]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_has_a_total_and_only_columns_of_the_table() {
        for by in By::ALL {
            assert_eq!(by.amounts()[0], AMOUNT_COLUMNS[0], "{by:?}");
            for column in by.amounts() {
                assert!(AMOUNT_COLUMNS.contains(column), "{by:?} {column:?}");
            }
        }
    }

    #[test]
    fn column_names_and_keys_are_unique() {
        let names: Vec<&str> = columns().collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        let keys: Vec<&str> = AMOUNT_COLUMNS
            .iter()
            .flat_map(|c| c.keys)
            .copied()
            .collect();
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "{keys:?}");
    }
}

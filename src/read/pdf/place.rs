//! Where a paragraph or a table row lies on paper, in the words the rest of
//! yusuan prints: "第 12 页第 1 个表格第 5 行", "第 12 页第 3 段". The one
//! place these strings are made, so that a typed place replaces them here.

/// What is found on a page: the n-th paragraph, or a row of a table (both
/// counted from 1 on that page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    Paragraph(usize),
    Table(usize),
    Row { table: usize, row: usize },
}

pub fn place(page: usize, spot: Spot) -> String {
    match spot {
        Spot::Paragraph(n) => format!("第 {page} 页第 {n} 段"),
        Spot::Table(n) => format!("第 {page} 页第 {n} 个表格"),
        Spot::Row { table, row } => format!("第 {page} 页第 {table} 个表格第 {row} 行"),
    }
}

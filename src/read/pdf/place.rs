//! Where a paragraph, a table or a table row lies on paper, as a typed
//! [`Place`] ("第 12 页第 1 个表格第 5 行", "第 12 页第 3 段" when shown).

use crate::read::Place;

/// What is found on a page: the n-th paragraph, or a row of a table (both
/// counted from 1 on that page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    Paragraph(usize),
    Table(usize),
    Row { table: usize, row: usize },
}

pub fn place(page: usize, spot: Spot) -> Place {
    match spot {
        Spot::Paragraph(paragraph) => Place::PageParagraph { page, paragraph },
        Spot::Table(table) => Place::PageTable { page, table },
        Spot::Row { table, row } => Place::PageTableRow {
            page,
            table,
            row,
            cell: None,
        },
    }
}

//! A position in a source file → the words that tell a person where to look.
//!
//! Every reader names its places in this one type, and the wording (today's
//! exact strings, which messages, evidence and tests carry) is written once,
//! in [`Place`]'s `Display`.

use std::fmt;

/// Where something is in the document a reader read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    /// A line of a text export: `第 7 行`.
    Line(usize),
    /// A position number no reader placed (past every paragraph and row):
    /// `第 7 项`.
    Position(usize),
    /// The n-th paragraph of a Word or HTML document: `第 12 段`.
    Paragraph(usize),
    /// A row of the n-th table of a Word or HTML document, and the cell
    /// when one is meant: `第 3 个表格第 5 行`, `第 3 个表格第 5 行第 2 格`.
    TableRow {
        table: usize,
        row: usize,
        cell: Option<usize>,
    },
    /// A worksheet as a whole (a table named only by its tab):
    /// `工作表「表1」`.
    Sheet { name: String },
    /// A row of a worksheet (1-based, as Excel shows it), and the cell
    /// when one is meant: `工作表「表1」第 3 行`, `…第 3 行第 2 格`.
    SheetRow {
        name: String,
        row: u64,
        cell: Option<usize>,
    },
    /// The n-th paragraph on a PDF page: `第 12 页第 3 段`.
    PageParagraph { page: usize, paragraph: usize },
    /// The n-th table on a PDF page as a whole: `第 12 页第 1 个表格`.
    PageTable { page: usize, table: usize },
    /// A row of the n-th table on a PDF page, and the cell when one is
    /// meant: `第 12 页第 1 个表格第 5 行`, `…第 5 行第 3 格`.
    PageTableRow {
        page: usize,
        table: usize,
        row: usize,
        cell: Option<usize>,
    },
    /// A place in another file than the one a message is about (the
    /// 情况说明 a separate file joined to its tables): `《情况说明.pdf》第 3 页第 2 段`.
    InFile { file: String, place: Box<Place> },
}

impl Place {
    /// The `cell`-th cell (1-based) of this row; a place that is not a row
    /// has no cells and stays as it is.
    pub fn cell(self, cell: usize) -> Place {
        match self {
            Place::TableRow { table, row, .. } => Place::TableRow {
                table,
                row,
                cell: Some(cell),
            },
            Place::SheetRow { name, row, .. } => Place::SheetRow {
                name,
                row,
                cell: Some(cell),
            },
            Place::PageTableRow {
                page, table, row, ..
            } => Place::PageTableRow {
                page,
                table,
                row,
                cell: Some(cell),
            },
            other => other,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cell = match self {
            Place::Line(line) => return write!(f, "第 {line} 行"),
            Place::Position(position) => return write!(f, "第 {position} 项"),
            Place::Paragraph(paragraph) => return write!(f, "第 {paragraph} 段"),
            Place::Sheet { name } => return write!(f, "工作表「{name}」"),
            Place::PageParagraph { page, paragraph } => {
                return write!(f, "第 {page} 页第 {paragraph} 段")
            }
            Place::PageTable { page, table } => return write!(f, "第 {page} 页第 {table} 个表格"),
            Place::InFile { file, place } => return write!(f, "《{file}》{place}"),
            Place::TableRow { table, row, cell } => {
                write!(f, "第 {table} 个表格第 {row} 行")?;
                cell
            }
            Place::SheetRow { name, row, cell } => {
                write!(f, "工作表「{name}」第 {row} 行")?;
                cell
            }
            Place::PageTableRow {
                page,
                table,
                row,
                cell,
            } => {
                write!(f, "第 {page} 页第 {table} 个表格第 {row} 行")?;
                cell
            }
        };
        match cell {
            Some(cell) => write!(f, "第 {cell} 格"),
            None => Ok(()),
        }
    }
}

/// Tests and callers compare a place with the words they expect to see.
impl PartialEq<str> for Place {
    fn eq(&self, other: &str) -> bool {
        /// What is left of the expected words as the place writes itself.
        struct Rest<'a>(&'a str);
        impl fmt::Write for Rest<'_> {
            fn write_str(&mut self, piece: &str) -> fmt::Result {
                self.0 = self.0.strip_prefix(piece).ok_or(fmt::Error)?;
                Ok(())
            }
        }
        let mut rest = Rest(other);
        fmt::write(&mut rest, format_args!("{self}")).is_ok() && rest.0.is_empty()
    }
}

impl PartialEq<&str> for Place {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_place_reads_as_the_messages_have_always_named_it() {
        let sheet = |cell| Place::SheetRow {
            name: "表1".into(),
            row: 3,
            cell,
        };
        let cases = [
            (Place::Line(7), "第 7 行"),
            (Place::Position(9), "第 9 项"),
            (Place::Paragraph(12), "第 12 段"),
            (
                Place::TableRow {
                    table: 3,
                    row: 5,
                    cell: None,
                },
                "第 3 个表格第 5 行",
            ),
            (
                Place::Sheet {
                    name: "表1".into()
                },
                "工作表「表1」",
            ),
            (sheet(None), "工作表「表1」第 3 行"),
            (sheet(Some(2)), "工作表「表1」第 3 行第 2 格"),
            (
                Place::PageParagraph {
                    page: 12,
                    paragraph: 3,
                },
                "第 12 页第 3 段",
            ),
            (
                Place::PageTableRow {
                    page: 12,
                    table: 1,
                    row: 5,
                    cell: None,
                },
                "第 12 页第 1 个表格第 5 行",
            ),
        ];
        for (place, words) in cases {
            assert_eq!(place.to_string(), words);
        }
    }

    #[test]
    fn a_cell_is_named_after_its_row_and_only_rows_have_cells() {
        let row = Place::PageTableRow {
            page: 12,
            table: 1,
            row: 5,
            cell: None,
        };
        assert_eq!(row.cell(3).to_string(), "第 12 页第 1 个表格第 5 行第 3 格");
        let row = Place::TableRow {
            table: 1,
            row: 2,
            cell: None,
        };
        assert_eq!(row.cell(1).to_string(), "第 1 个表格第 2 行第 1 格");
        assert_eq!(Place::Paragraph(4).cell(2), Place::Paragraph(4));
    }
}

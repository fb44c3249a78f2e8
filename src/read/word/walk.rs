//! The parsed tree → [`Item`]s: tables numbered in document order, frame
//! tables unwrapped and nested tables lifted out of their cells.

use super::parse::{Node, RowProps};
use crate::read::place::Place;
use crate::read::source::{Item, SourceCell, SourceRow};

/// Turns the tree into items; numbers the tables in document order.
#[derive(Default)]
pub(super) struct Walk {
    tables: usize,
}

impl Walk {
    /// Paragraphs and tables of a block container (the body or a cell), in
    /// order. Paragraph places are filled in by the caller.
    pub(super) fn blocks(&mut self, nodes: &[Node]) -> Vec<Item> {
        let mut items = Vec::new();
        for node in nodes {
            match node {
                Node::Paragraph(children) => {
                    let mut text = String::new();
                    inline_text(children, &mut text);
                    // The text export drops empty paragraphs; a paragraph
                    // of one space is kept, as there.
                    if !text.is_empty() {
                        items.push(Item::Paragraph {
                            place: Place::Paragraph(0),
                            text,
                        });
                    }
                }
                Node::Table(rows) => items.extend(self.table(rows)),
                // A row or cell outside a table is malformed; its content
                // still belongs where it stands.
                Node::Row(_, children) | Node::Cell(_, children) => {
                    items.extend(self.blocks(children))
                }
                Node::Text(_) => {}
            }
        }
        items
    }

    /// One `w:tbl`: usually one table item; a frame table gives its content
    /// instead; tables nested in cells follow the row that holds them.
    fn table(&mut self, children: &[Node]) -> Vec<Item> {
        let rows: Vec<(usize, RowProps, &[Node])> = children
            .iter()
            .filter_map(|node| match node {
                Node::Row(props, cells) => Some((*props, cells.as_slice())),
                _ => None,
            })
            .enumerate()
            .map(|(index, (props, cells))| (index + 1, props, cells))
            .collect();
        if let Some(content) = frame_content(&rows) {
            return self.blocks(content);
        }
        self.tables += 1;
        let number = self.tables;
        let mut items = Vec::new();
        let mut done: Vec<SourceRow> = Vec::new();
        for (index, props, nodes) in rows {
            if props.deleted {
                continue;
            }
            let mut cells: Vec<SourceCell> = Vec::new();
            let mut nested: Vec<Item> = Vec::new();
            let mut listed = 0;
            if props.grid_before > 0 {
                cells.push(SourceCell::spanning("", props.grid_before));
            }
            for node in nodes {
                let Node::Cell(cell, content) = node else {
                    continue;
                };
                listed += 1;
                let mut paragraphs = Vec::new();
                for item in self.blocks(content) {
                    match item {
                        Item::Paragraph { text, .. } => paragraphs.push(text),
                        table => nested.push(table),
                    }
                }
                // Paragraphs of one cell share a line in the text export; a
                // space keeps "1" and "2" from reading as 12.
                let text = paragraphs.join(" ");
                let span = cell.grid_span.max(1);
                match cells.last_mut() {
                    Some(left) if cell.merged_left && listed > 1 => merge_into(left, span, &text),
                    _ if cell.continues_above => cells.push(SourceCell::continued(span)),
                    _ => cells.push(SourceCell::spanning(text, span)),
                }
            }
            if listed == 0 {
                continue;
            }
            if props.grid_after > 0 {
                cells.push(SourceCell::spanning("", props.grid_after));
            }
            done.push(SourceRow {
                place: Place::TableRow {
                    table: number,
                    row: index,
                    cell: None,
                },
                cells,
            });
            if !nested.is_empty() {
                if !done.is_empty() {
                    items.push(Item::Table {
                        rows: std::mem::take(&mut done),
                    });
                }
                items.append(&mut nested);
            }
        }
        if !done.is_empty() {
            items.push(Item::Table { rows: done });
        }
        items
    }
}

/// A legacy horizontal merge: the cell joins the one on its left. The text
/// is appended in place; building a new string per merged cell would be
/// quadratic in a row of many of them.
pub(super) fn merge_into(left: &mut SourceCell, span: usize, text: &str) {
    left.span = left.span.saturating_add(span);
    if !text.is_empty() {
        left.text.push(' ');
        left.text.push_str(text);
    }
}

/// A table of one cell holding another table only frames its content
/// (government Word files box whole pages this way): the cell's content.
fn frame_content<'a>(rows: &[(usize, RowProps, &'a [Node])]) -> Option<&'a [Node]> {
    let mut cells = rows
        .iter()
        .filter(|(_, props, _)| !props.deleted)
        .flat_map(|(_, _, nodes)| nodes.iter())
        .filter_map(|node| match node {
            Node::Cell(_, content) => Some(content.as_slice()),
            _ => None,
        });
    let only = cells.next()?;
    if cells.next().is_some() {
        return None;
    }
    only.iter()
        .any(|node| matches!(node, Node::Table(_)))
        .then_some(only)
}

/// The text of a paragraph's runs, in order, pieces joined with nothing.
fn inline_text(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            // Not valid inside a paragraph; keep any text they carry.
            Node::Paragraph(children) | Node::Row(_, children) | Node::Cell(_, children) => {
                inline_text(children, out)
            }
            Node::Table(_) => {}
        }
    }
}

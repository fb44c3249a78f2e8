//! Document XML → a small tree of what the walk needs: paragraphs, tables,
//! rows and cells, the text of runs and the merge properties. Deleted text,
//! field instructions, drawings and property blocks are dropped on the way.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::read::error::{WordError, XmlProblem};

/// Grid columns one cell may span (Word allows 63 columns): a wild
/// `w:gridSpan` must not make later sums overflow.
pub(super) const MAX_SPAN: usize = 1000;
/// Paragraphs, tables, rows, cells and text pieces kept in memory, counted
/// as the XML streams: a disclosure has tens of thousands; each costs about
/// 300 bytes, so this many stay within the import's memory goal.
const MAX_NODES: usize = 300_000;
/// Open elements at once. Word nests tables at most about 60 deep (three
/// elements each); the tree is walked recursively, so the depth is bounded.
const MAX_DEPTH: usize = 256;

/// What the walk needs of the document: everything else is dropped while
/// parsing.
#[derive(Debug)]
pub(super) enum Node {
    /// Text of one run piece: a `w:t`, or a tab or line break.
    Text(String),
    Paragraph(Vec<Node>),
    Table(Vec<Node>),
    Row(RowProps, Vec<Node>),
    Cell(CellProps, Vec<Node>),
}

#[derive(Debug, Default, Clone, Copy)]
pub(super) struct RowProps {
    /// Grid columns left out before the first cell and after the last.
    pub(super) grid_before: usize,
    pub(super) grid_after: usize,
    /// A tracked deletion of the whole row.
    pub(super) deleted: bool,
}

#[derive(Debug, Default, Clone, Copy)]
pub(super) struct CellProps {
    /// `w:gridSpan`; 0 when absent.
    pub(super) grid_span: usize,
    /// `w:vMerge` without a value or with "continue".
    pub(super) continues_above: bool,
    /// The legacy horizontal merge: this cell belongs to the one on its left.
    pub(super) merged_left: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Root,
    Paragraph,
    Table,
    Row,
    Cell,
}

/// An open element while parsing.
enum Frame {
    /// Kept in the tree.
    Container {
        kind: Kind,
        children: Vec<Node>,
        row: RowProps,
        cell: CellProps,
    },
    /// A wrapper whose content counts as its parent's (`w:r`, `w:hyperlink`,
    /// `w:sdtContent`, `w:ins`, …).
    Transparent,
    /// Inside `w:t`.
    Text(String),
    /// Inside `w:trPr` / `w:tcPr`.
    RowProps,
    CellProps,
}

/// Elements whose whole content is not displayed text, or not in the flow.
fn skipped(name: &str) -> bool {
    // pPr, rPr, tblPr, sectPr, sdtPr, … hold properties only; a `w:tab`
    // inside pPr is a tab stop, not a tab.
    name.ends_with("Pr")
        || matches!(
            name,
            "del"
                | "moveFrom"
                | "delText"
                | "instrText"
                | "delInstrText"
                | "tblGrid"
                | "tblPrEx"
                | "drawing"
                | "pict"
                | "object"
                | "AlternateContent"
                | "footnoteReference"
                | "endnoteReference"
                | "commentReference"
                | "annotationRef"
                | "fldData"
                | "rt"
        )
}

/// An error of the reader itself, which knows where it stopped.
fn malformed(reader: &Reader<&[u8]>, error: impl Into<XmlProblem>) -> WordError {
    malformed_at(reader.error_position(), error)
}

fn malformed_at(position: u64, error: impl Into<XmlProblem>) -> WordError {
    WordError::Malformed {
        position,
        problem: error.into(),
    }
}

/// The value of the attribute with local name `local`.
fn attribute(
    reader: &Reader<&[u8]>,
    e: &BytesStart,
    local: &str,
) -> Result<Option<String>, WordError> {
    for a in e.attributes() {
        let a = a.map_err(|err| malformed_at(reader.buffer_position(), err))?;
        if a.key.local_name().as_ref() == local {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| malformed_at(reader.buffer_position(), err))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

/// A count attribute (`w:val="3"`), clamped to [`MAX_SPAN`]; unreadable is 0.
fn count(reader: &Reader<&[u8]>, e: &BytesStart) -> Result<usize, WordError> {
    let value = attribute(reader, e, "val")?;
    Ok(value
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_SPAN))
}

struct Parser<'a> {
    reader: Reader<&'a [u8]>,
    stack: Vec<Frame>,
    /// Depth inside a skipped element (0: not skipping).
    skip: usize,
    nodes: usize,
}

pub(super) fn parse(xml: &str) -> Result<Vec<Node>, WordError> {
    let mut parser = Parser {
        reader: Reader::from_str(xml),
        stack: vec![Frame::Container {
            kind: Kind::Root,
            children: Vec::new(),
            row: RowProps::default(),
            cell: CellProps::default(),
        }],
        skip: 0,
        nodes: 0,
    };
    let mut seen_element = false;
    loop {
        let event = parser
            .reader
            .read_event()
            .map_err(|e| malformed(&parser.reader, e))?;
        match event {
            Event::Start(e) => {
                seen_element = true;
                if parser.skip > 0 {
                    parser.skip += 1;
                } else if let Some(frame) = parser.open(&e)? {
                    if parser.stack.len() > MAX_DEPTH {
                        return Err(WordError::TooDeep { limit: MAX_DEPTH });
                    }
                    parser.stack.push(frame);
                }
            }
            Event::Empty(e) => {
                seen_element = true;
                if parser.skip == 0 {
                    if let Some(frame) = parser.open(&e)? {
                        parser.close(frame)?;
                    }
                    // An empty skipped element has nothing to skip.
                    parser.skip = 0;
                }
            }
            Event::End(_) => {
                if parser.skip > 0 {
                    parser.skip -= 1;
                } else if parser.stack.len() > 1 {
                    if let Some(frame) = parser.stack.pop() {
                        parser.close(frame)?;
                    }
                } else {
                    return Err(malformed_at(
                        parser.reader.buffer_position(),
                        XmlProblem::UnmatchedEnd,
                    ));
                }
            }
            Event::Text(t) => {
                if let (0, Some(Frame::Text(text))) = (parser.skip, parser.stack.last_mut()) {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let (0, Some(Frame::Text(text))) = (parser.skip, parser.stack.last_mut()) {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match &*r {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "apos" => '\'',
                        "quot" => '"',
                        other => {
                            return Err(malformed_at(
                                parser.reader.buffer_position(),
                                XmlProblem::UnknownEntity(other.to_string()),
                            ))
                        }
                    },
                    Err(e) => return Err(malformed_at(parser.reader.buffer_position(), e)),
                };
                if let (0, Some(Frame::Text(text))) = (parser.skip, parser.stack.last_mut()) {
                    text.push(resolved);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !seen_element || parser.skip > 0 || parser.stack.len() != 1 {
        return Err(WordError::Truncated);
    }
    match parser.stack.pop() {
        Some(Frame::Container { children, .. }) => Ok(children),
        _ => Ok(Vec::new()),
    }
}

impl Parser<'_> {
    /// The frame for an element just opened, or `None` when its content is
    /// skipped (then `self.skip` is 1).
    fn open(&mut self, e: &BytesStart) -> Result<Option<Frame>, WordError> {
        // quick-xml checks attributes only when asked; a damaged tag must
        // not pass for a good one.
        for a in e.attributes() {
            a.map_err(|err| malformed_at(self.reader.buffer_position(), err))?;
        }
        let local = e.local_name();
        let name = local.as_ref();
        match self.stack.last() {
            Some(Frame::RowProps) => {
                match name {
                    "gridBefore" => {
                        let n = count(&self.reader, e)?;
                        if let Some(row) = self.row_props() {
                            row.grid_before = n;
                        }
                    }
                    "gridAfter" => {
                        let n = count(&self.reader, e)?;
                        if let Some(row) = self.row_props() {
                            row.grid_after = n;
                        }
                    }
                    "del" => {
                        if let Some(row) = self.row_props() {
                            row.deleted = true;
                        }
                    }
                    _ => {}
                }
                self.skip = 1;
                return Ok(None);
            }
            Some(Frame::CellProps) => {
                match name {
                    "gridSpan" => {
                        let n = count(&self.reader, e)?;
                        if let Some(cell) = self.cell_props() {
                            cell.grid_span = n;
                        }
                    }
                    "vMerge" | "hMerge" => {
                        let value = attribute(&self.reader, e, "val")?;
                        let continues = value.is_none_or(|v| v == "continue");
                        let horizontal = name == "hMerge";
                        if let Some(cell) = self.cell_props() {
                            if horizontal {
                                cell.merged_left = continues;
                            } else {
                                cell.continues_above = continues;
                            }
                        }
                    }
                    _ => {}
                }
                self.skip = 1;
                return Ok(None);
            }
            _ => {}
        }
        let container = |kind| Frame::Container {
            kind,
            children: Vec::new(),
            row: RowProps::default(),
            cell: CellProps::default(),
        };
        let frame = match name {
            "p" => container(Kind::Paragraph),
            "tbl" => container(Kind::Table),
            "tr" => container(Kind::Row),
            "tc" => container(Kind::Cell),
            "trPr" if self.innermost() == Some(Kind::Row) => Frame::RowProps,
            "tcPr" if self.innermost() == Some(Kind::Cell) => Frame::CellProps,
            "t" => Frame::Text(String::new()),
            "tab" | "ptab" => {
                self.add(Node::Text("\t".into()))?;
                Frame::Transparent
            }
            "br" => {
                // Page and column breaks move text, they do not split it.
                let kind = attribute(&self.reader, e, "type")?;
                if !matches!(kind.as_deref(), Some("page" | "column")) {
                    self.add(Node::Text("\n".into()))?;
                }
                Frame::Transparent
            }
            "cr" => {
                self.add(Node::Text("\n".into()))?;
                Frame::Transparent
            }
            "noBreakHyphen" => {
                self.add(Node::Text("-".into()))?;
                Frame::Transparent
            }
            _ if skipped(name) => {
                self.skip = 1;
                return Ok(None);
            }
            _ => Frame::Transparent,
        };
        Ok(Some(frame))
    }

    /// An element ends: its node joins the innermost container.
    fn close(&mut self, frame: Frame) -> Result<(), WordError> {
        let node = match frame {
            Frame::Container {
                kind,
                children,
                row,
                cell,
            } => match kind {
                Kind::Paragraph => Node::Paragraph(children),
                Kind::Table => Node::Table(children),
                Kind::Row => Node::Row(row, children),
                Kind::Cell => Node::Cell(cell, children),
                // Only the bottom of the stack is the root; it never closes.
                Kind::Root => return Ok(()),
            },
            Frame::Text(text) if !text.is_empty() => Node::Text(text),
            _ => return Ok(()),
        };
        self.add(node)
    }

    fn add(&mut self, node: Node) -> Result<(), WordError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(WordError::TooManyNodes { limit: MAX_NODES });
        }
        for frame in self.stack.iter_mut().rev() {
            if let Frame::Container { children, .. } = frame {
                children.push(node);
                return Ok(());
            }
        }
        Ok(())
    }

    fn innermost(&self) -> Option<Kind> {
        self.stack.iter().rev().find_map(|frame| match frame {
            Frame::Container { kind, .. } => Some(*kind),
            _ => None,
        })
    }

    /// The innermost container: the row or cell whose properties are read.
    fn innermost_mut(&mut self) -> Option<&mut Frame> {
        self.stack
            .iter_mut()
            .rev()
            .find(|frame| matches!(frame, Frame::Container { .. }))
    }

    fn row_props(&mut self) -> Option<&mut RowProps> {
        match self.innermost_mut()? {
            Frame::Container {
                kind: Kind::Row,
                row,
                ..
            } => Some(row),
            _ => None,
        }
    }

    fn cell_props(&mut self) -> Option<&mut CellProps> {
        match self.innermost_mut()? {
            Frame::Container {
                kind: Kind::Cell,
                cell,
                ..
            } => Some(cell),
            _ => None,
        }
    }
}

//! Word 2007+ (.docx) → paragraphs and tables, in document order.
//!
//! Only `word/document.xml` is read: headers, footers, footnotes, comments
//! and text boxes are not part of the disclosure's flow. Elements are
//! matched by their local name, because documents written by other tools
//! use another prefix (`ns0:p`) or a default namespace (`<p>`).
//!
//! Reading happens in two steps. [`parse`] keeps only what matters (the
//! paragraphs, tables, rows and cells, the text of runs and the merge
//! properties) in a small tree, dropping deleted text, field instructions,
//! drawings and property blocks on the way. [`Walk`] then turns the tree into
//! [`Item`]s, unwrapping frame tables and lifting nested tables out of cells.
//!
//! 只读取 word/document.xml 的正文；按元素的本地名匹配，不依赖命名空间前缀。

use super::source::{Extracted, Item, SourceCell, SourceRow};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::{Cursor, Read};

/// More document XML than any disclosure has; a zip bomb stops here.
const MAX_XML_BYTES: u64 = 256 * 1024 * 1024;
/// Open elements at once. Word nests tables at most about 60 deep (three
/// elements each); the tree is walked recursively, so the depth is bounded.
const MAX_DEPTH: usize = 256;
/// Paragraphs, tables, rows, cells and text pieces kept in memory.
const MAX_NODES: usize = 4_000_000;
/// Grid columns one cell may span (Word allows 63 columns): a wild
/// `w:gridSpan` must not make later sums overflow.
const MAX_SPAN: usize = 1000;

const DOCUMENT: &str = "word/document.xml";

pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    let xml = document_xml(bytes, MAX_XML_BYTES)?;
    let text = decode(&xml)?;
    let nodes = parse(&text)?;
    let mut walk = Walk::default();
    let mut items = walk.blocks(&nodes);
    if !items.iter().any(|item| matches!(item, Item::Table { .. })) {
        return Err("Word 文档中没有表格 (no tables in the Word document)".into());
    }
    let mut paragraphs = 0;
    for item in &mut items {
        if let Item::Paragraph { place, .. } = item {
            paragraphs += 1;
            *place = format!("第 {paragraphs} 段");
        }
    }
    Ok(Extracted {
        format: "Word".into(),
        items,
        warnings: Vec::new(),
    })
}

/// The bytes of `word/document.xml`, refused when they exceed `limit`.
fn document_xml(bytes: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        format!(
            "Word 文档已损坏，无法作为 zip 打开 (damaged .docx, not a readable zip archive): {e}"
        )
    })?;
    // Some tools write the part name in another case; Word accepts it.
    let name = archive
        .file_names()
        .filter_map(Result::ok)
        .find(|n| n.eq_ignore_ascii_case(DOCUMENT))
        .map(|n| n.into_owned())
        .ok_or_else(|| format!("Word 文档缺少正文 {DOCUMENT} (the .docx has no {DOCUMENT})"))?;
    let inflate_error = |e: &dyn std::fmt::Display| {
        format!("Word 文档已损坏，无法解压 {DOCUMENT} (cannot inflate {DOCUMENT}): {e}")
    };
    let too_big = || {
        let size = if limit >= 1 << 20 {
            format!("{} MiB", limit >> 20)
        } else {
            format!("{limit} bytes")
        };
        format!(
            "Word 文档正文解压后超过 {size}，拒绝读取 ({DOCUMENT} inflates to more than {size}; refused as a possible zip bomb)"
        )
    };
    let entry = archive.by_name(&name).map_err(|e| inflate_error(&e))?;
    // The declared size may lie, so the reading below is capped as well.
    if entry.size() > limit {
        return Err(too_big());
    }
    let mut xml = Vec::new();
    entry
        .take(limit.saturating_add(1))
        .read_to_end(&mut xml)
        .map_err(|e| inflate_error(&e))?;
    if xml.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(xml)
}

/// Document XML is UTF-8 in practice; the standard also allows UTF-16.
fn decode(xml: &[u8]) -> Result<String, String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(xml) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&xml[bom..]);
        if !had_errors {
            return Ok(text.into_owned());
        }
    } else if let Ok(text) = std::str::from_utf8(xml) {
        return Ok(text.to_owned());
    }
    Err(format!(
        "{DOCUMENT} 的编码无效，文件可能已损坏 ({DOCUMENT} is not valid UTF-8 or UTF-16)"
    ))
}

/// What the walk needs of the document: everything else is dropped while
/// parsing.
#[derive(Debug)]
enum Node {
    /// Text of one run piece: a `w:t`, or a tab or line break.
    Text(String),
    Paragraph(Vec<Node>),
    Table(Vec<Node>),
    Row(RowProps, Vec<Node>),
    Cell(CellProps, Vec<Node>),
}

#[derive(Debug, Default, Clone, Copy)]
struct RowProps {
    /// Grid columns left out before the first cell and after the last.
    grid_before: usize,
    grid_after: usize,
    /// A tracked deletion of the whole row.
    deleted: bool,
}

#[derive(Debug, Default, Clone, Copy)]
struct CellProps {
    /// `w:gridSpan`; 0 when absent.
    grid_span: usize,
    /// `w:vMerge` without a value or with "continue".
    continues_above: bool,
    /// The legacy horizontal merge: this cell belongs to the one on its left.
    merged_left: bool,
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
fn malformed(reader: &Reader<&[u8]>, error: impl std::fmt::Display) -> String {
    malformed_at(reader.error_position(), error)
}

fn malformed_at(position: u64, error: impl std::fmt::Display) -> String {
    format!(
        "{DOCUMENT} 不是有效的 XML，文件可能已损坏 (malformed XML in {DOCUMENT} near byte {position}: {error})"
    )
}

/// The value of the attribute with local name `local`.
fn attribute(
    reader: &Reader<&[u8]>,
    e: &BytesStart,
    local: &str,
) -> Result<Option<String>, String> {
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
fn count(reader: &Reader<&[u8]>, e: &BytesStart) -> Result<usize, String> {
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

fn parse(xml: &str) -> Result<Vec<Node>, String> {
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
                        return Err(format!(
                            "{DOCUMENT} 嵌套超过 {MAX_DEPTH} 层，拒绝读取 ({DOCUMENT} nests elements more than {MAX_DEPTH} deep)"
                        ));
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
                        "an end tag without a start tag",
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
                                format!("unknown entity &{other};"),
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
        return Err(format!(
            "{DOCUMENT} 不完整，文件可能被截断 ({DOCUMENT} ends before its elements are closed; the file may be truncated)"
        ));
    }
    match parser.stack.pop() {
        Some(Frame::Container { children, .. }) => Ok(children),
        _ => Ok(Vec::new()),
    }
}

impl Parser<'_> {
    /// The frame for an element just opened, or `None` when its content is
    /// skipped (then `self.skip` is 1).
    fn open(&mut self, e: &BytesStart) -> Result<Option<Frame>, String> {
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
    fn close(&mut self, frame: Frame) -> Result<(), String> {
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

    fn add(&mut self, node: Node) -> Result<(), String> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(format!(
                "Word 文档内容过多（超过 {MAX_NODES} 个段落、单元格和文字片段），拒绝读取 (the document has more than {MAX_NODES} paragraphs, cells and text runs)"
            ));
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

/// Turns the tree into items; numbers the tables in document order.
#[derive(Default)]
struct Walk {
    tables: usize,
}

impl Walk {
    /// Paragraphs and tables of a block container (the body or a cell), in
    /// order. Paragraph places are filled in by the caller.
    fn blocks(&mut self, nodes: &[Node]) -> Vec<Item> {
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
                            place: String::new(),
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
                place: format!("第 {number} 个表格第 {index} 行"),
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
fn merge_into(left: &mut SourceCell, span: usize, text: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// A .docx whose body is `body` (prefix `w:`).
    fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
        );
        zip_of(&[("word/document.xml", xml.as_bytes())])
    }

    fn places(doc: &Extracted) -> Vec<String> {
        doc.items
            .iter()
            .flat_map(|item| match item {
                Item::Paragraph { place, .. } => vec![place.clone()],
                Item::Table { rows } => rows.iter().map(|r| r.place.clone()).collect(),
            })
            .collect()
    }

    fn read_body(body: &str) -> Extracted {
        read(&docx(body)).unwrap_or_else(|e| panic!("{e}\n{body}"))
    }

    /// A paragraph of one run.
    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    /// A one-column, one-row table, so that paragraph tests have a table.
    fn tbl() -> String {
        format!("<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>", p("x"))
    }

    fn tc(text: &str) -> String {
        format!("<w:tc>{}</w:tc>", p(text))
    }

    fn tc_with(props: &str, text: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
    }

    fn tr(cells: &[String]) -> String {
        format!("<w:tr>{}</w:tr>", cells.concat())
    }

    #[test]
    fn paragraphs_and_tables_come_in_document_order_with_places() {
        let body = [p("标题"), tbl(), p("注：空表列示。"), tbl()].concat();
        let doc = read_body(&body);
        assert_eq!(doc.format, "Word");
        assert_eq!(doc.shape(), ["P 标题", "x", "P 注：空表列示。", "x"]);
        assert_eq!(
            places(&doc),
            [
                "第 1 段",
                "第 1 个表格第 1 行",
                "第 2 段",
                "第 2 个表格第 1 行"
            ]
        );
    }

    #[test]
    fn elements_are_matched_by_local_name_whatever_the_prefix() {
        let prefixed = format!(
            r#"<ns0:document xmlns:ns0="{W}"><ns0:body><ns0:p><ns0:r><ns0:t>甲</ns0:t></ns0:r></ns0:p><ns0:tbl><ns0:tr><ns0:tc><ns0:tcPr><ns0:gridSpan ns0:val="2"/></ns0:tcPr><ns0:p><ns0:r><ns0:t>乙</ns0:t></ns0:r></ns0:p></ns0:tc></ns0:tr></ns0:tbl></ns0:body></ns0:document>"#
        );
        let default = format!(
            r#"<document xmlns="{W}"><body><p><r><t>甲</t></r></p><tbl><tr><tc><tcPr><gridSpan val="2"/></tcPr><p><r><t>乙</t></r></p></tc></tr></tbl></body></document>"#
        );
        for xml in [prefixed, default] {
            let doc = read(&zip_of(&[("word/document.xml", xml.as_bytes())])).unwrap();
            assert_eq!(doc.shape(), ["P 甲", "乙<2>"], "{xml}");
        }
    }

    #[test]
    fn run_text_is_joined_with_tabs_and_breaks_kept() {
        let body = [
            // Split over runs as Word does, one piece with entities.
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>单位预算</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>收支</w:t></w:r><w:r><w:t>总表&amp;&lt;&#x4E2D;&#20013;</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t></w:r></w:p>"#,
            // A page break before a title does not become part of it.
            r#"<w:p><w:r><w:br w:type="page"/></w:r><w:r><w:t>一、部门职责</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t xml:space="preserve">  两端有空格 </w:t></w:r></w:p>"#,
            &tbl(),
        ]
        .concat();
        assert_eq!(
            read_body(&body).shape(),
            [
                "P 单位预算收支总表&<中中",
                "P a\tb\nc\nd",
                "P 一、部门职责",
                "P   两端有空格 ",
                "x"
            ]
        );
    }

    #[test]
    fn tracked_insertions_count_and_deletions_do_not() {
        let body = [
            r#"<w:p><w:r><w:t>收入</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>总</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>支出</w:delText></w:r></w:del><w:r><w:t>表</w:t></w:r></w:p>"#,
            r#"<w:p><w:moveFrom w:id="3" w:author="a"><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo w:id="4" w:author="a"><w:r><w:t>移来</w:t></w:r></w:moveTo></w:p>"#,
            &tbl(),
        ]
        .concat();
        assert_eq!(read_body(&body).shape(), ["P 收入总表", "P 移来", "x"]);
    }

    #[test]
    fn runs_inside_wrappers_count_and_field_codes_bookmarks_and_notes_do_not() {
        let body = [
            r#"<w:p><w:bookmarkStart w:id="0" w:name="_Toc1"/><w:hyperlink w:anchor="_Toc1"><w:r><w:t>一、</w:t></w:r></w:hyperlink><w:smartTag w:uri="u" w:element="place"><w:r><w:t>山海关</w:t></w:r></w:smartTag><w:bookmarkEnd w:id="0"/></w:p>"#,
            r#"<w:p><w:sdt><w:sdtPr><w:alias w:val="标题"/><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>预算</w:t></w:r></w:sdtContent></w:sdt><w:customXml w:element="x"><w:r><w:t>说明</w:t></w:r></w:customXml></w:p>"#,
            // A complex field shows its result, not its instruction.
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>/9</w:t></w:r></w:fldSimple></w:p>"#,
            r#"<w:p><w:r><w:t>注</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t>：说明</w:t></w:r></w:p>"#,
            // Text boxes are not part of the flow; Word stores them twice.
            r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
            // Block-level content controls hold whole paragraphs and tables.
            &format!("<w:sdt><w:sdtContent>{}{}</w:sdtContent></w:sdt>", p("控件内"), tbl()),
        ]
        .concat();
        assert_eq!(
            read_body(&body).shape(),
            [
                "P 一、山海关",
                "P 预算说明",
                "P 3/9",
                "P 注：说明",
                "P 正文",
                "P 控件内",
                "x"
            ]
        );
    }

    #[test]
    fn empty_paragraphs_are_dropped_and_a_single_space_is_kept() {
        let body = [
            "<w:p/>",
            "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr></w:p>",
            "<w:p><w:r><w:t></w:t></w:r></w:p>",
            &p("标题"),
            &tbl(),
            &p(" "),
            &tbl(),
        ]
        .concat();
        let doc = read_body(&body);
        assert_eq!(doc.shape(), ["P 标题", "x", "P  ", "x"]);
        assert_eq!(places(&doc)[2], "第 2 段");
    }

    #[test]
    fn cells_span_merge_and_join_their_paragraphs() {
        let header = tr(&[
            tc_with(r#"<w:vMerge w:val="restart"/>"#, "序号"),
            tc_with(r#"<w:gridSpan w:val="2"/>"#, "收入"),
        ]);
        let leaf = tr(&[
            tc_with("<w:vMerge/>", ""),
            tc_with(r#"<w:vMerge w:val="continue"/>"#, ""),
            format!("<w:tc>{}<w:p/>{}</w:tc>", p("预算"), p("金额")),
        ]);
        let wide = tr(&[
            tc_with(r#"<w:gridSpan w:val="2"/><w:vMerge/>"#, ""),
            tc("1"),
        ]);
        let body =
            format!("<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>{header}{leaf}{wide}</w:tbl>");
        assert_eq!(
            read_body(&body).shape(),
            ["序号|收入<2> / ^1|^1|预算 金额 / ^2|1"]
        );
    }

    #[test]
    fn skipped_grid_columns_become_empty_cells_and_legacy_merges_join() {
        let before = format!(
            r#"<w:tr><w:trPr><w:gridBefore w:val="1"/><w:wBefore w:w="100"/></w:trPr>{}{}</w:tr>"#,
            tc("a"),
            tc("b")
        );
        let after = format!(
            r#"<w:tr><w:trPr><w:gridAfter w:val="2"/></w:trPr>{}</w:tr>"#,
            tc("c")
        );
        let legacy = tr(&[
            tc_with(r#"<w:hMerge w:val="restart"/>"#, "合计"),
            tc_with("<w:hMerge/>", ""),
            tc("9"),
        ]);
        let body = format!("<w:tbl>{before}{after}{legacy}</w:tbl>");
        assert_eq!(read_body(&body).shape(), ["|a|b / c|<2> / 合计<2>|9"]);
    }

    #[test]
    fn a_long_legacy_merge_takes_linear_time() {
        // 100,000 cells merged into one, 50 characters each: a new string
        // per cell copies some 750 GB; appending copies 15 MB.
        let piece = "预".repeat(50);
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut cell = SourceCell::text("合计");
            for _ in 0..100_000 {
                merge_into(&mut cell, 1, &piece);
            }
            done.send(cell)
        });
        let cell = result
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("merged within 10 s");
        assert_eq!(cell.span, 100_001);
        assert!(cell.text.starts_with("合计 预预"));
        assert_eq!(cell.text.len(), "合计".len() + 100_000 * (1 + 150));
    }

    #[test]
    fn rows_without_cells_and_deleted_rows_are_dropped_but_still_counted() {
        let deleted = format!(
            r#"<w:tr><w:trPr><w:del w:id="1" w:author="a"/></w:trPr>{}</w:tr>"#,
            tc("删")
        );
        let body = format!(
            r#"<w:tbl>{}<w:tr></w:tr><w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr></w:tr>{deleted}{}</w:tbl>"#,
            tr(&[tc("1")]),
            tr(&[tc("2")])
        );
        let doc = read_body(&body);
        assert_eq!(doc.shape(), ["1 / 2"]);
        assert_eq!(places(&doc), ["第 1 个表格第 1 行", "第 1 个表格第 5 行"]);
    }

    #[test]
    fn a_one_cell_frame_table_gives_its_content_in_place() {
        let inner = format!(
            "<w:tbl>{}{}</w:tbl>",
            tr(&[tc("项目"), tc("金额")]),
            tr(&[tc("合计"), tc("10")])
        );
        let frame = format!(
            "<w:tbl><w:tr><w:tc>{}{inner}{}</w:tc></w:tr></w:tbl>",
            p("单位预算收支总表"),
            p("注：单位万元")
        );
        // A frame inside a frame is just as transparent.
        let double = format!("<w:tbl><w:tr><w:tc>{frame}<w:p/></w:tc></w:tr></w:tbl>");
        let body = [p("前言"), double, p("后记")].concat();
        let doc = read_body(&body);
        assert_eq!(
            doc.shape(),
            [
                "P 前言",
                "P 单位预算收支总表",
                "项目|金额 / 合计|10",
                "P 注：单位万元",
                "P 后记"
            ]
        );
        assert_eq!(
            places(&doc),
            [
                "第 1 段",
                "第 2 段",
                "第 1 个表格第 1 行",
                "第 1 个表格第 2 行",
                "第 3 段",
                "第 4 段"
            ]
        );
        // One cell holding only paragraphs is a table, not a frame.
        let boxed = format!(
            "<w:tbl><w:tr><w:tc>{}{}</w:tc></w:tr></w:tbl>",
            p("绩效目标"),
            p("完成")
        );
        assert_eq!(read_body(&boxed).shape(), ["绩效目标 完成"]);
    }

    #[test]
    fn a_table_nested_in_a_cell_follows_the_row_that_holds_it() {
        let nested = format!("<w:tbl>{}</w:tbl>", tr(&[tc("一级指标"), tc("指标值")]));
        let holder = tr(&[
            tc("项目"),
            format!("<w:tc>{}{nested}<w:p/></w:tc>", p("指标")),
        ]);
        let body = format!(
            "<w:tbl>{}{holder}{}</w:tbl>",
            tr(&[tc("名称"), tc("内容")]),
            tr(&[tc("备注"), tc("无")])
        );
        let doc = read_body(&body);
        assert_eq!(
            doc.shape(),
            ["名称|内容 / 项目|指标", "一级指标|指标值", "备注|无"]
        );
        assert_eq!(
            places(&doc),
            [
                "第 1 个表格第 1 行",
                "第 1 个表格第 2 行",
                "第 2 个表格第 1 行",
                "第 1 个表格第 3 行"
            ]
        );
    }

    #[test]
    fn a_document_without_tables_is_refused() {
        let err = read(&docx(&[p("标题"), p("正文")].concat())).unwrap_err();
        assert_eq!(err, "Word 文档中没有表格 (no tables in the Word document)");
        // A table whose rows hold no cells is no table either.
        let err = read(&docx("<w:tbl><w:tr></w:tr></w:tbl>")).unwrap_err();
        assert!(err.contains("没有表格"), "{err}");
    }

    #[test]
    fn damaged_packages_are_named() {
        let err = read(b"PK\x03\x04 not really a zip").unwrap_err();
        assert!(err.contains("zip"), "{err}");
        let err = read(&zip_of(&[("word/styles.xml", b"<w:styles/>")])).unwrap_err();
        assert!(
            err.contains("word/document.xml") && err.contains("缺少"),
            "{err}"
        );
        // The part name's case does not matter.
        let body = format!(
            r#"<w:document xmlns:w="{W}"><w:body>{}</w:body></w:document>"#,
            tbl()
        );
        let upper = zip_of(&[("Word/Document.xml", body.as_bytes())]);
        assert_eq!(read(&upper).unwrap().shape(), ["x"]);
    }

    #[test]
    fn an_entry_that_cannot_be_inflated_is_named() {
        let xml = format!(
            r#"<w:document xmlns:w="{W}"><w:body>{}</w:body></w:document>"#,
            (0..200)
                .map(|n| p(&format!("第{n}段文字")))
                .collect::<String>()
                + &tbl()
        );
        let mut bytes = zip_of(&[("word/document.xml", xml.as_bytes())]);
        // Overwrite the middle of the compressed data (after the 30-byte
        // local header and the name): the deflate stream or its CRC breaks.
        let start = 30 + "word/document.xml".len();
        let compressed_end = bytes.len() / 2;
        for b in &mut bytes[start + 20..compressed_end] {
            *b = 0xFF;
        }
        let err = read(&bytes).unwrap_err();
        assert!(
            err.contains("无法解压") && err.contains("cannot inflate"),
            "{err}"
        );
    }

    #[test]
    fn malformed_and_truncated_xml_is_refused() {
        let cases = [
            format!(r#"<w:document xmlns:w="{W}"><w:body><w:p></w:tbl></w:body></w:document>"#),
            format!(r#"<w:document xmlns:w="{W}"><w:body><w:tbl><w:tr>"#),
            format!(
                r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&nbsp;</w:t></w:r></w:p>{}</w:body></w:document>"#,
                tbl()
            ),
            format!(
                r#"<w:document xmlns:w="{W}"><w:body><w:p w:a="1" w:a="2"/>{}</w:body></w:document>"#,
                tbl()
            ),
            String::new(),
        ];
        for xml in cases {
            let err = read(&zip_of(&[("word/document.xml", xml.as_bytes())])).unwrap_err();
            assert!(err.contains("word/document.xml"), "{xml}: {err}");
            assert!(
                err.contains("XML") || err.contains("truncated"),
                "{xml}: {err}"
            );
        }
        let err = read(&zip_of(&[(
            "word/document.xml",
            b"<w:document>\xFF\xFE\xFD</w:document>",
        )]))
        .unwrap_err();
        assert!(err.contains("UTF-8"), "{err}");
    }

    #[test]
    fn utf16_documents_are_read() {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-16"?><w:document xmlns:w="{W}"><w:body>{}{}</w:body></w:document>"#,
            p("标题"),
            tbl()
        );
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
        let doc = read(&zip_of(&[("word/document.xml", &bytes)])).unwrap();
        assert_eq!(doc.shape(), ["P 标题", "x"]);
    }

    #[test]
    fn hostile_sizes_are_refused_not_followed() {
        let xml = format!(
            r#"<w:document xmlns:w="{W}"><w:body>{}{}</w:body></w:document>"#,
            p(&"很长的文字".repeat(500)),
            tbl()
        );
        let bytes = zip_of(&[("word/document.xml", xml.as_bytes())]);
        let err = document_xml(&bytes, 1000).unwrap_err();
        assert!(
            err.contains("1000 bytes") && err.contains("zip bomb"),
            "{err}"
        );
        assert!(document_xml(&bytes, xml.len() as u64).is_ok());

        // Nesting deeper than anything Word writes fails cleanly instead of
        // overflowing the stack.
        let deep = format!(
            r#"<w:document xmlns:w="{W}"><w:body>{}{}</w:body></w:document>"#,
            "<w:tbl><w:tr><w:tc>".repeat(200),
            "</w:tc></w:tr></w:tbl>".repeat(200)
        );
        let err = read(&zip_of(&[("word/document.xml", deep.as_bytes())])).unwrap_err();
        assert!(err.contains("256"), "{err}");
        // Just inside the limit, 80 frames one in another unwrap to their
        // innermost table.
        let framed = format!(
            "{}{}{}",
            "<w:tbl><w:tr><w:tc>".repeat(80),
            tbl(),
            "</w:tc></w:tr></w:tbl>".repeat(80)
        );
        assert_eq!(read_body(&framed).shape(), ["x"]);

        // A wild span is clamped, not summed into an overflow; one that is
        // not a number at all is ignored.
        let wide = format!(
            r#"<w:tbl><w:tr>{}{}{}</w:tr></w:tbl>"#,
            tc_with(r#"<w:gridSpan w:val="18446744073709551615"/>"#, "a"),
            tc_with(r#"<w:gridSpan w:val="99999"/>"#, "b"),
            tc_with(r#"<w:gridSpan w:val="999999999999999999999999"/>"#, "c"),
        );
        assert_eq!(
            read_body(&wide).shape(),
            [format!("a<{MAX_SPAN}>|b<{MAX_SPAN}>|c")]
        );
    }
}

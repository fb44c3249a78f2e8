//! Saved web pages (.html, .htm, and `.doc` files that are really HTML):
//! bytes → paragraphs and tables, read the way a browser shows them.
//!
//! Decoding comes first: a byte-order mark; else UTF-8 when the bytes are
//! valid UTF-8 (whatever the page declares, see [`decode`]); else the
//! charset a `<meta>` declares near the top; else GB18030 (the superset of
//! GBK and GB2312 that older Chinese pages use). Then the page is parsed with html5ever (scraper) and
//! walked in document order:
//!
//! - Text outside tables becomes paragraphs. Block elements (`<p>`, `<div>`,
//!   `<h1>`…) and `<br>` end a paragraph; whitespace collapses as a browser
//!   collapses it, except inside `<pre>` or `white-space: pre`; `&nbsp;` is
//!   kept as a plain space, so "科目&nbsp;&nbsp;&nbsp;&nbsp;编码" keeps its
//!   four spaces. `<head>`, scripts, styles and comments are not shown by a
//!   browser and are skipped.
//! - Tables are laid on a grid: `colspan` makes one cell span several grid
//!   columns, `rowspan` makes the cells below it continue it. A one-cell
//!   table that only wraps other content (a layout table) is transparent;
//!   any other table inside a cell is read as a table of its own, after the
//!   table that holds it, and its text stays out of the outer cell.

use super::source::{Extracted, Item, SourceCell, SourceRow};
use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};
use scraper::{ElementRef, Html, Node};
use std::borrow::Cow;

/// The largest `colspan` or `rowspan` honoured, as browsers cap them; a
/// hostile page cannot make the grid huge.
const MAX_SPAN: usize = 1000;

/// Grid cells (continuations included) the page's tables may lay out. A
/// `rowspan` reaches up to 1,000 rows, or, when 0, to the end of its row
/// group: a kilobyte of markup can otherwise ask for millions of cells.
const MAX_CELLS: usize = 2_000_000;

/// Elements nested deeper than this are refused rather than followed:
/// real pages nest a few dozen levels, and the walk recurses per level.
const MAX_DEPTH: usize = 512;

/// How far into the file a `<meta charset>` is looked for (the HTML
/// standard's pre-scan length).
const CHARSET_SCAN: usize = 1024;

pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    let (text, encoding) = decode(bytes)?;
    let html = Html::parse_document(&text);
    let mut page = Page::default();
    let mut flow = Flow::default();
    for child in html.tree.root().children() {
        if let Some(element) = ElementRef::wrap(child) {
            page.walk(element, &mut flow, false, 0)?;
        }
    }
    page.end_paragraph(&mut flow);
    if page.tables == 0 {
        return Err("网页中没有表格 (no tables in the web page)".into());
    }
    Ok(Extracted {
        format: format!("HTML ({})", encoding.to_ascii_uppercase()),
        items: page.items,
        warnings: Vec::new(),
    })
}

/// The page as text, and the name of the encoding it was read as.
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), String> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        if encoding != UTF_16LE && encoding != UTF_16BE {
            refuse_binary(body, bom_len)?;
        }
        let (text, _) = encoding.decode_without_bom_handling(body);
        return Ok((text, encoding.name()));
    }
    refuse_binary(bytes, 0)?;
    let declared = declared_charset(bytes);
    // Valid UTF-8 wins over a declared charset: pages re-saved as UTF-8
    // often keep their old `charset=gb2312`, and legacy Chinese text is
    // practically never valid UTF-8 by accident.
    if let Ok(text) = std::str::from_utf8(bytes) {
        let name = match declared {
            Some(declared) if text.is_ascii() => declared.name(),
            _ => UTF_8.name(),
        };
        return Ok((Cow::Borrowed(text), name));
    }
    if let Some(declared) = declared {
        let (text, _) = declared.decode_without_bom_handling(bytes);
        return Ok((text, declared.name()));
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok((text, GB18030.name()));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _) = guess.decode_without_bom_handling(bytes);
    Ok((text, guess.name()))
}

/// Web pages hold no NUL bytes; one means the file is not a page (or is a
/// page with binary data pasted into it), so say so instead of reading on.
fn refuse_binary(bytes: &[u8], offset: usize) -> Result<(), String> {
    match bytes.iter().position(|&b| b == 0) {
        Some(at) => {
            let at = at + offset;
            Err(format!(
                "网页中第 {at} 字节处有二进制数据，文件已损坏或不是网页 (binary data at byte {at}: damaged, or not a web page)"
            ))
        }
        None => Ok(()),
    }
}

/// The encoding a `<meta charset=…>` or `<meta http-equiv="Content-Type"
/// content="…; charset=…">` names near the top of the page. GB2312 and GBK
/// are read as GB18030, their superset, since pages labelled GB2312 often
/// use GBK characters; UTF-16 labels mean UTF-8 here, as in browsers (the
/// bytes were ASCII-compatible enough to declare it).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..CHARSET_SCAN).unwrap_or(bytes);
    let lower = head.to_ascii_lowercase();
    let mut rest = lower.as_slice();
    while let Some(at) = find(rest, b"<meta") {
        rest = rest.get(at + b"<meta".len()..).unwrap_or_default();
        let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let tag = rest.get(..end).unwrap_or_default();
        let Some(at) = find(tag, b"charset") else {
            continue;
        };
        let value = tag.get(at + b"charset".len()..).unwrap_or_default();
        let value = value.trim_ascii_start();
        let Some(value) = value.strip_prefix(b"=") else {
            continue;
        };
        let value = value.trim_ascii_start();
        let value = value
            .strip_prefix(b"\"")
            .or_else(|| value.strip_prefix(b"'"))
            .unwrap_or(value);
        let label_len = value
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(b)))
            .unwrap_or(value.len());
        let label = value.get(..label_len).unwrap_or_default();
        if let Some(encoding) = Encoding::for_label(label) {
            return Some(if encoding == GBK {
                GB18030
            } else {
                encoding.output_encoding()
            });
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Text being gathered for one paragraph or one cell, collapsed as it
/// arrives: a run of collapsible white space becomes one space, dropped at
/// the start and the end.
#[derive(Default)]
struct Flow {
    text: String,
    /// Collapsible white space was seen since the last visible character.
    space: bool,
}

impl Flow {
    fn push(&mut self, text: &str, preserve: bool) {
        for c in text.chars() {
            let collapsible = !preserve && matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c');
            if collapsible {
                self.space = true;
                continue;
            }
            if self.space && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.space = false;
            // A no-break space shows as a space and is kept as one: it is
            // how pages write the runs of spaces in "科目    编码".
            self.text.push(if c == '\u{a0}' { ' ' } else { c });
        }
    }

    /// A line or block boundary inside a cell reads as a space between the
    /// two pieces of text.
    fn soft_break(&mut self) {
        self.space = true;
    }

    fn take(&mut self) -> String {
        self.space = false;
        std::mem::take(&mut self.text)
    }
}

#[derive(Default)]
struct Page {
    items: Vec<Item>,
    paragraphs: usize,
    tables: usize,
    /// Grid cells laid out so far, for [`MAX_CELLS`].
    cells: usize,
}

/// Elements whose content a browser does not show as text.
fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "head" | "title" | "script" | "style" | "template" | "noscript" | "iframe" | "object"
    )
}

/// Elements that start and end a block of text (a paragraph, or a line
/// inside a cell).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "body"
            | "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "caption"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "plaintext"
            | "pre"
            | "section"
            | "summary"
            | "ul"
            | "xmp"
            | "tr"
            | "td"
            | "th"
    )
}

/// Whether white space inside `element` is shown as written: `<pre>` and
/// its kin, or an inline `white-space: pre` style. Otherwise `inherited`.
fn preserves_space(element: &ElementRef<'_>, inherited: bool) -> bool {
    if matches!(
        element.value().name(),
        "pre" | "textarea" | "listing" | "xmp" | "plaintext"
    ) {
        return true;
    }
    let Some(style) = element.attr("style") else {
        return inherited;
    };
    let mut preserve = inherited;
    for declaration in style.split(';') {
        let Some((property, value)) = declaration.split_once(':') else {
            continue;
        };
        if property.trim().eq_ignore_ascii_case("white-space") {
            let value = value.trim().to_ascii_lowercase();
            let value = value.trim_end_matches("!important").trim();
            preserve = matches!(value, "pre" | "pre-wrap" | "break-spaces");
        }
    }
    preserve
}

fn too_many_cells() -> String {
    format!(
        "网页中的表格超过 {MAX_CELLS} 个单元格（含跨行合并的单元格），文件可能已损坏 (the tables of the page lay out more than {MAX_CELLS} cells, merged cells included; the page may be damaged)"
    )
}

fn too_deep() -> String {
    format!(
        "网页的元素嵌套超过 {MAX_DEPTH} 层，无法读取 (elements nested more than {MAX_DEPTH} deep)"
    )
}

/// One table's rows and the tables found inside its cells.
struct Grid<'a> {
    rows: Vec<SourceRow>,
    /// Per cell with content: the cell element, and whether it holds a table.
    filled: Vec<(ElementRef<'a>, bool)>,
    nested: Vec<ElementRef<'a>>,
    caption: Option<String>,
}

/// A cell whose `rowspan` still covers rows below.
#[derive(Clone, Copy)]
struct Carry {
    start: usize,
    span: usize,
    rows_left: usize,
}

impl Page {
    /// Walk `element` outside any table cell: its text goes to paragraphs.
    fn walk<'a>(
        &mut self,
        element: ElementRef<'a>,
        flow: &mut Flow,
        preserve: bool,
        depth: usize,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        let name = element.value().name();
        if is_hidden(name) {
            return Ok(());
        }
        if name == "table" {
            self.end_paragraph(flow);
            return self.table(element, depth);
        }
        if name == "br" {
            self.end_paragraph(flow);
            return Ok(());
        }
        let block = is_block(name);
        if block {
            self.end_paragraph(flow);
        }
        let preserve = preserves_space(&element, preserve);
        for child in element.children() {
            match child.value() {
                Node::Text(text) if preserve => {
                    // A line break inside <pre> ends a paragraph as <br> does.
                    for (n, line) in text.split('\n').enumerate() {
                        if n > 0 {
                            self.end_paragraph(flow);
                        }
                        flow.push(line, true);
                    }
                }
                Node::Text(text) => flow.push(text, false),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.walk(child, flow, preserve, depth + 1)?;
                    }
                }
                _ => {}
            }
        }
        if block {
            self.end_paragraph(flow);
        }
        Ok(())
    }

    fn end_paragraph(&mut self, flow: &mut Flow) {
        let text = flow.take();
        if !text.is_empty() {
            self.paragraphs += 1;
            self.items.push(Item::Paragraph {
                place: format!("第 {} 段", self.paragraphs),
                text,
            });
        }
    }

    fn table<'a>(&mut self, table: ElementRef<'a>, depth: usize) -> Result<(), String> {
        let grid = read_grid(table, depth, &mut self.cells)?;
        if let Some(caption) = grid.caption {
            let mut flow = Flow::default();
            flow.push(&caption, true);
            self.end_paragraph(&mut flow);
        }
        // A layout table: one cell with content, and that content holds a
        // table. The page reads as if the wrapper were not there.
        if let [(cell, true)] = grid.filled.as_slice() {
            let mut flow = Flow::default();
            self.walk(*cell, &mut flow, false, depth + 1)?;
            self.end_paragraph(&mut flow);
            return Ok(());
        }
        if !grid.rows.is_empty() {
            self.tables += 1;
            let number = self.tables;
            let rows = grid
                .rows
                .into_iter()
                .enumerate()
                .map(|(index, row)| SourceRow {
                    place: format!("第 {number} 个表格第 {} 行", index + 1),
                    ..row
                })
                .collect();
            self.items.push(Item::Table { rows });
        }
        for nested in grid.nested {
            self.table(nested, depth + 1)?;
        }
        Ok(())
    }
}

/// The table's row groups (`<thead>`, `<tbody>`, `<tfoot>`, in the order
/// a browser shows them) laid on a grid. Places are filled in by the caller;
/// `laid_out` counts the page's cells against [`MAX_CELLS`].
fn read_grid<'a>(
    table: ElementRef<'a>,
    depth: usize,
    laid_out: &mut usize,
) -> Result<Grid<'a>, String> {
    let mut grid = Grid {
        rows: Vec::new(),
        filled: Vec::new(),
        nested: Vec::new(),
        caption: None,
    };
    let mut groups: Vec<(&str, Vec<ElementRef<'a>>)> = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            kind @ ("thead" | "tbody" | "tfoot") => groups.push((
                kind,
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|row| row.value().name() == "tr")
                    .collect(),
            )),
            // The parser puts stray rows into a <tbody>; this is for trees
            // built some other way.
            "tr" => groups.push(("tbody", vec![child])),
            "caption" if grid.caption.is_none() => {
                let mut flow = Flow::default();
                cell_text(child, &mut flow, &mut grid.nested, false, depth + 1)?;
                grid.caption = Some(flow.take()).filter(|c| !c.is_empty());
            }
            _ => {}
        }
    }
    // A browser shows the first <thead> on top and the first <tfoot> at the
    // bottom wherever they are written (HTML 4 put <tfoot> before <tbody>).
    if let Some(head) = groups.iter().position(|(kind, _)| *kind == "thead") {
        let head = groups.remove(head);
        groups.insert(0, head);
    }
    if let Some(foot) = groups.iter().position(|(kind, _)| *kind == "tfoot") {
        let foot = groups.remove(foot);
        groups.push(foot);
    }
    let groups = groups.into_iter().map(|(_, rows)| rows);
    for group in groups {
        // A rowspan never reaches past the end of its row group.
        let mut carries: Vec<Carry> = Vec::new();
        let group_len = group.len();
        for (index, row) in group.into_iter().enumerate() {
            let rows_below = group_len - index - 1;
            let mut cells = Vec::new();
            let mut started = Vec::new();
            let mut column = 0;
            let mut pending = carries.iter().peekable();
            for cell in row.children().filter_map(ElementRef::wrap) {
                if !matches!(cell.value().name(), "td" | "th") {
                    continue;
                }
                while let Some(carry) = pending.next_if(|c| c.start <= column) {
                    cells.push(SourceCell::continued(carry.span));
                    column = carry.start + carry.span;
                }
                let mut span = span_attr(&cell, "colspan").max(1);
                if let Some(next) = pending.peek() {
                    // Overlapping cells are a page error; the cell from
                    // above keeps its place, this one is cut short.
                    span = span.min(next.start - column).max(1);
                }
                let rowspan = match span_attr(&cell, "rowspan") {
                    0 => rows_below + 1,
                    n => n.min(rows_below + 1),
                };
                let mut flow = Flow::default();
                let nested_before = grid.nested.len();
                cell_text(cell, &mut flow, &mut grid.nested, false, depth + 1)?;
                let text = flow.take();
                let holds_table = grid.nested.len() > nested_before;
                if holds_table || !text.trim().is_empty() {
                    grid.filled.push((cell, holds_table));
                }
                cells.push(SourceCell::spanning(text, span));
                if rowspan > 1 {
                    started.push(Carry {
                        start: column,
                        span,
                        rows_left: rowspan - 1,
                    });
                }
                column += span;
            }
            // Cells continued from above to the right of this row's last
            // cell; a gap before one is an empty stretch of the row.
            for carry in pending {
                if carry.start > column {
                    cells.push(SourceCell::spanning("", carry.start - column));
                }
                cells.push(SourceCell::continued(carry.span));
                column = carry.start + carry.span;
            }
            carries.retain_mut(|carry| {
                carry.rows_left -= 1;
                carry.rows_left > 0
            });
            carries.extend(started);
            carries.sort_by_key(|carry| carry.start);
            *laid_out = laid_out.saturating_add(cells.len());
            if *laid_out > MAX_CELLS {
                return Err(too_many_cells());
            }
            if !cells.is_empty() {
                grid.rows.push(SourceRow {
                    place: String::new(),
                    cells,
                });
            }
        }
    }
    Ok(grid)
}

/// A `colspan` or `rowspan` as a browser reads it: leading digits, capped;
/// absent or unreadable means 1. `rowspan="0"` (to the end of the group)
/// comes back as 0.
fn span_attr(cell: &ElementRef<'_>, name: &str) -> usize {
    let Some(value) = cell.attr(name) else {
        return 1;
    };
    let value = value.trim_start();
    let value = value.strip_prefix('+').unwrap_or(value);
    let mut digits = value.chars().map_while(|c| c.to_digit(10)).peekable();
    if digits.peek().is_none() {
        return 1;
    }
    digits.fold(0, |n: usize, digit| (n * 10 + digit as usize).min(MAX_SPAN))
}

/// The text of a cell (or caption), with tables inside it set aside in
/// `nested` instead of read into the text.
fn cell_text<'a>(
    element: ElementRef<'a>,
    flow: &mut Flow,
    nested: &mut Vec<ElementRef<'a>>,
    preserve: bool,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(too_deep());
    }
    let preserve = preserves_space(&element, preserve);
    for child in element.children() {
        match child.value() {
            Node::Text(text) if preserve => {
                for (n, line) in text.split('\n').enumerate() {
                    if n > 0 {
                        flow.soft_break();
                    }
                    flow.push(line, true);
                }
            }
            Node::Text(text) => flow.push(text, false),
            Node::Element(_) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                let name = child.value().name();
                if is_hidden(name) {
                    continue;
                }
                if name == "table" {
                    nested.push(child);
                    flow.soft_break();
                    continue;
                }
                let block = name == "br" || is_block(name);
                if block {
                    flow.soft_break();
                }
                cell_text(child, flow, nested, preserve, depth + 1)?;
                if block {
                    flow.soft_break();
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>标题</title></head><body>{body}</body></html>")
    }

    fn read_str(html: &str) -> Extracted {
        read(html.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{html}"))
    }

    #[test]
    fn colspan_and_rowspan_are_laid_on_a_grid() {
        let doc = read_str(&page(
            "<table>\
             <tr><td rowspan=3>序号</td><td colspan=2>收入</td><td rowspan=2 colspan=2>支出</td></tr>\
             <tr><td>项目</td><td>金额</td></tr>\
             <tr><td>a</td><td rowspan=2>b</td><td>c</td><td>d</td></tr>\
             <tr><td>1</td><td>2</td><td>3</td><td>4</td></tr>\
             </table>",
        ));
        assert_eq!(
            doc.shape(),
            ["序号|收入<2>|支出<2> / ^1|项目|金额|^2 / ^1|a|b|c|d / 1|2|^1|3|4"]
        );
        let Item::Table { rows } = &doc.items[0] else {
            panic!("{:?}", doc.items)
        };
        assert_eq!(rows[3].place, "第 1 个表格第 4 行");
        assert_eq!(doc.format, "HTML (UTF-8)");
    }

    #[test]
    fn a_cell_continued_from_above_past_the_last_cell_keeps_its_column() {
        // Row 2 has one cell; the rowspan cell above sits in column 3.
        let doc = read_str(&page(
            "<table><tr><td>a</td><td>b</td><td rowspan=2>c</td></tr>\
             <tr><td>x</td></tr></table>",
        ));
        assert_eq!(doc.shape(), ["a|b|c / x||^1"]);
    }

    #[test]
    fn rowspans_stop_at_the_end_of_their_row_group_and_hostile_spans_are_capped() {
        let doc = read_str(&page(
            "<table><thead><tr><td rowspan=5>h</td><td>1</td></tr></thead>\
             <tbody><tr><td>a</td><td>b</td></tr></tbody></table>",
        ));
        assert_eq!(doc.shape(), ["h|1 / a|b"]);
        let doc = read_str(&page(
            "<table><tfoot><tr><td>合计</td></tr></tfoot><tbody><tr><td>行</td></tr></tbody>\
             <thead><tr><td colspan=\" +2\">表头</td></tr></thead></table>",
        ));
        assert_eq!(doc.shape(), ["表头<2> / 行 / 合计"]);
        let doc = read_str(&page(
            "<table><tr><td colspan=00000099999999>wide</td></tr><tr><td rowspan=0>all</td><td>x</td></tr>\
             <tr><td>y</td></tr></table>",
        ));
        assert_eq!(doc.shape(), ["wide<1000> / all|x / ^1|y"]);
    }

    #[test]
    fn rowspans_that_would_lay_out_millions_of_cells_are_refused() {
        // 1,000 cells reaching to the end of a group of 3,000 empty rows:
        // 3 million continuation cells from 18 kB of markup.
        let mut body = String::from("<table><tr>");
        body.push_str(&"<td rowspan=0>x</td>".repeat(1_000));
        body.push_str("</tr>");
        body.push_str(&"<tr></tr>".repeat(2_999));
        body.push_str("</table>");
        let message = read(page(&body).as_bytes()).unwrap_err();
        assert!(message.contains("2000000"), "{message}");
        // A tenth of it is a (strange) table like any other.
        let mut body = String::from("<table><tr>");
        body.push_str(&"<td rowspan=0>x</td>".repeat(100));
        body.push_str("</tr>");
        body.push_str(&"<tr></tr>".repeat(2_999));
        body.push_str("</table>");
        let doc = read_str(&page(&body));
        let Some(Item::Table { rows }) = doc.items.first() else {
            panic!("no table");
        };
        assert_eq!(rows.len(), 3_000);
        assert!(rows[2_999].cells.iter().all(|c| c.continues_above));
    }

    #[test]
    fn gbk_pages_with_a_meta_charset_are_decoded() {
        let html = "<html><head><meta charset=\"gbk\"></head><body><p>单位：万元</p>\
                    <table><tr><td>一般公共服务支出</td></tr></table></body></html>";
        let (bytes, _, unmappable) = GBK.encode(html);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err());
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.format, "HTML (GB18030)");
        assert_eq!(doc.shape(), ["P 单位：万元", "一般公共服务支出"]);
    }

    #[test]
    fn the_http_equiv_form_of_the_charset_is_honoured() {
        // Shift_JIS and GBK read the same bytes differently, so only the
        // declaration can make this come out right.
        let html =
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
                    </head><body><table><tr><td>预算年度：2023</td></tr></table></body></html>";
        let (bytes, _, _) = GBK.encode(html);
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.format, "HTML (GB18030)");
        assert_eq!(doc.shape(), ["预算年度：2023"]);

        let html =
            "<html><head><META HTTP-EQUIV=Content-Type CONTENT='text/html; charset=Shift_JIS'>\
                    </head><body><table><tr><td>予算</td></tr></table></body></html>";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(html);
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.format, "HTML (SHIFT_JIS)");
        assert_eq!(doc.shape(), ["予算"]);
    }

    #[test]
    fn undeclared_pages_are_utf8_when_valid_else_gb18030() {
        let html = "<table><tr><td>科目编码</td></tr></table>";
        assert_eq!(read_str(html).format, "HTML (UTF-8)");
        let (bytes, _, _) = GBK.encode(html);
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.format, "HTML (GB18030)");
        assert_eq!(doc.shape(), ["科目编码"]);
        // Declared GB2312 but saved as UTF-8: the bytes win.
        let html = "<meta charset=gb2312><table><tr><td>科目编码</td></tr></table>";
        assert_eq!(read_str(html).format, "HTML (UTF-8)");
        assert_eq!(read_str(html).shape(), ["科目编码"]);
    }

    #[test]
    fn a_utf8_bom_decides_the_encoding() {
        let mut bytes = b"\xEF\xBB\xBF<meta charset=gbk>".to_vec();
        bytes.extend_from_slice("<table><tr><td>合计</td></tr></table>".as_bytes());
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.format, "HTML (UTF-8)");
        assert_eq!(doc.shape(), ["合计"]);
    }

    #[test]
    fn nested_tables_are_read_after_their_table_and_layout_tables_vanish() {
        let doc = read_str(&page(
            "<table width=100%><tr><td>\
               <p>单位预算收支总表</p>\
               <table><tr><td>项目<table><tr><td>内表</td></tr></table></td><td>预算数</td></tr>\
               <tr><td>合计</td><td>1.00</td></tr></table>\
               <p>注：空表列示。</p>\
             </td></tr></table>",
        ));
        assert_eq!(
            doc.shape(),
            [
                "P 单位预算收支总表",
                "项目|预算数 / 合计|1.00",
                "内表",
                "P 注：空表列示。"
            ]
        );
        let Item::Table { rows } = &doc.items[2] else {
            panic!("{:?}", doc.items)
        };
        assert_eq!(rows[0].place, "第 2 个表格第 1 行");
    }

    #[test]
    fn a_one_cell_table_of_text_is_a_table() {
        let doc = read_str(&page("<table><tr><td>绩效目标</td></tr></table>"));
        assert_eq!(doc.shape(), ["绩效目标"]);
    }

    #[test]
    fn text_around_tables_becomes_numbered_paragraphs() {
        let doc = read_str(&page(
            "前言<div>单位预算收支总表<span>（一）</span></div>\
             <table><caption>表一</caption><tr><td>x</td></tr></table>\
             <h2>  注：\n  空表  </h2><script>var t = '<table>';</script><!-- 注释 -->\
             <style>p { color: red }</style><table><tr><td>y</td></tr></table>尾声",
        ));
        assert_eq!(
            doc.shape(),
            [
                "P 前言",
                "P 单位预算收支总表（一）",
                "P 表一",
                "x",
                "P 注： 空表",
                "y",
                "P 尾声"
            ]
        );
        let places: Vec<&str> = doc
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Paragraph { place, .. } => Some(place.as_str()),
                Item::Table { .. } => None,
            })
            .collect();
        assert_eq!(
            places,
            ["第 1 段", "第 2 段", "第 3 段", "第 4 段", "第 5 段"]
        );
    }

    #[test]
    fn br_splits_paragraphs_and_is_a_space_in_cells() {
        let doc = read_str(&page(
            "第一行<br>第二行<br><br>第三行\
             <table><tr><td>科目<br>编码</td><td><p>单位</p><p>名称</p></td></tr></table>",
        ));
        assert_eq!(
            doc.shape(),
            ["P 第一行", "P 第二行", "P 第三行", "科目 编码|单位 名称"]
        );
    }

    #[test]
    fn entities_and_no_break_spaces_are_read_as_shown() {
        let doc = read_str(&page(
            "<p>&lt;说明&gt; &amp; &quot;三公&quot;&#x3000;&#65;</p><p>&nbsp;</p>\
             <table><tr><td>科目&nbsp;&nbsp;&nbsp;&nbsp;编码</td><td>项 &nbsp;目</td>\
             <td>&nbsp;&nbsp;其中</td><td>  \n </td></tr></table>",
        ));
        assert_eq!(
            doc.shape(),
            [
                "P <说明> & \"三公\"\u{3000}A",
                "P  ",
                "科目    编码|项  目|  其中|"
            ]
        );
    }

    #[test]
    fn preformatted_text_keeps_its_spaces_and_tabs() {
        let doc = read_str(&page(
            "<pre>甲  乙\n丙</pre><table><tr><td><span style=\"color: red; WHITE-SPACE: pre\">会议\t</span></td>\
             <td style='white-space:nowrap'>a   b</td></tr></table>",
        ));
        assert_eq!(doc.shape(), ["P 甲  乙", "P 丙", "会议\t|a b"]);
    }

    #[test]
    fn pages_without_tables_and_binary_garbage_are_refused() {
        let none = read(page("<p>只有文字</p>").as_bytes()).unwrap_err();
        assert_eq!(none, "网页中没有表格 (no tables in the web page)");
        // Tables only inside <script> or <head> are not shown, so not read.
        let hidden = read(
            page("<script>document.write('<table><tr><td>1</td></tr></table>')</script>")
                .as_bytes(),
        );
        assert!(hidden.is_err());

        let mut garbage = b"<html><body><table><tr><td>".to_vec();
        garbage.extend((0..200u8).map(|b| b.wrapping_mul(37)));
        let binary = read(&garbage).unwrap_err();
        assert!(binary.contains("binary data at byte"), "{binary}");

        // Undecodable bytes without NULs read as something, never a panic.
        let mut noise = b"<html>".to_vec();
        noise.extend(
            (1..=255u8)
                .cycle()
                .take(5000)
                .map(|b| b.wrapping_mul(151) | 1),
        );
        assert!(read(&noise).is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = format!("{}<table><tr><td>1</td></tr></table>", "<div>".repeat(2000));
        let message = read(deep.as_bytes()).unwrap_err();
        assert!(message.contains("nested"), "{message}");
        let fine = format!("{}<table><tr><td>1</td></tr></table>", "<div>".repeat(100));
        assert_eq!(read_str(&fine).shape(), ["1"]);
    }
}

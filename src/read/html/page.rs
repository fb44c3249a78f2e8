//! A parsed page → paragraphs and tables in document order: text flows
//! collapse as a browser collapses them, tables are laid on a grid of
//! spans and continuations.

use crate::read::error::HtmlError;
use crate::read::place::Place;
use crate::read::source::{Item, SourceCell, SourceRow};
use scraper::{ElementRef, Node};

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

/// Text being gathered for one paragraph or one cell, collapsed as it
/// arrives: a run of collapsible white space becomes one space, dropped at
/// the start and the end.
#[derive(Default)]
pub(super) struct Flow {
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
pub(super) struct Page {
    pub(super) items: Vec<Item>,
    pub(super) paragraphs: usize,
    pub(super) tables: usize,
    /// Grid cells laid out so far, for [`MAX_CELLS`].
    pub(super) cells: usize,
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

fn too_many_cells() -> HtmlError {
    HtmlError::TooManyCells { limit: MAX_CELLS }
}

fn too_deep() -> HtmlError {
    HtmlError::TooDeep { limit: MAX_DEPTH }
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
    pub(super) fn walk<'a>(
        &mut self,
        element: ElementRef<'a>,
        flow: &mut Flow,
        preserve: bool,
        depth: usize,
    ) -> Result<(), HtmlError> {
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

    pub(super) fn end_paragraph(&mut self, flow: &mut Flow) {
        let text = flow.take();
        if !text.is_empty() {
            self.paragraphs += 1;
            self.items.push(Item::Paragraph {
                place: Place::Paragraph(self.paragraphs),
                text,
            });
        }
    }

    fn table<'a>(&mut self, table: ElementRef<'a>, depth: usize) -> Result<(), HtmlError> {
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
                    place: Place::TableRow {
                        table: number,
                        row: index + 1,
                        cell: None,
                    },
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
) -> Result<Grid<'a>, HtmlError> {
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
                    place: Place::Position(0),
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
) -> Result<(), HtmlError> {
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

//! Text → blocks. The export writes one table cell per line behind a tab,
//! ends a row with one blank line and a table with two or more (or with a
//! paragraph). Everything else is a paragraph.

/// A paragraph or a table, with the 1-based line number it starts on so that
/// every later message can point into the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block<'a> {
    Paragraph { line: usize, text: &'a str },
    Table(Table<'a>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<'a> {
    pub line: usize,
    pub rows: Vec<Row<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    pub line: usize,
    /// Cell texts exactly as exported (after the leading tab), untrimmed.
    pub cells: Vec<&'a str>,
    /// Grid columns each cell covers, where the reader knows them (Word,
    /// Excel, HTML); empty for the text export, which drops merge widths.
    pub spans: Vec<usize>,
}

/// Split decoded text into blocks. Never fails: every line is either a cell,
/// a blank or a paragraph.
pub fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut builder = Builder::default();
    for (index, raw) in lines(text).enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        builder.line(index + 1, line);
    }
    builder.finish()
}

/// `text.split('\n')`. Lines here are a cell each, about ten bytes: too
/// short for the searcher behind `split` to pay off, but long enough that
/// looking at eight bytes at a time beats looking at one.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match find_newline(current.as_bytes()) {
            Some(end) => {
                rest = Some(&current[end + 1..]);
                Some(&current[..end])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// The first `\n` in `bytes`, eight bytes per step: XOR makes the newlines
/// zero bytes, and `(w - 0x01…) & !w & 0x80…` sets the top bit of the
/// first zero byte (bits above it may be wrong, never below), so the
/// lowest set bit finds it.
fn find_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const TOPS: u64 = u64::from_le_bytes([0x80; 8]);
    const NEWLINES: u64 = u64::from_le_bytes([b'\n'; 8]);
    let mut chunks = bytes.chunks_exact(8);
    let mut start = 0;
    for chunk in &mut chunks {
        // Always eight bytes: the default is never taken.
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default()) ^ NEWLINES;
        let zeros = word.wrapping_sub(ONES) & !word & TOPS;
        if zeros != 0 {
            return Some(start + zeros.trailing_zeros() as usize / 8);
        }
        start += 8;
    }
    let tail = chunks.remainder();
    tail.iter().position(|&b| b == b'\n').map(|i| start + i)
}

#[derive(Default)]
struct Builder<'a> {
    out: Vec<Block<'a>>,
    table: Option<Table<'a>>,
    /// The line the row being read starts on, and its cells so far (kept
    /// in one reused buffer, so that each row gets one exact allocation).
    row: Option<usize>,
    cells: Vec<&'a str>,
    blank_run: usize,
}

impl<'a> Builder<'a> {
    fn line(&mut self, number: usize, line: &'a str) {
        if line.is_empty() {
            self.end_row();
            self.blank_run += 1;
            return;
        }
        if let Some(cell) = line.strip_prefix('\t') {
            if self.blank_run >= 2 {
                self.end_table();
            }
            self.blank_run = 0;
            self.row.get_or_insert(number);
            self.cells.push(cell);
        } else {
            self.end_table();
            self.blank_run = 0;
            self.out.push(Block::Paragraph {
                line: number,
                text: line,
            });
        }
    }

    fn end_row(&mut self) {
        if let Some(line) = self.row.take() {
            let row = Row {
                line,
                cells: self.cells.as_slice().into(),
                spans: Vec::new(),
            };
            self.cells.clear();
            self.table
                .get_or_insert_with(|| Table {
                    line: row.line,
                    rows: Vec::new(),
                })
                .rows
                .push(row);
        }
    }

    fn end_table(&mut self) {
        self.end_row();
        if let Some(table) = self.table.take() {
            self.out.push(Block::Table(table));
        }
    }

    fn finish(mut self) -> Vec<Block<'a>> {
        self.end_table();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { text, .. } => format!("P:{text}"),
                Block::Table(t) => t
                    .rows
                    .iter()
                    .map(|r| r.cells.join("|"))
                    .collect::<Vec<_>>()
                    .join(" / "),
            })
            .collect()
    }

    #[test]
    fn rows_end_at_one_blank_tables_at_two() {
        let text = "标题\n\ta\n\tb\n\n\tc\n\t\n\n\n\td\n";
        assert_eq!(shape(&blocks(text)), vec!["P:标题", "a|b / c|", "d"]);
    }

    #[test]
    fn a_paragraph_ends_a_table_and_crlf_is_accepted() {
        let text = "\ta\r\n\r\n\tb\r\n注：空表列示。\r\n\tc\r\n";
        let got = blocks(text);
        assert_eq!(shape(&got), vec!["a / b", "P:注：空表列示。", "c"]);
        match &got[1] {
            Block::Paragraph { line, .. } => assert_eq!(*line, 4),
            other => panic!("expected a paragraph, got {other:?}"),
        }
    }

    proptest::proptest! {
        /// Any bytes, any length: the lines of `split('\n')`.
        #[test]
        fn lines_are_split_lines(text in "[\n\ta\u{80}\u{ff}\u{10a}结]{0,40}") {
            let ours: Vec<&str> = lines(&text).collect();
            let std: Vec<&str> = text.split('\n').collect();
            proptest::prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn a_single_space_is_a_paragraph_not_a_blank() {
        assert_eq!(shape(&blocks("\ta\n \n\tb\n")), vec!["a", "P: ", "b"]);
    }
}

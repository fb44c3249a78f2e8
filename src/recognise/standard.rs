//! One standard table (rows of cells) → typed lines with exact amounts.

use super::columns;
use super::meta::{self, Meta};
use super::{Problem, Refusal};
use crate::amount::{parse_cell, AmountUnit, Cell};
use crate::model::{
    AmountCell, Classification, Column, ColumnRole, Line, Side, StandardTable, TableKind,
};
use crate::read::{Row, Table};
use crate::text::{contains, squeeze, squeezed_eq, strip_ordinal, trim, without_quotes};

/// A standard table read but not yet placed in its unit section.
pub struct ParsedTable {
    pub meta: Option<Meta>,
    pub table: StandardTable,
}

/// Where the problem is, for messages: the table's title and the row.
struct Place<'t> {
    title: &'t str,
}

impl Place<'_> {
    fn problem(&self, line: usize, what: Refusal) -> Problem {
        Problem {
            line,
            table: Some(self.title.to_string()),
            row: None,
            column: None,
            what: Box::new(what),
        }
    }
}

pub fn parse(
    kind: TableKind,
    title: &str,
    table: &Table<'_>,
    inherited_unit: Option<AmountUnit>,
    noted: bool,
) -> Result<ParsedTable, Problem> {
    let place = Place { title };
    let mut rows = table.rows.as_slice();
    let meta = rows.first().and_then(|row| meta::parse(&row.cells));
    if meta.is_some() {
        rows = &rows[1..];
    }
    if let Some(unknown) = meta.as_ref().and_then(|m| m.unknown_unit.as_ref()) {
        return Err(place.problem(table.line, Refusal::UnknownUnit(unknown.clone())));
    }
    if let (Some((index, text)), Some(row)) = (
        meta.as_ref().and_then(|m| m.bad_year.as_ref()),
        table.rows.first(),
    ) {
        return Err(place.problem(row.line + index, Refusal::NotAYear(text.clone())));
    }
    let amount_unit = meta
        .as_ref()
        .and_then(|m| m.unit)
        .or(inherited_unit)
        .ok_or_else(|| place.problem(table.line, Refusal::NoAmountUnit))?;

    let lanci_index = rows.iter().position(|r| is_lanci(r));
    let (headers, lanci, data) = match lanci_index {
        Some(i) => (&rows[..i], Some(&rows[i]), &rows[i + 1..]),
        None => {
            // Without a 栏次 row, data starts at the first row whose 序号 is a number.
            let first_data = rows
                .iter()
                .position(|r| is_data_seq(r.cells.first().copied().unwrap_or("")))
                .unwrap_or(rows.len());
            (&rows[..first_data], None, &rows[first_data..])
        }
    };
    let width = match lanci {
        Some(row) => row.cells.len().saturating_sub(1),
        None => headers
            .iter()
            .map(|r| r.cells.len())
            .max()
            .unwrap_or(0)
            .saturating_sub(1),
    };
    if width == 0 {
        return Err(place.problem(table.line, Refusal::NoHeader));
    }
    let header_cells: Vec<Vec<&str>> = headers.iter().map(|r| r.cells.clone()).collect();
    let header_spans: Vec<&[usize]> = headers.iter().map(|r| r.spans.as_slice()).collect();
    let lanci_cells = lanci.map(|r| r.cells.as_slice());
    let columns = columns::analyse(&header_cells, &header_spans, lanci_cells, width)
        .map_err(|what| place.problem(headers.first().map_or(table.line, |r| r.line), what))?;
    // An empty table keeps one row of empty cells in the text export; a
    // spreadsheet cannot tell that row from a gap, so a table with no rows
    // but a note after it (注：…空表列示) is empty, not cut off.
    if data.is_empty() && !noted {
        let line = rows.last().map_or(table.line, |r| r.line);
        return Err(place.problem(line, Refusal::NoDataRows));
    }

    let is_empty = data
        .iter()
        .all(|r| r.cells.iter().all(|c| trim(c).is_empty()));
    // One line per row but in summary tables (two sides): allocated once
    // for most tables instead of grown row by row.
    let mut lines = Vec::with_capacity(if is_empty { 0 } else { data.len() });
    if !is_empty {
        let mut reader = LineReader::new(kind, &columns, amount_unit, title);
        for (index, row) in data.iter().enumerate() {
            reader.row(index + 1, row, width, &mut lines)?;
        }
    }
    Ok(ParsedTable {
        meta,
        table: StandardTable {
            kind,
            title: trim(title).to_string(),
            source_line: table.line,
            amount_unit,
            is_empty,
            note: None,
            columns,
            lines,
        },
    })
}

fn is_lanci(row: &Row<'_>) -> bool {
    row.cells.first().is_some_and(|c| squeezed_eq(c, "栏次"))
}

fn is_data_seq(cell: &str) -> bool {
    let t = trim(cell);
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// Turns data rows into lines, keeping the context a summary table needs
/// (lines under 年初结转和结余 repeat the names of lines above them).
struct LineReader<'c> {
    kind: TableKind,
    columns: &'c [Column],
    unit: AmountUnit,
    title: &'c str,
    summary_items: SummaryItems,
}

/// Canonical names of summary lines. Lines under 年初结转和结余 repeat the
/// names of lines above them, so each side remembers the 结转/结余 heading
/// the following ordinal lines belong to.
#[derive(Default)]
pub(super) struct SummaryItems {
    carry_context: [Option<String>; 2],
}

impl<'c> LineReader<'c> {
    fn new(kind: TableKind, columns: &'c [Column], unit: AmountUnit, title: &'c str) -> Self {
        LineReader {
            kind,
            columns,
            unit,
            title,
            summary_items: SummaryItems::default(),
        }
    }

    fn row(
        &mut self,
        row_no: usize,
        row: &Row<'_>,
        width: usize,
        out: &mut Vec<Line>,
    ) -> Result<(), Problem> {
        let seq = trim(row.cells.first().copied().unwrap_or(""));
        if row.cells.len() != width + 1 {
            return Err(Problem {
                line: row.line,
                table: Some(self.title.to_string()),
                row: Some(seq.to_string()),
                column: None,
                what: Box::new(Refusal::RowWidth {
                    cells: row.cells.len(),
                    header: width + 1,
                }),
            });
        }
        match self.kind.classification() {
            Classification::Summary => {
                for side in [Side::Income, Side::Expenditure] {
                    if let Some(line) = self.line(row_no, row, seq, Some(side))? {
                        out.push(line);
                    }
                }
            }
            _ => {
                if let Some(line) = self.line(row_no, row, seq, None)? {
                    out.push(line);
                }
            }
        }
        Ok(())
    }

    /// One line from the columns of `side` (or all columns). A side with no
    /// name and no figures (the income half of most 收支总表 rows) is no line.
    fn line(
        &mut self,
        row_no: usize,
        row: &Row<'_>,
        seq: &str,
        side: Option<Side>,
    ) -> Result<Option<Line>, Problem> {
        let columns = self
            .columns
            .iter()
            .filter(|c| side.is_none() || c.side == side);
        let mut code = None;
        let mut name = String::new();
        // At most one cell per column: one allocation for the row.
        let mut cells = Vec::with_capacity(self.columns.len());
        for column in columns {
            let raw = row.cells[column.position];
            match column.role {
                ColumnRole::Code => {
                    let text = trim(raw);
                    code = (!text.is_empty()).then(|| text.to_string());
                }
                ColumnRole::Name => name = trim(raw).to_string(),
                ColumnRole::Amount => {
                    let text = trim(raw);
                    let value = parse_cell(text, self.unit).map_err(|e| Problem {
                        // One cell per line: the cell's own line.
                        line: row.line + column.position,
                        table: Some(self.title.to_string()),
                        row: Some(seq.to_string()),
                        column: Some(column_label(column)),
                        what: Box::new(Refusal::Amount {
                            error: e,
                            text: text.to_string(),
                        }),
                    })?;
                    cells.push(AmountCell {
                        position: column.position,
                        value,
                        raw: text.to_string(),
                    });
                }
            }
        }
        if name.is_empty() && code.is_none() && cells.iter().all(|c| c.value == Cell::Blank) {
            return Ok(None);
        }
        let level = code.as_deref().and_then(|c| level_of(c, self.kind));
        let item = match self.kind.classification() {
            Classification::Summary => Some(self.summary_items.item(&name, side)),
            Classification::Sangong => Some(sangong_item(&name)),
            _ if code.is_none() => Some(squeeze(&name)),
            _ => None,
        };
        Ok(Some(Line {
            row_no,
            source_line: row.line,
            seq: seq.to_string(),
            side,
            code,
            level,
            name,
            item,
            cells,
        }))
    }
}

impl SummaryItems {
    pub(super) fn item(&mut self, name: &str, side: Option<Side>) -> String {
        let slot = usize::from(side == Some(Side::Expenditure));
        let unnumbered = strip_ordinal(name);
        let bare = squeeze(unnumbered);
        let numbered = unnumbered != trim(name);
        if contains(&bare, "结转") || contains(&bare, "结余") {
            self.carry_context[slot] = Some(bare.clone());
            return bare;
        }
        if contains(&bare, "总计") || contains(&bare, "合计") {
            self.carry_context[slot] = None;
            return bare;
        }
        match &self.carry_context[slot] {
            Some(context) if numbered => format!("{context}/{bare}"),
            _ => bare,
        }
    }
}

fn column_label(column: &Column) -> String {
    match &column.lanci {
        Some(lanci) => format!("{}（栏次 {lanci}）", column.header),
        None => column.header.clone(),
    }
}

/// 功能分类 codes are 类 3 / 款 5 / 项 7 digits; 经济分类 类 3 / 款 5.
pub(super) fn level_of(code: &str, kind: TableKind) -> Option<u8> {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match (code.len(), kind.classification()) {
        (3, _) => Some(1),
        (5, _) => Some(2),
        (7, Classification::Function) => Some(3),
        _ => None,
    }
}

/// 三公 lines under one name whatever the wording:
/// “三公”经费小计 → 小计, 二、公务用车购置及运维费 → 公务用车购置及运行维护费.
pub(super) fn sangong_item(name: &str) -> String {
    let bare = squeeze(&without_quotes(strip_ordinal(name)));
    let bare = strip_ordinal(&bare).to_string();
    if contains(&bare, "小计") || contains(&bare, "合计") {
        "小计".into()
    } else if contains(&bare, "出国") {
        "因公出国（境）费".into()
    } else if contains(&bare, "购置及") || contains(&bare, "购置和") {
        "公务用车购置及运行维护费".into()
    } else if contains(&bare, "购置") {
        "公务用车购置费".into()
    } else if contains(&bare, "运行") || contains(&bare, "运维") {
        "公务用车运行维护费".into()
    } else if contains(&bare, "接待") {
        "公务接待费".into()
    } else {
        bare
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sangong_wordings() {
        assert_eq!(sangong_item("“三公”经费小计"), "小计");
        assert_eq!(sangong_item("一、因公出国（境）费"), "因公出国（境）费");
        assert_eq!(
            sangong_item("二、公务用车购置及运维费"),
            "公务用车购置及运行维护费"
        );
        assert_eq!(sangong_item("    其中：公务用车购置费"), "公务用车购置费");
        assert_eq!(
            sangong_item("          公务用车运行维护费"),
            "公务用车运行维护费"
        );
        assert_eq!(sangong_item("三、公务接待费"), "公务接待费");
    }

    #[test]
    fn levels() {
        assert_eq!(level_of("201", TableKind::Income), Some(1));
        assert_eq!(level_of("20103", TableKind::Income), Some(2));
        assert_eq!(level_of("2010301", TableKind::Income), Some(3));
        assert_eq!(level_of("30101", TableKind::BasicEconomic), Some(2));
        assert_eq!(level_of("2010301", TableKind::BasicEconomic), None);
        assert_eq!(level_of("20l", TableKind::Income), None);
    }
}

//! One national-template table (a grid of cells) → a typed standard table.
//!
//! The national templates print no 序号 column and no 栏次 row: the header
//! rows alone say what each column is, and the data starts at the first
//! row that prints a figure. 科目 codes come whole (`2010201`) or split over
//! 类/款/项 columns (`201` `06` `01`, the 类 sometimes printed only once).
//! Summary tables put income and expenditure side by side; Jiangsu adds a
//! second expenditure group (支出用途), which gives a second line per row.

use super::super::columns::column_key;
use super::super::standard::{level_of, sangong_item, SummaryItems};
use super::grid::{Grid, GridRow};
use crate::amount::{parse_cell, AmountUnit, Cell};
use crate::model::{
    AmountCell, Classification, Column, ColumnRole, Line, OtherTable, Side, StandardTable,
    TableKind,
};
use crate::recognise::Refusal;
use crate::text::{squeeze, strip_ordinal, without_quotes};

/// Why a table could not be read, and the grid row it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableProblem {
    /// Position of the row (see [`GridRow::line`]).
    pub line: usize,
    /// The column's header path, where the problem is in one cell.
    pub column: Option<String>,
    pub what: Box<Refusal>,
}

/// What a grid column is, beyond [`Column`]: which part of a 科目 code it
/// holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodePart {
    Whole,
    Lei,
    Kuan,
    Xiang,
}

pub fn parse(
    kind: TableKind,
    title: &str,
    grid: &Grid,
    amount_unit: AmountUnit,
) -> Result<StandardTable, TableProblem> {
    let first_data = data_start(grid);
    let (headers, data) = grid.rows.split_at(first_data);
    let line = grid.rows.first().map_or(0, |r| r.line);
    // A 决算 table may print its 类/款/项 labels in the grid row of its 合计
    // line: those cells are header, not data.
    let mut data: Vec<GridRow> = data.iter().filter(|r| !r.is_blank()).cloned().collect();
    let labels: Vec<Option<String>> = match data.first_mut() {
        Some(row) => row
            .texts
            .iter_mut()
            .map(|t| is_code_label(t).then(|| std::mem::take(t)))
            .collect(),
        None => Vec::new(),
    };
    let summary = kind.classification() == Classification::Summary;
    let (mut columns, parts) = analyse(headers, &labels, &data, grid.width, summary);
    if !columns.iter().any(|c| c.role == ColumnRole::Amount) {
        return Err(TableProblem {
            line,
            column: None,
            what: Box::new(Refusal::NoAmountColumn),
        });
    }
    let data: Vec<&GridRow> = data.iter().collect();
    let mut table = StandardTable {
        kind,
        title: title.to_string(),
        source_line: line,
        amount_unit,
        is_empty: false,
        note: None,
        columns: Vec::new(),
        lines: Vec::new(),
    };
    if kind.classification() == Classification::Sangong && is_across(&columns, &data) {
        let (columns, lines) = sangong_across(&columns, &data, amount_unit)?;
        table.columns = columns;
        table.lines = lines;
        return Ok(table);
    }
    let groups = groups(&columns);
    name_the_single_amount(&mut columns, &groups, kind);
    let mut reader = Reader {
        kind,
        columns: &columns,
        parts: &parts,
        unit: amount_unit,
        summary_items: SummaryItems::default(),
        carried: vec![(None, None); groups.len()],
        groups,
    };
    let mut lines = Vec::with_capacity(data.len());
    for (index, row) in data.iter().enumerate() {
        reader.row(index + 1, row, &mut lines)?;
    }
    // A table published without a single figure (无, a blank 合计 row) is
    // an empty table, as the Hebei export marks one.
    table.is_empty = lines
        .iter()
        .flat_map(|l| &l.cells)
        .all(|c| c.value == Cell::Blank || c.raw.is_empty() || is_remark(&c.raw));
    if table.is_empty {
        // What the publisher printed instead of figures (无) says why, as
        // the note after an empty Hebei table does.
        table.note = data
            .iter()
            .flat_map(|r| &r.texts)
            .find(|t| !t.is_empty() && is_remark(t))
            .cloned();
        lines.clear();
    }
    table.columns = columns;
    table.lines = lines;
    Ok(table)
}

/// A table that is none of the standard kinds, kept as printed: each cell
/// once, with its column's header path.
pub fn other(title: &str, grid: &Grid, amount_unit: Option<AmountUnit>) -> OtherTable {
    let header_rows = data_start(grid);
    let headers = (0..grid.width)
        .map(|g| {
            let mut path: Vec<String> = Vec::new();
            for row in &grid.rows[..header_rows] {
                let text = squeeze(&row.texts[g]);
                if !text.is_empty() && path.last() != Some(&text) {
                    path.push(text);
                }
            }
            path.join("/")
        })
        .collect();
    let mut cells = Vec::new();
    for (r, row) in grid.rows.iter().enumerate() {
        let mut g = 0;
        while g < grid.width {
            let start = g;
            while g + 1 < grid.width && !row.starts_cell(g + 1) {
                g += 1;
            }
            g += 1;
            if !row.texts[start].is_empty() {
                cells.push((r, start, g - start, row.texts[start].clone()));
            }
        }
    }
    OtherTable {
        title: title.to_string(),
        source_line: grid.rows.first().map_or(0, |r| r.line),
        amount_unit,
        header_rows,
        cells,
        headers,
    }
}

/// The first data row: the first that prints a figure, a remark in place
/// of one (无, /) or nothing but 合计 (an empty 政府性基金 table). Header rows
/// print none of these; a header row that starts with 合计 (Jiangsu's
/// 支出预算总表) names other columns beside it.
fn data_start(grid: &Grid) -> usize {
    let figure = |text: &str| {
        text.bytes().any(|b| b.is_ascii_digit())
            && matches!(parse_cell(text, AmountUnit::Yuan), Ok(Cell::Fen(_)))
    };
    grid.rows
        .iter()
        .position(|row| {
            if is_lanci(row) {
                return false;
            }
            let mut texts = row.texts.iter().filter(|t| !t.is_empty()).peekable();
            let totals_only = texts.peek().is_some() && texts.all(|t| is_total_word(t));
            totals_only
                || row
                    .texts
                    .iter()
                    .any(|t| figure(t) || (!t.is_empty() && is_remark(t)))
        })
        .unwrap_or(grid.rows.len())
}

fn is_lanci(row: &GridRow) -> bool {
    row.texts
        .iter()
        .find(|t| !t.is_empty())
        .is_some_and(|t| squeeze(t) == "栏次")
}

fn is_code_label(text: &str) -> bool {
    matches!(squeeze(text).as_str(), "类" | "款" | "项")
}

fn is_total_word(text: &str) -> bool {
    matches!(squeeze(text).as_str(), "合计" | "总计")
}

/// Column model from the header rows: each grid column's header path (the
/// texts over it, top to bottom, and a 类/款/项 label from the first data
/// row), its role and its key. A column with no header at all is a name
/// column when its data holds no figure (Jiangsu's 项目名称 over two columns
/// names only the first).
fn analyse(
    headers: &[GridRow],
    labels: &[Option<String>],
    data: &[GridRow],
    width: usize,
    summary: bool,
) -> (Vec<Column>, Vec<Option<CodePart>>) {
    let mut columns = Vec::with_capacity(width);
    let mut parts = Vec::with_capacity(width);
    for g in 0..width {
        let mut path: Vec<String> = Vec::new();
        for row in headers.iter().filter(|r| !is_lanci(r)) {
            let text = squeeze(&without_quotes(&row.texts[g]));
            if !text.is_empty() && path.last() != Some(&text) {
                path.push(text);
            }
        }
        if let Some(Some(label)) = labels.get(g) {
            path.push(squeeze(label));
        }
        let leaf = path.last().map(String::as_str).unwrap_or("");
        let part = code_part(&path);
        let unlabelled_text = path.is_empty()
            && data.iter().all(|row| {
                let t = &row.texts[g];
                t.is_empty() || !t.bytes().any(|b| b.is_ascii_digit())
            });
        let role = if part.is_some() {
            ColumnRole::Code
        } else if is_name(leaf) || unlabelled_text {
            ColumnRole::Name
        } else {
            ColumnRole::Amount
        };
        let lanci = headers
            .iter()
            .find(|r| is_lanci(r))
            .map(|r| squeeze(&r.texts[g]))
            .filter(|t| !t.is_empty() && t != "栏次");
        columns.push(Column {
            position: g + 1,
            lanci,
            key: column_key(&path),
            side: if summary {
                path.iter().find_map(|p| side_of(p))
            } else {
                None
            },
            header: path.join("/"),
            role,
        });
        parts.push(part);
    }
    (columns, parts)
}

fn code_part(path: &[String]) -> Option<CodePart> {
    let leaf = path.last()?;
    let under_code = path
        .iter()
        .any(|p| p.contains("编码") || p.contains("代码"));
    match leaf.as_str() {
        "类" => Some(CodePart::Lei),
        "款" => Some(CodePart::Kuan),
        "项" => Some(CodePart::Xiang),
        _ if under_code && (leaf.contains("编码") || leaf.contains("代码")) => {
            Some(CodePart::Whole)
        }
        _ => None,
    }
}

fn is_name(leaf: &str) -> bool {
    leaf.contains("名称") || matches!(leaf, "项目" | "科目" | "项目名称" | "功能科目" | "经济科目")
}

/// The side a summary table's header names: 收入, 本年收入, 财政拨款收入 …
fn side_of(text: &str) -> Option<Side> {
    let income = text.contains("收入") || text == "收";
    let spending = text.contains("支出") || text == "支";
    match (income, spending) {
        (true, false) => Some(Side::Income),
        (false, true) => Some(Side::Expenditure),
        _ => None,
    }
}

/// A function or economic table (or each half of one printed in two
/// halves) with one amount column names it 金额, 预算数 or 决算数; queries
/// ask for 合计.
fn name_the_single_amount(columns: &mut [Column], groups: &[Vec<usize>], kind: TableKind) {
    if !matches!(
        kind.classification(),
        Classification::Function | Classification::Economic
    ) {
        return;
    }
    for group in groups {
        let mut amounts = group
            .iter()
            .filter(|&&g| columns[g].role == ColumnRole::Amount);
        if let (Some(&only), None) = (amounts.next(), amounts.next()) {
            let column = &mut columns[only];
            if matches!(column.key.as_str(), "金额" | "预算数" | "决算数" | "") {
                column.key = "合计".into();
            }
        }
    }
}

struct Reader<'c> {
    kind: TableKind,
    columns: &'c [Column],
    parts: &'c [Option<CodePart>],
    unit: AmountUnit,
    summary_items: SummaryItems,
    /// Column groups side by side (summary sides, a table printed in halves).
    groups: Vec<Vec<usize>>,
    /// Per group, the 类 and 款 codes printed once above the rows they
    /// apply to.
    carried: Vec<(Option<String>, Option<String>)>,
}

impl Reader<'_> {
    fn row(
        &mut self,
        row_no: usize,
        row: &GridRow,
        out: &mut Vec<Line>,
    ) -> Result<(), TableProblem> {
        for index in 0..self.groups.len() {
            if let Some(line) = self.line(row_no, row, index)? {
                out.push(line);
            }
        }
        Ok(())
    }

    fn line(
        &mut self,
        row_no: usize,
        row: &GridRow,
        group_index: usize,
    ) -> Result<Option<Line>, TableProblem> {
        let group = self.groups[group_index].clone();
        let mut name_parts: Vec<&str> = Vec::new();
        let mut whole_code = None;
        let mut split = [None, None, None];
        let mut cells = Vec::new();
        let mut side = None;
        let mut last_cell = usize::MAX;
        for &g in &group {
            let column = &self.columns[g];
            side = side.or(column.side);
            let text = row.texts[g].as_str();
            let starts = row.cell_of[g] != last_cell;
            last_cell = row.cell_of[g];
            match (column.role, self.parts[g]) {
                (ColumnRole::Code, Some(part)) => {
                    // A merged 合计 label over the code columns is a name.
                    let digits = squeeze(text);
                    if !digits.is_empty() && !digits.bytes().all(|b| b.is_ascii_digit()) {
                        if starts {
                            name_parts.push(text);
                        }
                        continue;
                    }
                    // 款 and 项 are two digits; a publisher's `2` is `02`.
                    let digits = (!digits.is_empty()).then(|| match part {
                        CodePart::Kuan | CodePart::Xiang if digits.len() == 1 => {
                            format!("0{digits}")
                        }
                        _ => digits,
                    });
                    match part {
                        CodePart::Whole => whole_code = digits,
                        CodePart::Lei => split[0] = digits,
                        CodePart::Kuan => split[1] = digits,
                        CodePart::Xiang => split[2] = digits,
                    }
                }
                (ColumnRole::Name, _) | (ColumnRole::Code, None) => {
                    if starts && !text.is_empty() && !name_parts.contains(&text) {
                        name_parts.push(text);
                    }
                }
                (ColumnRole::Amount, _) => {
                    if !starts {
                        // One figure merged over two columns is one figure.
                        continue;
                    }
                    let value = parse_cell(text, self.unit).map_err(|e| TableProblem {
                        line: row.line,
                        column: Some(column.header.clone()),
                        what: Box::new(Refusal::Amount {
                            error: e,
                            text: text.to_string(),
                        }),
                    });
                    let value = match value {
                        Ok(value) => value,
                        // A published non-amount (单位不需填列, /, ——) is kept
                        // with its text, as a dash is: never as 0.
                        Err(_) if is_remark(text) => Cell::Dash,
                        Err(problem) => return Err(problem),
                    };
                    cells.push(AmountCell {
                        position: column.position,
                        value,
                        raw: text.to_string(),
                    });
                }
            }
        }
        let code = whole_code.or_else(|| self.join_code(group_index, split));
        let name = name_parts.join("/");
        if name.is_empty() && code.is_none() && cells.iter().all(|c| c.value == Cell::Blank) {
            return Ok(None);
        }
        let level = code.as_deref().and_then(|c| level_of(c, self.kind));
        let item = match self.kind.classification() {
            Classification::Summary => Some(self.summary_items.item(&name, side)),
            Classification::Sangong => Some(sangong_item(&name)),
            _ if code.is_none() && name.is_empty() => Some("合计".to_string()),
            _ if code.is_none() => Some(squeeze(strip_ordinal(&name))),
            _ => None,
        };
        Ok(Some(Line {
            row_no,
            source_line: row.line,
            seq: String::new(),
            side,
            code,
            level,
            name,
            item,
            cells,
        }))
    }

    /// 类 `204` · 款 `06` · 项 `01` → `2040601`; a 款 or 项 printed without
    /// the 类 (or 款) above it takes the last one printed.
    fn join_code(
        &mut self,
        group: usize,
        [lei, kuan, xiang]: [Option<String>; 3],
    ) -> Option<String> {
        let (last_lei, last_kuan) = &mut self.carried[group];
        match (&lei, &kuan, &xiang) {
            (None, None, None) => return None,
            (Some(_), _, _) => {
                *last_lei = lei.clone();
                *last_kuan = None;
            }
            _ => {}
        }
        if kuan.is_some() {
            *last_kuan = kuan.clone();
        }
        let last_kuan = last_kuan.clone();
        let lei = lei.or_else(|| last_lei.clone())?;
        let full_kuan = |k: &str| {
            if k.len() >= 5 {
                k.to_string()
            } else {
                format!("{lei}{k}")
            }
        };
        match (kuan, xiang) {
            (None, None) => Some(lei),
            (Some(kuan), None) => Some(full_kuan(&kuan)),
            (kuan, Some(xiang)) => {
                let kuan = kuan.or(last_kuan)?;
                if xiang.len() >= 7 {
                    Some(xiang)
                } else {
                    Some(format!("{}{xiang}", full_kuan(&kuan)))
                }
            }
        }
    }
}

/// Texts publishers print in an amount cell to say "not applicable".
fn is_remark(text: &str) -> bool {
    let t = squeeze(text);
    !t.bytes().any(|b| b.is_ascii_digit())
        && (t
            .chars()
            .all(|c| matches!(c, '/' | '／' | '—' | '－' | '-' | '*' | '＊'))
            || t.contains("不需填")
            || t.contains("不适用")
            || t.contains("无"))
}

/// The column groups side by side: a summary table's sides (Jiangsu has
/// two on its expenditure side), the halves of a 基本支出决算表. A group
/// starts where the side changes or an identifier column follows amounts.
fn groups(columns: &[Column]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (g, column) in columns.iter().enumerate() {
        let starts = match groups.last() {
            None => true,
            Some(group) => {
                let first = &columns[group[0]];
                column.side != first.side
                    || (column.role != ColumnRole::Amount
                        && group.iter().any(|&i| columns[i].role == ColumnRole::Amount))
            }
        };
        if starts {
            groups.push(vec![g]);
        } else if let Some(group) = groups.last_mut() {
            group.push(g);
        }
    }
    groups
}

/// A 三公 table with its items as columns (Shanghai, Anhui, Jiangsu): one
/// row of figures under a header naming 因公出国（境）费, 公务用车…, 公务接待费.
fn is_across(columns: &[Column], data: &[&GridRow]) -> bool {
    let items = columns
        .iter()
        .filter(|c| c.role == ColumnRole::Amount)
        .filter(|c| c.header.contains("出国") || c.header.contains("接待"))
        .count();
    items >= 2 && data.len() <= 2
}

/// Turn a 三公 table with items as columns into the lines the Hebei layout
/// prints as rows, so that every 三公 question reads one shape. Each amount
/// column becomes a line named by its header; the measure under it (预算数,
/// 决算数) becomes the line's column, 合计 when the header names none.
fn sangong_across(
    columns: &[Column],
    data: &[&GridRow],
    unit: AmountUnit,
) -> Result<(Vec<Column>, Vec<Line>), TableProblem> {
    let measure_of = |column: &Column| -> String {
        match column.header.rsplit('/').next() {
            Some(leaf) if MEASURES.contains(&leaf) => leaf.to_string(),
            _ => "合计".to_string(),
        }
    };
    let mut measures: Vec<String> = Vec::new();
    for column in columns.iter().filter(|c| c.role == ColumnRole::Amount) {
        let measure = measure_of(column);
        if !measures.contains(&measure) {
            measures.push(measure);
        }
    }
    let mut out_columns = vec![Column {
        position: 1,
        lanci: None,
        header: "项目".into(),
        key: "项目".into(),
        role: ColumnRole::Name,
        side: None,
    }];
    for (index, measure) in measures.iter().enumerate() {
        out_columns.push(Column {
            position: index + 2,
            lanci: None,
            header: measure.clone(),
            key: measure.clone(),
            role: ColumnRole::Amount,
            side: None,
        });
    }
    let mut lines: Vec<Line> = Vec::new();
    for row in data {
        for column in columns.iter().filter(|c| c.role == ColumnRole::Amount) {
            let g = column.position - 1;
            if !row.starts_cell(g) {
                continue;
            }
            let item_path = item_path(&column.header);
            let text = row.texts[g].as_str();
            let value = match parse_cell(text, unit) {
                Ok(value) => value,
                Err(_) if is_remark(text) => Cell::Dash,
                Err(e) => {
                    return Err(TableProblem {
                        line: row.line,
                        column: Some(column.header.clone()),
                        what: Box::new(Refusal::Amount {
                            error: e,
                            text: text.to_string(),
                        }),
                    })
                }
            };
            let measure = measure_of(column);
            let position = measures.iter().position(|m| *m == measure).unwrap_or(0) + 2;
            let cell = AmountCell {
                position,
                value,
                raw: text.to_string(),
            };
            let item = across_item(&item_path);
            match lines.iter_mut().find(|l| l.name == item_path) {
                Some(line) => line.cells.push(cell),
                None => lines.push(Line {
                    row_no: lines.len() + 1,
                    source_line: row.line,
                    seq: String::new(),
                    side: None,
                    code: None,
                    level: None,
                    name: item_path.clone(),
                    item: Some(item),
                    cells: vec![cell],
                }),
            }
        }
    }
    Ok((out_columns, lines))
}

/// What a 三公 table may print under each item: the measures that become
/// the item lines' columns.
const MEASURES: [&str; 5] = ["预算数", "决算数", "上年预算数", "本年预算数", "调整预算数"];

/// A column's header path without its measure and without the table-wide
/// caption (`“三公”经费预算数`): what the column is about.
fn item_path(header: &str) -> String {
    let parts: Vec<&str> = header
        .split('/')
        .filter(|p| !MEASURES.contains(p))
        .collect();
    parts.join("/")
}

/// The canonical 三公 item of a column path: a 合计/小计 under the 三公
/// caption is the 三公 subtotal (小计); under 公务用车 it is that part's; a 合计
/// outside the 三公 caption (Jiangsu adds 会议费 and 培训费 to it) is 合计.
fn across_item(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    let leaf = parts.last().copied().unwrap_or("");
    let parent = parts.len().checked_sub(2).map(|i| parts[i]).unwrap_or("");
    if matches!(leaf, "合计" | "小计") {
        if parent.contains("公务用车") {
            return "公务用车购置及运行维护费".into();
        }
        if path.contains("三公") {
            return "小计".into();
        }
        return "合计".into();
    }
    if leaf.contains("机关运行经费") {
        return "机关运行经费".into();
    }
    match leaf {
        "会议费" | "培训费" => leaf.to_string(),
        "购置费" => "公务用车购置费".into(),
        "运行费" | "运行维护费" => "公务用车运行维护费".into(),
        _ => sangong_item(leaf),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Row, Table};

    fn table(rows: &[(&[&str], &[usize])]) -> Grid {
        let table = Table {
            line: 1,
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, (cells, spans))| Row {
                    line: i + 1,
                    cells: cells.to_vec(),
                    spans: spans.to_vec(),
                })
                .collect(),
        };
        super::super::grid::lay(&table)
    }

    fn fen(line: &Line, position: usize) -> Option<i64> {
        line.cell_at(position).and_then(|c| c.value.fen())
    }

    /// 上海市普陀区司法局 2026 部门收入预算总表 (page 13), first rows.
    #[test]
    fn shanghai_income_table_with_split_codes() {
        let grid = table(&[
            (&["项目", "收入预算"], &[4, 5]),
            (
                &[
                    "功能分类科目编码",
                    "功能分类科目名称",
                    "合计",
                    "财政拨款收入",
                    "事业收入",
                    "事业单位经营收入",
                    "其他收入",
                ],
                &[3, 1, 1, 1, 1, 1, 1],
            ),
            (&["类", "款", "项", "", "", "", "", "", ""], &[1; 9]),
            (
                &[
                    "204",
                    "",
                    "",
                    "公共安全支出",
                    "87267272.44",
                    "87267272.44",
                    "0.00",
                    "0.00",
                    "0.00",
                ],
                &[1; 9],
            ),
            (
                &[
                    "204",
                    "06",
                    "01",
                    "行政运行",
                    "16726725.44",
                    "16726725.44",
                    "0.00",
                    "0.00",
                    "0.00",
                ],
                &[1; 9],
            ),
            (
                &["合计", "96282213.44", "96282213.44", "0.00", "0.00", "0.00"],
                &[4, 1, 1, 1, 1, 1],
            ),
        ]);
        let t = parse(
            TableKind::Income,
            "2026年部门收入预算总表",
            &grid,
            AmountUnit::Yuan,
        )
        .unwrap();
        let keys: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "类",
                "款",
                "项",
                "功能分类科目名称",
                "合计",
                "财政拨款收入",
                "事业收入",
                "经营收入",
                "其他收入"
            ]
        );
        assert_eq!(t.columns[4].header, "收入预算/合计");
        assert_eq!(t.lines.len(), 3);
        assert_eq!(t.lines[0].code.as_deref(), Some("204"));
        assert_eq!(t.lines[0].level, Some(1));
        assert_eq!(t.lines[1].code.as_deref(), Some("2040601"));
        assert_eq!(t.lines[1].level, Some(3));
        assert_eq!(fen(&t.lines[1], 5), Some(1_672_672_544));
        assert_eq!(t.lines[2].item.as_deref(), Some("合计"));
        assert_eq!(t.lines[2].code, None);
        assert_eq!(fen(&t.lines[2], 6), Some(9_628_221_344));
        assert_eq!(t.lines[2].cell_at(7).map(|c| c.value), Some(Cell::Fen(0)));
    }

    /// Jiangsu 2019 公开05表: whole codes, one 金额 column, 合计 first.
    #[test]
    fn jiangsu_function_table_with_whole_codes() {
        let grid = table(&[
            (&["功能科目编码", "功能科目名称", "金额"], &[1, 1, 1]),
            (&["", "合计", "13,297.11"], &[1, 1, 1]),
            (&["201", "一般公共服务支出", "10,191.56"], &[1, 1, 1]),
            (&["2010201", "行政运行", "5,223.22"], &[1, 1, 1]),
        ]);
        let t = parse(
            TableKind::FiscalExpenditure,
            "财政拨款支出预算表",
            &grid,
            AmountUnit::Wanyuan,
        )
        .unwrap();
        assert_eq!(t.columns[2].key, "合计");
        assert_eq!(t.lines[0].item.as_deref(), Some("合计"));
        assert_eq!(fen(&t.lines[0], 3), Some(13_297_110_000));
        assert_eq!(t.lines[2].code.as_deref(), Some("2010201"));
        assert_eq!(t.lines[2].level, Some(3));
    }

    /// 上海 2026 部门财务收支预算总表: two sides, 项目 and 预算数 each.
    #[test]
    fn summary_table_sides() {
        let grid = table(&[
            (&["本年收入", "本年支出"], &[2, 2]),
            (&["项目", "预算数", "项目", "预算数"], &[1; 4]),
            (
                &[
                    "一、财政拨款收入",
                    "96,282,213.44",
                    "一、公共安全支出",
                    "87,267,272.44",
                ],
                &[1; 4],
            ),
            (&["二、事业收入", "0.00", "", ""], &[1; 4]),
            (
                &["收入总计", "96,282,213.44", "支出总计", "96,282,213.44"],
                &[1; 4],
            ),
        ]);
        let t = parse(
            TableKind::Summary,
            "2026年部门财务收支预算总表",
            &grid,
            AmountUnit::Yuan,
        )
        .unwrap();
        let sides: Vec<_> = t.columns.iter().map(|c| c.side).collect();
        assert_eq!(
            sides,
            [
                Some(Side::Income),
                Some(Side::Income),
                Some(Side::Expenditure),
                Some(Side::Expenditure)
            ]
        );
        assert_eq!(t.lines.len(), 5);
        assert_eq!(t.lines[0].item.as_deref(), Some("财政拨款收入"));
        assert_eq!(t.lines[1].side, Some(Side::Expenditure));
        assert_eq!(t.lines[4].item.as_deref(), Some("支出总计"));
        assert_eq!(fen(&t.lines[4], 4), Some(9_628_221_344));
    }

    /// 上海 2026 部门“三公”经费和机关运行经费预算表: items as columns.
    #[test]
    fn sangong_items_as_columns_become_lines() {
        let grid = table(&[
            (&["“三公”经费预算数", "机关运行经费预算数"], &[6, 1]),
            (
                &[
                    "合计",
                    "因公出国(境)费",
                    "公务用车购置及运行费",
                    "公务接待费",
                    "",
                ],
                &[1, 1, 3, 1, 1],
            ),
            (&["", "", "小计", "购置费", "运行费", "", ""], &[1; 7]),
            (
                &["10.81", "0", "9.98", "0", "9.98", "0.83", "217.83"],
                &[1; 7],
            ),
        ]);
        let t = parse(
            TableKind::Sangong,
            "2026年部门“三公”经费和机关运行经费预算表",
            &grid,
            AmountUnit::Wanyuan,
        )
        .unwrap();
        let items: Vec<&str> = t
            .lines
            .iter()
            .map(|l| l.item.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(
            items,
            [
                "小计",
                "因公出国（境）费",
                "公务用车购置及运行维护费",
                "公务用车购置费",
                "公务用车运行维护费",
                "公务接待费",
                "机关运行经费"
            ]
        );
        assert_eq!(t.columns[1].key, "合计");
        assert_eq!(fen(&t.lines[0], 2), Some(10_810_000));
        assert_eq!(fen(&t.lines[6], 2), Some(217_830_000));
    }

    /// 决算: each item has 预算数 and 决算数 under it.
    #[test]
    fn sangong_final_accounts_keep_budget_and_actual() {
        let grid = table(&[
            (&["财政拨款“三公”经费"], &[4]),
            (&["合计", "公务接待费"], &[2, 2]),
            (&["预算数", "决算数", "预算数", "决算数"], &[1; 4]),
            (&["0.95", "", "", "0.95"], &[1; 4]),
        ]);
        let t = parse(
            TableKind::Sangong,
            "财政拨款“三公”经费支出决算表",
            &grid,
            AmountUnit::Wanyuan,
        )
        .unwrap();
        let keys: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["项目", "预算数", "决算数"]);
        assert_eq!(t.lines[0].item.as_deref(), Some("小计"));
        assert_eq!(fen(&t.lines[0], 2), Some(950_000));
        assert_eq!(t.lines[1].item.as_deref(), Some("公务接待费"));
        assert_eq!(fen(&t.lines[1], 3), Some(950_000));
    }

    #[test]
    fn an_empty_fund_table_has_no_figures() {
        let grid = table(&[
            (&["功能科目编码", "功能科目名称", "金额"], &[1, 1, 1]),
            (&["", "合计", ""], &[1, 1, 1]),
        ]);
        let t = parse(
            TableKind::GovFund,
            "财政拨款政府性基金支出预算表",
            &grid,
            AmountUnit::Wanyuan,
        )
        .unwrap();
        assert!(t.is_empty);
    }

    #[test]
    fn a_text_in_an_amount_cell_is_kept_not_zero() {
        let grid = table(&[
            (&["项目", "金额"], &[1, 1]),
            (&["合计", "12.00"], &[1, 1]),
            (&["行政运行", "单位不需填列"], &[1, 1]),
        ]);
        let t = parse(
            TableKind::Expenditure,
            "支出决算表",
            &grid,
            AmountUnit::Wanyuan,
        )
        .unwrap();
        let cell = t.lines[1].cell_at(2).unwrap();
        assert_eq!(cell.value, Cell::Dash);
        assert_eq!(cell.raw, "单位不需填列");
    }

    #[test]
    fn a_figure_that_is_not_a_number_names_its_column() {
        let grid = table(&[
            (&["项目", "金额"], &[1, 1]),
            (&["合计", "12.00"], &[1, 1]),
            (&["行政运行", "1.2.3"], &[1, 1]),
        ]);
        let problem = parse(
            TableKind::Expenditure,
            "支出决算表",
            &grid,
            AmountUnit::Wanyuan,
        )
        .unwrap_err();
        assert_eq!(problem.line, 3);
        assert_eq!(problem.column.as_deref(), Some("金额"));
    }
}

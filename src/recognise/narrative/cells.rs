//! Cells of the narrative's tables: text, amounts, quantities, and how a
//! row of merged header cells sits over the full-width header row.

use super::super::meta::{self, Meta};
use crate::amount::{parse_cell, AmountUnit, Cell};
use crate::model::{AmountCell, Quantity, Warning};
use crate::read::Row;
use crate::text::{is_space, may_hold_space, squeeze, trim};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::str::FromStr;

/// `text` without whitespace, borrowed when it has none (most cells), so
/// that recognising a table allocates little.
pub fn squeezed(text: &str) -> Cow<'_, str> {
    if may_hold_space(text) && text.chars().any(is_space) {
        Cow::Owned(squeeze(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// A text cell: trimmed, `None` when blank.
pub fn text(raw: &str) -> Option<String> {
    let t = trim(raw);
    (!t.is_empty()).then(|| t.to_string())
}

/// An amount cell at 1-based `position`. A cell that is not a number is kept
/// as published (raw text, no 分) with a warning: a narrative table never
/// refuses the document.
pub fn amount(
    raw: &str,
    position: usize,
    unit: AmountUnit,
    line: usize,
    table: &str,
    warnings: &mut Vec<Warning>,
) -> AmountCell {
    let text = trim(raw);
    let value = match parse_cell(text, unit) {
        Ok(value) => value,
        Err(e) => {
            warnings.push(Warning {
                line,
                place: None,
                message: format!(
                    "表「{}」的金额「{}」{e}，按原文保存 (amount kept as text)",
                    crate::text::quote(table),
                    crate::text::quote(text)
                ),
            });
            Cell::Blank
        }
    };
    AmountCell {
        position,
        value,
        raw: text.to_string(),
    }
}

/// A 数量 cell: `None` when blank; the exact value in thousandths when it is
/// a plain decimal (thousands separators allowed) no finer than 0.001.
pub fn quantity(raw: &str) -> Option<Quantity> {
    let text = trim(raw);
    if text.is_empty() {
        return None;
    }
    Some(Quantity {
        text: text.to_string(),
        milli: milli(text),
    })
}

fn milli(text: &str) -> Option<i64> {
    let plain: String = text.chars().filter(|c| *c != ',').collect();
    let (int_part, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty()
        || !digits(int_part)
        || !digits(frac)
        || (plain.contains('.') && frac.is_empty())
        || int_part.len() + frac.len() > 24
    {
        return None;
    }
    let value = Decimal::from_str(&plain)
        .ok()?
        .checked_mul(Decimal::from(1000))?;
    if !value.fract().is_zero() {
        return None;
    }
    value.to_i64()
}

/// The metadata row (`434001…`, `单位：万元`): a short row, so that a header
/// cell such as `2023年预留…份额` is not taken for a unit code.
pub fn meta_row(row: &Row<'_>) -> Option<Meta> {
    (row.cells.len() <= 3)
        .then(|| meta::parse(&row.cells))
        .flatten()
}

/// For each of `width` columns, the index of the upper cell covering it,
/// from the widths a reader reported; `None` if they do not cover `width`.
fn owners_by_span(spans: &[usize], width: usize) -> Option<Vec<usize>> {
    if spans.is_empty() || spans.iter().sum::<usize>() != width {
        return None;
    }
    Some(
        spans
            .iter()
            .enumerate()
            .flat_map(|(owner, &span)| std::iter::repeat_n(owner, span))
            .collect(),
    )
}

/// For each cell of the full-width `leaf` header row, the index of the cell
/// of the `upper` row above it. Merged upper cells are exported once: an
/// empty leaf cell is a vertical merge (its own column under its own upper
/// cell) and a run of non-empty leaf cells sits under one upper cell.
/// `None` when the rows cannot be aligned that way.
pub fn align(upper: &[&str], leaf: &[&str]) -> Option<Vec<usize>> {
    if upper.len() == leaf.len() {
        return Some((0..leaf.len()).collect());
    }
    let empty: Vec<bool> = leaf.iter().map(|c| trim(c).is_empty()).collect();
    let mut starts = Vec::new();
    for i in 0..leaf.len() {
        if i == 0 || empty[i] || empty[i - 1] {
            starts.push(i);
        }
    }
    if starts.len() != upper.len() {
        return None;
    }
    let mut owner = vec![0; leaf.len()];
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(leaf.len());
        owner[start..end].iter_mut().for_each(|o| *o = n);
    }
    Some(owner)
}

/// Header texts of each column: (upper, leaf), whitespace removed. With one
/// header row, upper is empty. Merge widths a reader reported (Word, Excel,
/// HTML) place the upper cells; otherwise they are inferred from the leaf.
pub fn header_paths(headers: &[Row<'_>], width: usize) -> Option<Vec<(String, String)>> {
    let leaf_index = headers.iter().rposition(|r| r.cells.len() == width)?;
    let leaf = &headers[leaf_index].cells;
    let upper = leaf_index.checked_sub(1).map(|i| &headers[i]);
    let owners = match upper {
        Some(upper) => {
            Some(owners_by_span(&upper.spans, width).or_else(|| align(&upper.cells, leaf))?)
        }
        None => None,
    };
    let upper = upper.map(|row| &row.cells);
    Some(
        leaf.iter()
            .enumerate()
            .map(|(i, cell)| {
                let top = match (upper, &owners) {
                    (Some(upper), Some(owners)) => squeeze(upper[owners[i]]),
                    _ => String::new(),
                };
                (top, squeeze(cell))
            })
            .collect(),
    )
}

/// `截止时间：2022-12-31` → "2022-12-31"; 2022年12月31日, 2022/12/31 and
/// 2022.12.31 read the same; anything else is kept as printed.
pub fn date(text: &str) -> String {
    let t = squeeze(text);
    let parts: Vec<&str> = t
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    if let [y, m, d] = parts.as_slice() {
        let number = |s: &str, max: u32| {
            s.parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n) && s.len() <= 4)
        };
        if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
            if let (Some(m), Some(d)) = (number(m, 12), number(d, 31)) {
                return format!("{y}-{m:02}-{d:02}");
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_exact() {
        let q = |t| quantity(t).and_then(|q| q.milli);
        assert_eq!(q("3911"), Some(3_911_000));
        assert_eq!(q(" 12.5 "), Some(12_500));
        assert_eq!(q("1,234.567"), Some(1_234_567));
        assert_eq!(q("0.0001"), None);
        assert_eq!(q("约10"), None);
        assert_eq!(quantity("约10").unwrap().text, "约10");
        assert_eq!(quantity("  "), None);
        assert_eq!(q("-"), None);
        assert_eq!(q("12."), None);
    }

    #[test]
    fn merged_headers_align() {
        let upper = [
            "政府采购项目来源",
            "采购物品名称",
            "政府采购目录序号",
            "计量  单位",
            "数量",
            "单价",
            "政府采购金额（当年部门预算安排资金）",
            "2023年  预留中  小微企  业份额",
        ];
        let leaf = [
            "项目名称",
            "预算    资金",
            "",
            "",
            "",
            "",
            "",
            "合计",
            "一般公共预算拨款",
            "基金预算拨款",
            "国有资本经营预算拨款",
            "财政专户核拨",
            "单位    资金",
            "财政拨    款结转",
            "非财政    拨款结    转结余",
            "",
        ];
        let owners = align(&upper, &leaf).unwrap();
        assert_eq!(owners, [0, 0, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7]);
        assert_eq!(align(&["a", "b"], &["x", "y", "z"]), None);
    }

    #[test]
    fn reported_merge_widths_win_over_inference() {
        let upper = Row {
            line: 1,
            cells: vec!["项目", "资金来源"],
            spans: vec![1, 2],
        };
        let leaf = Row {
            line: 2,
            cells: vec!["名称", "财政拨款", "其他"],
            spans: vec![1, 1, 1],
        };
        // From text alone "名称" and the two fund columns form one run.
        assert_eq!(align(&upper.cells, &leaf.cells), None);
        let paths = header_paths(&[upper, leaf], 3).unwrap();
        assert_eq!(paths[0], ("项目".to_string(), "名称".to_string()));
        assert_eq!(paths[2], ("资金来源".to_string(), "其他".to_string()));
        assert_eq!(owners_by_span(&[1, 1], 3), None);
    }

    #[test]
    fn dates() {
        assert_eq!(date("2022-12-31"), "2022-12-31");
        assert_eq!(date("2022年12月31日"), "2022-12-31");
        assert_eq!(date("2022/1/5"), "2022-01-05");
        assert_eq!(date("2022-13-01"), "2022-13-01");
        assert_eq!(date("上年末"), "上年末");
    }
}

//! The 单位固定资产占用情况表: 资产总额, 房屋 (area), 其中 办公用房, 车辆
//! (count), 设备, 其他固定资产, each with 数量 and 价值, as of 截止时间.

use super::cells;
use crate::amount::AmountUnit;
use crate::model::{AssetLine, QuantityKind, Warning};
use crate::read::Table;
use crate::text::{contains, squeeze, squeezed_eq, strip_ordinal, trim};

/// Whether the table is a fixed-asset table.
pub fn is_assets(title: &str, table: &Table<'_>) -> bool {
    let t = cells::squeezed(title);
    contains(&t, "固定资产")
        || contains(&t, "资产占用")
        || table
            .rows
            .iter()
            .any(|r| r.cells.first().is_some_and(|c| squeezed_eq(c, "资产总额")))
}

/// The lines of the table. `None` when it has no 数量/价值 header.
pub fn parse(
    title: &str,
    table: &Table<'_>,
    inherited: AmountUnit,
    warnings: &mut Vec<Warning>,
) -> Option<Vec<AssetLine>> {
    let header = table.rows.iter().position(|r| {
        r.cells.iter().any(|c| {
            let c = cells::squeezed(c);
            contains(&c, "数量") || contains(&c, "价值")
        })
    })?;
    let mut as_of = None;
    let mut unit = None;
    for row in &table.rows[..header] {
        for cell in &row.cells {
            let c = squeeze(cell);
            for label in [
                "截止时间",
                "截止日期",
                "截至时间",
                "截至日期",
                "截止",
                "截至",
            ] {
                if let Some(rest) = c.strip_prefix(label) {
                    let rest = rest.trim_start_matches(['：', ':']);
                    if !rest.is_empty() && as_of.is_none() {
                        as_of = Some(cells::date(rest));
                    }
                }
            }
        }
        if let Some(meta) = cells::meta_row(row) {
            unit = unit.or(meta.unit);
        }
    }
    let columns: Vec<String> = table.rows[header]
        .cells
        .iter()
        .map(|c| squeeze(c))
        .collect();
    let find = |words: &[&str]| {
        columns
            .iter()
            .position(|c| words.iter().any(|w| contains(c, w)))
    };
    let quantity_at = find(&["数量", "面积"]);
    let value_at = find(&["价值", "金额", "原值"]);
    let name_at = find(&["项目", "名称", "资产"])
        .filter(|i| Some(*i) != quantity_at && Some(*i) != value_at)
        .unwrap_or(0);
    let unit = value_at
        .and_then(|i| unit_in(&columns[i]))
        .or(unit)
        .unwrap_or(inherited);

    let mut out: Vec<AssetLine> = Vec::new();
    let mut parent: Option<String> = None;
    for row in &table.rows[header + 1..] {
        let cell = |i: Option<usize>| i.and_then(|i| row.cells.get(i)).copied().unwrap_or("");
        let name = trim(cell(Some(name_at))).to_string();
        if row.cells.iter().all(|c| trim(c).is_empty()) {
            continue;
        }
        let is_part = name.starts_with("其中");
        let (item, measure) = split_measure(strip_ordinal(&name));
        let value = match value_at {
            Some(i) => cells::amount(cell(Some(i)), i + 1, unit, row.line + i, title, warnings),
            None => cells::amount("", 0, unit, row.line, title, warnings),
        };
        let line = AssetLine {
            row_no: out.len() + 1,
            part_of: if is_part { parent.clone() } else { None },
            quantity_kind: measure.as_deref().and_then(kind_of),
            measure,
            quantity: cells::quantity(cell(quantity_at)),
            value,
            amount_unit: unit,
            as_of: as_of.clone(),
            source_line: row.line,
            name,
            item,
        };
        if !is_part {
            parent = Some(line.item.clone());
        }
        out.push(line);
    }
    Some(out)
}

/// `房屋（平方米）` → (房屋, 平方米).
fn split_measure(text: &str) -> (String, Option<String>) {
    let t = trim(text);
    if let Some(inner) = t.strip_suffix('）').or_else(|| t.strip_suffix(')')) {
        if let Some(open) = inner.rfind(['（', '(']) {
            let open_len = inner[open..].chars().next().map_or(1, char::len_utf8);
            let measure = trim(&inner[open + open_len..]);
            let item = trim(&inner[..open]);
            if !item.is_empty() {
                return (
                    item.to_string(),
                    (!measure.is_empty()).then(|| measure.to_string()),
                );
            }
        }
    }
    (t.to_string(), None)
}

fn kind_of(measure: &str) -> Option<QuantityKind> {
    if ["平方米", "㎡", "m2", "m²", "平米"]
        .iter()
        .any(|w| contains(measure, w))
    {
        Some(QuantityKind::Area)
    } else if ["台", "辆", "个", "件", "套", "部", "处", "栋"]
        .iter()
        .any(|w| contains(measure, w))
    {
        Some(QuantityKind::Count)
    } else {
        None
    }
}

fn unit_in(header: &str) -> Option<AmountUnit> {
    let rest = header.split_once("单位").map(|(_, r)| r)?;
    let rest = rest.trim_start_matches(['：', ':']);
    let end = rest.find(['）', ')']).unwrap_or(rest.len());
    AmountUnit::from_label(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures() {
        assert_eq!(
            split_measure("房屋（平方米）"),
            ("房屋".to_string(), Some("平方米".to_string()))
        );
        assert_eq!(split_measure("其他固定资产"), ("其他固定资产".into(), None));
        assert_eq!(kind_of("台、辆"), Some(QuantityKind::Count));
        assert_eq!(kind_of("平方米"), Some(QuantityKind::Area));
        assert_eq!(unit_in("价值（金额单位：万元）"), Some(AmountUnit::Wanyuan));
        assert_eq!(unit_in("价值（单位：元）"), Some(AmountUnit::Yuan));
        assert_eq!(unit_in("价值"), None);
    }
}

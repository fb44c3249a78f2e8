//! The 政府采购预算 table: one row per purchase, a 合计 row and a 小计 row per
//! unit. Column meanings come from the header rows (the upper row's merged
//! cells realigned over the full-width one), not from positions.

use super::cells;
use crate::amount::AmountUnit;
use crate::model::{FundAmount, ProcurementRow, ProcurementRowKind, Warning};
use crate::read::Table;
use crate::text::{contains, squeeze, trim};

/// Whether the table is a 政府采购预算 table.
pub fn is_procurement(title: &str, table: &Table<'_>) -> bool {
    cells::squeezed(title).contains("政府采购")
        || table.rows.iter().take(4).any(|row| {
            row.cells.iter().any(|c| {
                let c = cells::squeezed(c);
                contains(&c, "采购物品") || contains(&c, "采购目录") || contains(&c, "采购品目")
            })
        })
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    Project,
    Budget,
    Item,
    Catalogue,
    Measure,
    Quantity,
    UnitPrice,
    Total,
    Fund(String),
    Sme,
    Unknown,
}

fn role(upper: &str, leaf: &str) -> Role {
    let name = if leaf.is_empty() { upper } else { leaf };
    if contains(name, "中小") || contains(name, "预留") {
        Role::Sme
    } else if contains(name, "项目名称") {
        Role::Project
    } else if contains(name, "预算资金") || (contains(upper, "项目") && contains(name, "资金"))
    {
        Role::Budget
    } else if contains(name, "物品名称") || contains(name, "品目名称") || contains(name, "采购内容")
    {
        Role::Item
    } else if contains(name, "目录") || contains(name, "品目编码") {
        Role::Catalogue
    } else if contains(name, "计量") {
        Role::Measure
    } else if contains(name, "数量") {
        Role::Quantity
    } else if contains(name, "单价") {
        Role::UnitPrice
    } else if contains(name, "合计") || contains(name, "小计") {
        Role::Total
    } else if contains(upper, "金额") || contains(upper, "资金") {
        Role::Fund(name.to_string())
    } else {
        Role::Unknown
    }
}

/// The rows of the table. `None` when its header cannot be read; a warning
/// says why.
pub fn parse(
    title: &str,
    table: &Table<'_>,
    inherited: AmountUnit,
    warnings: &mut Vec<Warning>,
) -> Option<Vec<ProcurementRow>> {
    let mut rows = table.rows.as_slice();
    let mut unit = None;
    if let Some(meta) = rows.first().and_then(cells::meta_row) {
        unit = meta.unit;
        rows = &rows[1..];
    }
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let leaf = rows.iter().position(|r| r.cells.len() == width)?;
    let Some(paths) = cells::header_paths(&rows[..=leaf], width) else {
        warnings.push(Warning {
            line: rows[leaf].line,
            place: None,
            message: format!(
                "表「{title}」的表头无法对齐，未导入 (cannot align the merged header cells; table not imported)"
            ),
        });
        return None;
    };
    let roles: Vec<Role> = paths.iter().map(|(u, l)| role(u, l)).collect();
    if !roles.contains(&Role::Project) {
        warnings.push(Warning {
            line: rows[leaf].line,
            place: None,
            message: format!(
                "表「{title}」没有项目名称栏，未导入 (no 项目名称 column; table not imported)"
            ),
        });
        return None;
    }
    // 单位：万元 may also sit in a header cell.
    let unit = unit
        .or_else(|| {
            rows[..=leaf]
                .iter()
                .flat_map(|r| &r.cells)
                .find_map(|c| unit_in(&squeeze(c)))
        })
        .unwrap_or(inherited);

    let mut out = Vec::new();
    let mut unit_name: Option<String> = None;
    for row in &rows[leaf + 1..] {
        if row.cells.iter().all(|c| trim(c).is_empty()) {
            continue;
        }
        let mut r = ProcurementRow {
            row_no: out.len() + 1,
            kind: ProcurementRowKind::Item,
            unit_name: None,
            project: None,
            budget: None,
            item: None,
            catalogue_code: None,
            measure_unit: None,
            quantity: None,
            unit_price: None,
            total: None,
            funds: Vec::new(),
            sme_reserved: None,
            amount_unit: unit,
            source_line: row.line,
        };
        for (index, (cell, role)) in row.cells.iter().zip(&roles).enumerate() {
            let position = index + 1;
            let line = row.line + index;
            let mut amount = || cells::amount(cell, position, unit, line, title, warnings);
            match role {
                Role::Project => r.project = cells::text(cell),
                Role::Budget => r.budget = Some(amount()),
                Role::Item => r.item = cells::text(cell),
                Role::Catalogue => r.catalogue_code = cells::text(cell),
                Role::Measure => r.measure_unit = cells::text(cell),
                Role::Quantity => r.quantity = cells::quantity(cell),
                Role::UnitPrice => r.unit_price = Some(amount()),
                Role::Total => r.total = Some(amount()),
                Role::Sme => r.sme_reserved = Some(amount()),
                Role::Fund(source) => {
                    let cell = amount();
                    if !cell.raw.is_empty() {
                        r.funds.push(FundAmount {
                            source: source.clone(),
                            cell,
                        });
                    }
                }
                Role::Unknown => {}
            }
        }
        let label = r.project.as_deref().map(squeeze).unwrap_or_default();
        if label == "合计" || label == "总计" {
            r.kind = ProcurementRowKind::Total;
        } else if let Some(name) = label.strip_suffix("小计") {
            r.kind = ProcurementRowKind::Subtotal;
            unit_name = Some(trim(name).to_string()).filter(|n| !n.is_empty());
            r.unit_name = unit_name.clone();
        } else {
            r.unit_name = unit_name.clone();
        }
        out.push(r);
    }
    Some(out)
}

fn unit_in(cell: &str) -> Option<AmountUnit> {
    let rest = cell.split_once("单位").map(|(_, r)| r)?;
    let rest = rest.trim_start_matches(['：', ':']);
    let rest = rest.trim_end_matches(['）', ')']);
    AmountUnit::from_label(rest)
}

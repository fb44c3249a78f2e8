//! narrative against tables: each figure the 情况说明 states against the
//! table figure it claims to be; the listed project amounts against 项目支出;
//! the 机关运行经费 items against their total; a figure written in 元 where the
//! table shows the same number in 万元 (a unit slip); and the stated change
//! from last year against its own arithmetic.

use super::compare::{severity_of, show};
use super::lookup::{by_item, cell, label, summary_amount_key, total_line};
use super::Finding;
use crate::amount::{AmountUnit, FenSum};
use crate::model::Severity;
use crate::model::{
    Claim, Line, ProcurementRowKind, Qualifier, Side, StandardTable, StatedFigure, TableKind,
    UnitDisclosure,
};
use crate::recognise::{squeeze, squeezed_eq};

/// A table figure a statement can be held against.
struct Counterpart<'u> {
    table: &'static str,
    column: String,
    label: Cited<'u>,
    fen: Option<i64>,
    unit: AmountUnit,
}

/// How a counterpart is cited in evidence; a cell's label is written out
/// only when a finding needs it.
enum Cited<'u> {
    Cell(&'u StandardTable, &'u Line, &'u str),
    Named(&'static str),
}

impl Counterpart<'_> {
    fn label(&self) -> String {
        match self.label {
            Cited::Cell(table, line, key) => label(table, line, key),
            Cited::Named(name) => name.to_string(),
        }
    }
}

pub fn check(unit: &UnitDisclosure, locate: super::Locate<'_>, out: &mut Vec<Finding>) {
    let figures = &unit.narrative.figures;
    for figure in figures {
        if let Some(counterpart) = counterpart(unit, figure) {
            stated(figure, &counterpart, locate, out);
        }
    }
    sums(unit, locate, out);
    change(figures, locate, out);
}

fn this_year(f: &StatedFigure) -> bool {
    f.qualifier.is_none()
}

/// The table's cell, if the table has such a column (Jiangsu's tables print
/// one 金额 column where others split 人员经费 and 公用经费).
fn in_table<'u>(table: &'u StandardTable, line: &'u Line, key: &'u str) -> Option<Counterpart<'u>> {
    Some(Counterpart {
        table: table.kind.key(),
        column: key.to_string(),
        label: Cited::Cell(table, line, key),
        fen: cell(table, line, key)?,
        unit: table.amount_unit,
    })
}

fn counterpart<'u>(unit: &'u UnitDisclosure, f: &StatedFigure) -> Option<Counterpart<'u>> {
    let table = |kind| unit.table(kind).filter(|t: &&StandardTable| !t.is_empty);
    let total_of = |kind, key: &'static str| {
        let t = table(kind)?;
        in_table(t, total_line(t)?, key)
    };
    // A national summary without 本年收入合计 has only its 收入总计.
    let summary = |side, item: &str, or: &str| {
        let t = table(TableKind::Summary)?;
        let line = by_item(t, Some(side), item).or_else(|| by_item(t, Some(side), or))?;
        in_table(t, line, summary_amount_key(t, side)?)
    };
    let item = f.item.as_deref().map(squeeze).unwrap_or_default();
    match (f.claim, f.qualifier) {
        // 收入支出总计 is the 总计 line (本年收入合计 plus 年初结转和结余), of the
        // 财政拨款收支总表 where the sentence says 财政拨款. Jiangsu's tables end
        // in 收入合计 / 支出合计 instead (after 上年结转).
        (Claim::Income | Claim::Expenditure, None) if f.label.contains("总计") => {
            let kind = if f.label.contains("财政拨款") {
                TableKind::FiscalSummary
            } else {
                TableKind::Summary
            };
            let side = if f.claim == Claim::Income {
                Side::Income
            } else {
                Side::Expenditure
            };
            let t = table(kind)?;
            let line = ["总计", "收入总计", "支出总计", "收入合计", "支出合计"]
                .into_iter()
                .find_map(|item| by_item(t, Some(side), item))?;
            in_table(t, line, summary_amount_key(t, side)?)
        }
        (Claim::Income, None) => summary(Side::Income, "本年收入合计", "收入总计"),
        (Claim::Expenditure, None) => summary(Side::Expenditure, "本年支出合计", "支出总计"),
        (Claim::IncomeSource, None) if item.starts_with("一般公共预算") => {
            summary(Side::Income, "一般公共预算拨款收入", "一般公共预算拨款收入")
        }
        // 财政拨款 (or 一般公共预算) 基本支出 is a fiscal table's total, not the
        // 支出总表's, which counts every source of money.
        (Claim::Basic, None)
            if f.label.contains("财政拨款") || f.label.contains("一般公共预算") =>
        {
            let fiscal = if f.label.contains("一般公共预算") {
                table(TableKind::BasicEconomic)
            } else {
                table(TableKind::FiscalBasic).or_else(|| table(TableKind::BasicEconomic))
            }?;
            in_table(fiscal, total_line(fiscal)?, "合计")
        }
        (Claim::Basic, None) => total_of(TableKind::Expenditure, "基本支出"),
        (Claim::ProjectTotal, None) => total_of(TableKind::Expenditure, "项目支出"),
        (Claim::Personnel, None) => total_of(TableKind::BasicEconomic, "人员经费"),
        // The national 三公 table prints 机关运行经费 beside the 三公 parts;
        // the Hebei export leaves it to the 公用经费 of the 基本支出表.
        (Claim::OperatingCosts, None) => table(TableKind::Sangong)
            .and_then(|t| in_table(t, by_item(t, None, "机关运行经费")?, "合计"))
            .or_else(|| total_of(TableKind::BasicEconomic, "公用经费")),
        (Claim::Public, None) => total_of(TableKind::BasicEconomic, "公用经费"),
        (Claim::OperatingItem, None) => {
            let t = table(TableKind::BasicEconomic)?;
            let line = t
                .lines
                .iter()
                .find(|l| l.level == Some(2) && squeezed_eq(&l.name, &item))?;
            in_table(t, line, "合计")
        }
        (Claim::Sangong, None) => {
            let t = table(TableKind::Sangong)?;
            in_table(t, by_item(t, None, "小计")?, "合计")
        }
        (Claim::SangongPart, None) => {
            let t = table(TableKind::Sangong)?;
            let part = if item.contains("购置") && (item.contains("运行") || item.contains("运维"))
            {
                "公务用车购置及运行维护费"
            } else if item.contains("出国") {
                "因公出国（境）费"
            } else if item.contains("接待") {
                "公务接待费"
            } else if item.contains("购置") && !item.contains("运行") {
                "公务用车购置费"
            } else if item.contains("运行") || item.contains("运维") {
                "公务用车运行维护费"
            } else {
                return None;
            };
            in_table(t, by_item(t, None, part)?, "合计")
        }
        (Claim::Procurement, None) => {
            let row = unit
                .narrative
                .procurement
                .iter()
                .find(|r| r.kind == ProcurementRowKind::Total)?;
            Some(Counterpart {
                table: "政府采购预算",
                column: "合计".into(),
                label: Cited::Named("政府采购预算[合计]"),
                fen: row.total.as_ref().and_then(|c| c.value.fen()),
                unit: row.amount_unit,
            })
        }
        (Claim::FixedAssets, Some(Qualifier::PreviousYearEnd)) => {
            let line = unit
                .narrative
                .assets
                .iter()
                .find(|l| l.item == "资产总额")?;
            Some(Counterpart {
                table: "固定资产占用情况表",
                column: "价值".into(),
                label: Cited::Named("固定资产占用情况表[资产总额 价值]"),
                fen: line.value.value.fen(),
                unit: line.amount_unit,
            })
        }
        _ => None,
    }
}

fn quote(f: &StatedFigure, locate: super::Locate<'_>) -> String {
    let sentence: String = f.sentence.chars().take(80).collect();
    let more = if f.sentence.chars().count() > 80 {
        "…"
    } else {
        ""
    };
    format!("情况说明（{}）「{sentence}{more}」", locate(f.source_line))
}

fn stated(f: &StatedFigure, c: &Counterpart, locate: super::Locate<'_>, out: &mut Vec<Finding>) {
    let Some(said) = f.fen else { return };
    let table = c.fen.unwrap_or(0);
    if said == table || said == rounded_as_stated(table, f) {
        return;
    }
    let slip = f.unit_as_written == "元" && said != 0 && said.checked_mul(10_000) == Some(table);
    // The 机关运行经费 items often split or merge 经济分类 款 (离休干部公用经费 out
    // of 其他商品和服务支出): an item is held against its 款 only for a unit
    // slip; the items as a whole are checked against their total.
    if f.claim == Claim::OperatingItem && !slip {
        return;
    }
    let difference = FenSum::from(said) - FenSum::from(table);
    let (rule, severity, message) = if slip {
        (
            "narrative.unit_slip",
            Severity::Warning,
            format!(
                "情况说明写作“{}”，表中同一数字以万元计 (written in 元 where the table has 万元)",
                f.raw
            ),
        )
    } else {
        let severity = severity_of(difference, 1);
        (
            "narrative.stated",
            severity,
            format!(
                "情况说明所述{}与表中数字不符 (stated figure differs from the table)",
                f.claim.key()
            ),
        )
    };
    out.push(Finding {
        rule,
        severity,
        message,
        table: Some(c.table),
        seq: None,
        code: None,
        column: Some(c.column.clone()),
        published_fen: Some(said),
        expected_fen: Some(table),
        evidence: format!(
            "{}：{}{} ≠ {} {} {}",
            quote(f, locate),
            f.label,
            f.raw,
            c.label(),
            show(c.fen, c.unit),
            c.unit.label()
        ),
    });
}

/// `fen` rounded (half away from zero) to the precision the statement is
/// written in: `9628.22万元` is 96,282,213.44 元 to 0.01 万元. A national
/// table prints 元 to the 分 and its 情况说明 says 万元; the same figure at
/// that precision is no finding.
fn rounded_as_stated(fen: i64, f: &StatedFigure) -> i64 {
    let unit_fen: i64 = match f.unit_as_written {
        "万元" | "万" => 1_000_000,
        "亿元" | "亿" => 10_000_000_000,
        _ => return fen,
    };
    let number = f.raw.trim_end_matches(|c: char| !c.is_ascii_digit());
    let decimals = number.split_once('.').map_or(0, |(_, d)| d.len() as u32);
    let Some(step) = 10_i64
        .checked_pow(decimals)
        .map(|p| unit_fen / p)
        .filter(|s| *s > 1)
    else {
        return fen;
    };
    let magnitude =
        (fen.unsigned_abs() + step.unsigned_abs() / 2) / step.unsigned_abs() * step.unsigned_abs();
    i64::try_from(magnitude).map_or(fen, |m| if fen < 0 { -m } else { m })
}

/// Listed project amounts against 项目支出; 机关运行经费 items against the total.
fn sums(unit: &UnitDisclosure, locate: super::Locate<'_>, out: &mut Vec<Finding>) {
    let figures = &unit.narrative.figures;
    let listed = |claim: Claim| -> Vec<&StatedFigure> {
        figures
            .iter()
            .filter(|f| f.claim == claim && this_year(f))
            .collect()
    };
    let checks = [
        (
            Claim::Project,
            Claim::ProjectTotal,
            "narrative.projects",
            "情况说明列出的项目金额之和不等于项目支出 (listed projects ≠ 项目支出)",
        ),
        (
            Claim::OperatingItem,
            Claim::OperatingCosts,
            "narrative.operating_items",
            "机关运行经费各项之和不等于其合计 (items ≠ 机关运行经费)",
        ),
    ];
    for (part, whole, rule, message) in checks {
        let parts = listed(part);
        let Some(total) = figures.iter().find(|f| f.claim == whole && this_year(f)) else {
            continue;
        };
        if parts.is_empty() {
            continue;
        }
        let (Some(said), Some(sum)) = (
            total.fen,
            parts
                .iter()
                .map(|f| f.fen.map(FenSum::from))
                .sum::<Option<FenSum>>(),
        ) else {
            continue;
        };
        let difference = FenSum::from(said) - sum;
        if difference == 0 {
            continue;
        }
        let severity = severity_of(difference, parts.len() as i64);
        let items: Vec<String> = parts
            .iter()
            .map(|f| format!("{} {}", f.item.as_deref().unwrap_or(""), f.raw))
            .collect();
        out.push(Finding {
            published_fen: Some(said),
            expected_fen: i64::try_from(sum).ok(),
            ..Finding::notice(
                rule,
                severity,
                message.to_string(),
                None,
                format!(
                    "{}：{}{} ≠ {} = {} 元",
                    quote(total, locate),
                    total.label,
                    total.raw,
                    items.join(" + "),
                    crate::amount::format_fen(sum, AmountUnit::Yuan, 2)
                ),
            )
        });
    }
}

/// "较2022年预算702.04万元增加377.05万元": this year − last year = the change.
fn change(figures: &[StatedFigure], locate: super::Locate<'_>, out: &mut Vec<Finding>) {
    for claim in [Claim::Expenditure, Claim::Income] {
        let find = |q: Option<Qualifier>, in_section: Option<usize>| {
            figures.iter().rev().find(|f| {
                f.claim == claim
                    && f.qualifier == q
                    && f.item.is_none()
                    && in_section.is_none_or(|s| f.section == s)
            })
        };
        // The three figures of one statement: a 情况说明 that states last
        // year's figure and the change in its overview and this year's
        // 财政拨款 in another section (Jiangsu 2017) compares nothing.
        let Some(delta) = find(Some(Qualifier::Change), None) else {
            continue;
        };
        let (Some(now), Some(before)) = (
            find(None, Some(delta.section)),
            find(Some(Qualifier::PreviousYear), Some(delta.section)),
        ) else {
            continue;
        };
        let (Some(n), Some(b), Some(d)) = (now.fen, before.fen, delta.fen) else {
            continue;
        };
        let (change, d) = (FenSum::from(n) - FenSum::from(b), FenSum::from(d));
        if change == d {
            continue;
        }
        out.push(Finding {
            published_fen: i64::try_from(d).ok(),
            expected_fen: i64::try_from(change).ok(),
            ..Finding::notice(
                "narrative.change",
                severity_of(change - d, 1),
                format!(
                    "所述{}增减额与两年数字之差不符 (stated change ≠ this year − last year)",
                    claim.key()
                ),
                None,
                format!(
                    "{}：{} − {} ≠ {}",
                    quote(delta, locate),
                    now.raw,
                    before.raw,
                    delta.raw
                ),
            )
        });
    }
}

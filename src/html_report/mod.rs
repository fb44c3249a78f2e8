//! `yusuan report`: the stored disclosures of the selected units → one
//! self-contained HTML page — per unit the overview, yoy by 功能分类 with
//! its chart, 三公, assets, procurement, the audit findings and the
//! completeness matrix; and a corpus part when several units are selected.
//!
//! Every figure comes from the CLI's own questions ([`ask`]): the page is a
//! rendering of the same reports, never a second computation.

mod ask;
pub mod escape;
mod movers;
mod question;
mod shell;

pub use question::Question;

use crate::amount::AmountUnit;
use crate::audit::Severity;
use crate::queries;
use crate::render::Value;
use crate::report::yoy::By;
use crate::report::ReportError;
use ask::Ask;
use std::collections::BTreeMap;
use std::path::Path;

/// What the page covers and how it prints amounts.
pub struct Options {
    /// The queries' selection parameters (`unit`, `from`, `to`, `stage`, `scope`).
    pub params: BTreeMap<String, String>,
    pub money: AmountUnit,
    /// Lines on each chart.
    pub top: usize,
}

/// The stored units the selection names: code and latest name, in code order.
pub fn units(db: &Path, unit: Option<&str>) -> Result<Vec<(String, String)>, ReportError> {
    let params = BTreeMap::from([("unit".to_string(), unit.unwrap_or_default().to_string())]);
    let data = queries::run_read_only(db, "units", &params)?;
    let mut units: Vec<(String, String)> = Vec::new();
    for row in &data.rows {
        let text = |i: usize| match row.get(i) {
            Some(Value::Text(t)) => t.clone(),
            Some(Value::Int(n)) => n.to_string(),
            _ => String::new(),
        };
        let (code, name) = (text(0), text(1));
        match units.last_mut() {
            Some(last) if last.0 == code => last.1 = name,
            _ => units.push((code, name)),
        }
    }
    Ok(units)
}

/// The questions of one unit's part of the page, in reading order.
pub fn unit_questions(
    db: &Path,
    code: &str,
    options: &Options,
) -> Result<Vec<Question>, ReportError> {
    let mut params = options.params.clone();
    params.insert("unit".to_string(), code.to_string());
    let ask = Ask {
        db,
        params,
        money: options.money,
        top: options.top,
    };
    Ok(vec![
        ask.yoy(
            "概览：收支总表 (overview: income and spending)",
            By::Summary,
            None,
            false,
            false,
        )?,
        ask.yoy(
            "概览：基本支出 (basic spending by 功能分类 类)",
            By::Function,
            Some("基本支出"),
            false,
            false,
        )?,
        ask.yoy(
            "概览：项目支出 (project spending by 功能分类 类)",
            By::Function,
            Some("项目支出"),
            false,
            false,
        )?,
        ask.yoy(
            "同比：支出功能分类 (year on year by function)",
            By::Function,
            None,
            false,
            true,
        )?,
        ask.sangong("“三公”经费及其构成 (三公 and its parts)")?,
        ask.assets("固定资产 (fixed assets)")?,
        ask.procurement("政府采购 (government procurement)")?,
        ask.findings(
            "核对发现 (audit findings: the figures compared and where each was printed)",
            None,
        )?,
        ask.matrix("完整性 (completeness: tables and 情况说明 sections)")?,
    ])
}

/// The questions of the corpus part: several units side by side, and the
/// biggest movers among the units' own summary answers.
pub fn corpus_questions(
    db: &Path,
    options: &Options,
    summaries: &[&Question],
) -> Result<Vec<Question>, ReportError> {
    let ask = Ask {
        db,
        params: options.params.clone(),
        money: options.money,
        top: options.top,
    };
    Ok(vec![
        movers::biggest(summaries, 20),
        ask.yoy(
            "合计：支出功能分类 (the selected units added up)",
            By::Function,
            None,
            true,
            true,
        )?,
        ask.sangong("“三公”经费：各单位 (三公 of every unit)")?,
        ask.findings("有错误的单位 (units with errors)", Some(Severity::Error))?,
        ask.matrix("完整性 (completeness of every unit)")?,
    ])
}

/// The whole page.
pub fn build(db: &Path, options: &Options) -> Result<String, ReportError> {
    let selected = options
        .params
        .get("unit")
        .map(String::as_str)
        .filter(|u| !u.is_empty());
    let units = units(db, selected)?;
    let answers = units
        .iter()
        .map(|(code, _)| unit_questions(db, code, options))
        .collect::<Result<Vec<_>, _>>()?;
    let mut body = String::new();
    let mut nav = Vec::new();
    if units.len() > 1 {
        // Each unit's first answer is its 收支总表 across years.
        let summaries: Vec<&Question> = answers.iter().filter_map(|q| q.first()).collect();
        let label = format!(
            "全部 {} 个单位 (corpus of {} units)",
            units.len(),
            units.len()
        );
        body.push_str("<section class=\"corpus\" id=\"corpus\"><h2>");
        escape::push(&mut body, &label);
        body.push_str("</h2>\n");
        for question in corpus_questions(db, options, &summaries)? {
            question.write_html(&mut body, options.money);
        }
        body.push_str("</section>\n");
        nav.push(("corpus".to_string(), label));
    }
    if units.is_empty() {
        body.push_str("<p class=\"empty\">没有符合条件的数据 (nothing matches: check --unit, or run yusuan units)</p>\n");
    }
    for (i, ((code, name), questions)) in units.iter().zip(&answers).enumerate() {
        let id = format!("u{}", i + 1);
        let label = if code == name {
            code.clone()
        } else {
            format!("{code} {name}")
        };
        body.push_str(&format!("<section class=\"unit\" id=\"{id}\"><h2>"));
        escape::push(&mut body, &label);
        body.push_str("</h2>\n");
        for question in questions {
            question.write_html(&mut body, options.money);
        }
        body.push_str("</section>\n");
        nav.push((id, label));
    }
    let meta = format!(
        "金额单位：{} (amounts in {})　选择 (selection): {}　由 yusuan {} 生成，数字与命令行的同一问题一致 (every figure is the command line's answer to the same question)",
        options.money.label(),
        options.money.label(),
        selection_text(&options.params),
        env!("CARGO_PKG_VERSION"),
    );
    Ok(shell::page(
        "yusuan 预算公开报告 (budget disclosure report)",
        &meta,
        &nav,
        &body,
    ))
}

fn selection_text(params: &BTreeMap<String, String>) -> String {
    let parts: Vec<String> = ["unit", "from", "to", "stage", "scope"]
        .iter()
        .filter_map(|k| {
            params
                .get(*k)
                .filter(|v| !v.is_empty())
                .map(|v| format!("--{k} {v}"))
        })
        .collect();
    if parts.is_empty() {
        "全部 (everything stored)".to_string()
    } else {
        parts.join(" ")
    }
}

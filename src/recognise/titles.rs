//! Table titles → which standard table it is. Provinces word titles
//! differently (单位/部门 prefixes, 政府基金 vs 政府性基金, any quote style),
//! so recognition looks for the words that identify each table.

use crate::model::TableKind;
use crate::text::{contains, squeeze, strip_bookmarks, strip_ordinal, without_quotes};

/// Titles are short; a narrative sentence that happens to mention 支出总表
/// must not be taken for one.
const MAX_TITLE_CHARS: usize = 40;

pub fn classify(title: &str) -> Option<TableKind> {
    let t = normalise(title);
    if t.chars().count() > MAX_TITLE_CHARS || !t.ends_with('表') {
        return None;
    }
    // A project's 绩效目标表 may be named after anything (政府性基金管理经费…).
    if contains(&t, "绩效") {
        return None;
    }
    let has = |w: &str| contains(&t, w);
    let kind = if has("三公") {
        TableKind::Sangong
    } else if has("基本支出表") && has("一般公共预算") {
        TableKind::BasicEconomic
    } else if has("政府性基金") || has("政府基金") {
        TableKind::GovFund
    } else if has("国有资本经营") {
        TableKind::StateCapital
    } else if has("一般公共预算") && has("支出表") {
        TableKind::GeneralPublic
    } else if has("财政拨款收支总表") {
        TableKind::FiscalSummary
    } else if has("收支总表") {
        TableKind::Summary
    } else if has("收入总表") {
        TableKind::Income
    } else if has("支出总表") {
        TableKind::Expenditure
    } else {
        return None;
    };
    Some(kind)
}

/// Tables of the narrative and appendix (机构设置, 绩效目标, 政府采购, 固定资产).
/// They are recognised so that they are not reported as unknown.
pub fn is_appendix(title: &str, first_cells: &[&str]) -> bool {
    let t = normalise(title);
    let first = first_cells.first().map(|c| squeeze(c)).unwrap_or_default();
    ["机构设置", "绩效目标", "政府采购", "固定资产", "绩效指标"]
        .iter()
        .any(|w| t.contains(w))
        || ["绩效目标", "一级指标", "单位名称"].contains(&first.as_str())
}

fn normalise(title: &str) -> String {
    let t = squeeze(&without_quotes(strip_bookmarks(title)));
    let t = strip_ordinal(&t).to_string();
    // A trailing parenthetical ("（按功能分类）") does not change the table.
    match t.rfind(['（', '(']) {
        Some(open) if t.ends_with(['）', ')']) && open > 0 => t[..open].to_string(),
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_sample_titles_and_their_variants() {
        let cases = [
            ("单位预算收支总表", TableKind::Summary),
            ("部门预算收支总表", TableKind::Summary),
            ("单位预算收入总表", TableKind::Income),
            ("单位预算支出总表", TableKind::Expenditure),
            ("单位预算财政拨款收支总表", TableKind::FiscalSummary),
            (
                "单位预算一般公共预算财政拨款支出表",
                TableKind::GeneralPublic,
            ),
            (
                "单位预算一般公共预算财政拨款基本支出表",
                TableKind::BasicEconomic,
            ),
            ("单位预算政府基金预算财政拨款支出表", TableKind::GovFund),
            ("部门预算政府性基金预算财政拨款支出表", TableKind::GovFund),
            (
                "单位预算国有资本经营预算财政拨款支出表",
                TableKind::StateCapital,
            ),
            ("单位预算财政拨款“三公”经费支出表", TableKind::Sangong),
            ("单位预算财政拨款\"三公\"经费支出表", TableKind::Sangong),
            ("单位预算财政拨款 三公 经费支出表", TableKind::Sangong),
            (
                "表3 部门预算 支出总表（按功能分类）",
                TableKind::Expenditure,
            ),
        ];
        for (title, kind) in cases {
            assert_eq!(classify(title), Some(kind), "{title}");
        }
    }

    #[test]
    fn narrative_is_not_a_table_title() {
        assert_eq!(classify("单位政府采购预算"), None);
        assert_eq!(
            classify("收支预算总表支出栏、基本支出表、项目支出表按经济分类和支出功能分类科目编制，反映年度部门预算中支出预算的总体情况。"),
            None
        );
    }
}

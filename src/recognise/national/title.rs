//! A national-template table title → which table it is, for which stage
//! (预算/决算) and scope (部门/单位).
//!
//! 财政部's templates put the stage inside the words that name the table
//! (`部门财务收支预算总表`, `收入支出决算总表`, `一般公共预算支出功能分类预算表`), and
//! provinces add year prefixes, ordinals and labels (`2026年`, `五、`,
//! `公开 05 表：`). The stage words are taken out first, except where they
//! belong to a fund's name (一般公共预算, 政府性基金预算, 国有资本经营预算), so the
//! rest can be matched the way the Hebei titles are.

use crate::model::{Scope, Stage, TableKind};
use crate::text::{squeeze, strip_ordinal, without_quotes};

/// Titles are short; a narrative sentence that mentions a table is not one.
const MAX_TITLE_CHARS: usize = 48;

/// What a title says about its table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// `None`: a table of the disclosure that is not one of the standard
    /// kinds (机关运行经费, 政府采购, 会议费/培训费, 项目支出, 绩效目标): stored cell
    /// by cell as an other table.
    pub kind: Option<TableKind>,
    pub stage: Stage,
    pub scope: Option<Scope>,
    /// The year prefix (`2026年…`), if printed.
    pub year: Option<i32>,
    /// The title without ordinals, labels and whitespace.
    pub clean: String,
}

/// Classify a paragraph that stands before a table. `None`: the paragraph
/// is not a table title at all.
pub fn classify(title: &str) -> Option<Title> {
    let clean = clean(title);
    if clean.is_empty() || clean.chars().count() > MAX_TITLE_CHARS || !clean.ends_with('表') {
        return None;
    }
    // Sentences of the 情况说明 that end in 表 quote titles; titles themselves
    // hold no sentence punctuation.
    if clean.contains(['，', '。', '；', '《', '》', ',', ';']) {
        return None;
    }
    let stage = if clean.contains("决算") {
        Stage::Final
    } else {
        Stage::Budget
    };
    let (year, rest) = split_year(&clean);
    let words = without_stage_words(rest);
    let (scope, words) = split_scope(&words);
    Some(Title {
        kind: kind_of(&words),
        stage,
        scope,
        year,
        clean: clean.clone(),
    })
}

/// Whether a paragraph names a table of a budget disclosure even if it is
/// not followed by one here (a title page line, a heading of the 情况说明).
pub fn is_disclosure_table(title: &str) -> bool {
    classify(title).is_some_and(|t| t.kind.is_some())
}

fn clean(title: &str) -> String {
    let t = squeeze(&without_quotes(title));
    let t = strip_label(&t);
    let t = strip_ordinal(t);
    // A trailing parenthetical names the classification (（功能科目）,
    // （一般公共预算）); the words before it name the table.
    let t = match t.rfind(['（', '(']) {
        Some(open) if t.ends_with(['）', ')']) && open > 0 => &t[..open],
        _ => t,
    };
    t.to_string()
}

/// `公开05表：…`, `预算公开06表…`, `表3…` → the title after the label.
fn strip_label(t: &str) -> &str {
    let numbered = ["预算公开", "公开", "表"]
        .iter()
        .find_map(|prefix| t.strip_prefix(prefix))
        .and_then(|rest| {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            (digits > 0).then(|| &rest[digits..])
        });
    match numbered {
        Some(rest) => {
            let rest = rest.strip_prefix('表').unwrap_or(rest);
            rest.trim_start_matches([':', '：', '.', '、'])
        }
        None => t,
    }
}

/// `2026年部门…` / `2026年度…` → (2026, `部门…`).
fn split_year(t: &str) -> (Option<i32>, &str) {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return (None, t);
    }
    let rest = &t[4..];
    let Some(rest) = rest
        .strip_prefix("年度")
        .or_else(|| rest.strip_prefix('年'))
    else {
        return (None, t);
    };
    (t[..4].parse().ok(), rest)
}

/// The title's words without 预算/决算, except inside fund names.
fn without_stage_words(t: &str) -> String {
    t.replace("一般公共预算", "一般公共")
        .replace("政府性基金预算", "政府性基金")
        .replace("国有资本经营预算", "国有资本经营")
        .replace("预算", "")
        .replace("决算", "")
        .replace("年度", "")
}

/// `部门…` / `单位…` (after 预算 went: `预算单位…` is `单位…`).
fn split_scope(words: &str) -> (Option<Scope>, String) {
    if let Some(rest) = words.strip_prefix("部门") {
        (Some(Scope::Department), rest.to_string())
    } else if let Some(rest) = words.strip_prefix("单位") {
        (Some(Scope::Unit), rest.to_string())
    } else {
        (None, words.to_string())
    }
}

fn kind_of(t: &str) -> Option<TableKind> {
    let has = |w: &str| t.contains(w);
    if has("绩效") || has("机关运行经费支出") || has("政府采购") || has("项目支出表")
    {
        return None;
    }
    let kind = if has("三公") {
        TableKind::Sangong
    } else if has("政府性基金") || has("政府基金") {
        TableKind::GovFund
    } else if has("国有资本经营") {
        TableKind::StateCapital
    } else if has("基本支出") && has("一般公共") {
        TableKind::BasicEconomic
    } else if has("基本支出") && has("财政拨款") {
        TableKind::FiscalBasic
    } else if has("一般公共") && has("支出") {
        TableKind::GeneralPublic
    } else if has("财政拨款") && (has("收支") || has("收入支出")) {
        TableKind::FiscalSummary
    } else if has("财政拨款") && has("支出") {
        TableKind::FiscalExpenditure
    } else if has("收支总表") || has("收入支出总表") {
        TableKind::Summary
    } else if has("收入总表") || t == "收入表" {
        TableKind::Income
    } else if has("支出总表") || t == "支出表" {
        TableKind::Expenditure
    } else {
        return None;
    };
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Scope::*;
    use Stage::*;
    use TableKind::*;

    fn seen(title: &str) -> (Option<TableKind>, Stage, Option<Scope>, Option<i32>) {
        let t = classify(title).unwrap_or_else(|| panic!("not a title: {title}"));
        (t.kind, t.stage, t.scope, t.year)
    }

    #[test]
    fn shanghai_department_and_unit_budget_titles() {
        let cases = [
            ("2026年部门财务收支预算总表", Summary),
            ("2026年部门收入预算总表", Income),
            ("2026年部门支出预算总表", Expenditure),
            ("2026年部门财政拨款收支预算总表", FiscalSummary),
            ("2026年部门一般公共预算支出功能分类预算表", GeneralPublic),
            ("2026年部门政府性基金预算支出功能分类预算表", GovFund),
            ("2026年部门国有资本经营预算支出功能分类预算表", StateCapital),
            (
                "2026年部门一般公共预算基本支出部门预算经济分类预算表",
                BasicEconomic,
            ),
            ("2026年部门“三公”经费和机关运行经费预算表", Sangong),
        ];
        for (title, kind) in cases {
            assert_eq!(
                seen(title),
                (Some(kind), Budget, Some(Department), Some(2026)),
                "{title}"
            );
            let unit = title.replace("2026年部门", "2026年预算单位");
            let expected_scope = Some(Unit);
            assert_eq!(seen(&unit).2, expected_scope, "{unit}");
            assert_eq!(seen(&unit).0, Some(kind), "{unit}");
        }
        assert_eq!(
            seen("2026年单位“三公”经费和机关运行经费预算表").2,
            Some(Unit)
        );
        assert_eq!(seen("部门“三公”经费和机关运行经费预算表").3, None);
    }

    #[test]
    fn final_accounts_titles() {
        let cases = [
            ("收入支出决算总表", Summary),
            ("收入决算表", Income),
            ("支出决算表", Expenditure),
            ("财政拨款收入支出决算总表", FiscalSummary),
            ("一般公共预算财政拨款支出决算表", GeneralPublic),
            ("一般公共预算财政拨款基本支出决算表", BasicEconomic),
            ("一般公共预算财政拨款基本支出决算明细表", BasicEconomic),
            ("财政拨款“三公”经费支出决算表", Sangong),
            ("一般公共预算财政拨款“三公”经费支出决算表", Sangong),
            ("政府性基金预算财政拨款收入支出决算表", GovFund),
            ("国有资本经营预算财政拨款收入支出决算表", StateCapital),
            ("国有资本经营预算财政拨款支出决算表", StateCapital),
        ];
        for (title, kind) in cases {
            assert_eq!(seen(title), (Some(kind), Final, None, None), "{title}");
        }
    }

    #[test]
    fn jiangsu_titles_with_labels_and_parentheticals() {
        let cases = [
            ("收支预算总表", Some(Summary)),
            ("公开 01 表：收支预算总表", Some(Summary)),
            ("收入预算总表", Some(Income)),
            ("支出预算总表", Some(Expenditure)),
            ("财政拨款收支预算总表", Some(FiscalSummary)),
            ("财政拨款支出预算表（功能科目）", Some(FiscalExpenditure)),
            ("财政拨款基本支出预算表（经济科目）", Some(FiscalBasic)),
            ("一般公共预算支出预算表（功能科目）", Some(GeneralPublic)),
            (
                "一般公共预算基本支出预算表（经济科目）",
                Some(BasicEconomic),
            ),
            ("财政拨款政府性基金支出预算表", Some(GovFund)),
            ("政府性基金支出预算表", Some(GovFund)),
            (
                "“三公”经费、会议费、培训费支出预算表（一般公共预算）",
                Some(Sangong),
            ),
            ("一般公共预算“三公”经费支出预算表", Some(Sangong)),
            ("一般公共预算机关运行经费支出预算表", None),
            ("2019年政府采购预算表", None),
            ("政府采购支出预算表", None),
            ("十二、政府采购支出预算表", None),
        ];
        for (title, kind) in cases {
            assert_eq!(seen(title).0, kind, "{title}");
            assert_eq!(seen(title).1, Budget, "{title}");
        }
        assert_eq!(seen("2019年政府采购预算表").3, Some(2019));
    }

    #[test]
    fn sentences_and_headings_are_not_titles() {
        assert_eq!(classify("一、收支预算总表情况说明"), None);
        assert_eq!(
            classify("第二部分 2018 年度部门预算表").and_then(|t| t.kind),
            None
        );
        assert_eq!(classify("编制部门：上海市普陀区司法局"), None);
        assert!(classify(
            "财政拨款收入数、支出安排数应与《收支预算总表》数对应一致，并按照政府收支分类科目编制预算表"
        )
        .is_none());
    }
}

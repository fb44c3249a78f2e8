//! Paragraphs → ordered sections (heading, text).
//!
//! Top-level headings number 一、二、… but the numbering is often broken (a
//! `5、` between `四、` and `六、`), and the same numbers also number
//! sub-headings (`1、收入说明`) and nested parts (`一、总体绩效目标` inside
//! 预算绩效信息). A numbered, heading-like paragraph opens a section when
//! its number is the next one expected: in Chinese numerals (one number may
//! be skipped), or in Arabic digits when no later heading uses the same
//! number in Chinese numerals (so `3、比上年增减情况` before `三、…` is a
//! sub-heading, while `5、 预算绩效信息` with no `五、` anywhere is section 5).
//! Table titles (`6、行政后勤费绩效目标表`) never open a section.
//!
//! The national template adds headings without numbers (`…主要职能`,
//! `机构设置`, `2026年单位预算编制说明`, `其他相关情况说明`) and parts
//! (`第三部分…情况说明`). Each opens a section and starts a numbering of
//! its own, whose headings are sections too (`一、2026年“三公”经费预算情况说明`
//! under `其他相关情况说明`) — except under a project's description, the
//! duties and the glossary, where `一、项目概述` or `一、加强党的建设` are
//! items, not sections. Under a catch-all section (`十一、其他重要事项的情况说明`),
//! a `（一）` sub-heading about one of the expected topics (机关运行经费,
//! 政府采购, 国有资产…) opens a section of that topic. The table of contents
//! (see `contents`) never opens a section.

use super::contents;
use super::headings::{self, Heading, Style};
use crate::model::{NarrativeSection, Topic};
use crate::text::{contains, strip_bookmarks, trim, without_quotes};

/// A paragraph of the narrative, in order.
pub struct Para<'a> {
    pub line: usize,
    pub text: &'a str,
    /// The paragraph is the title of the table right after it.
    pub is_title: bool,
}

/// What the text around a figure is about: the section's topic, refined by
/// the sub-heading it is under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Income,
    Expenditure,
    Change,
    Overview,
    OperatingCosts,
    Sangong,
    Procurement,
    Assets,
    Other,
}

/// A paragraph placed in its section, for the figure extractor.
pub struct Placed<'a> {
    pub section: usize,
    /// Where the paragraph starts in the section's text, in characters.
    pub offset: usize,
    pub line: usize,
    pub text: &'a str,
    pub context: Context,
}

/// The topics a `（一）` sub-heading of a catch-all section opens a section for.
const SUB_SECTION_TOPICS: [Topic; 5] = [
    Topic::OperatingCosts,
    Topic::Sangong,
    Topic::Procurement,
    Topic::Assets,
    Topic::Performance,
];

pub fn build<'a>(paras: &[Para<'a>]) -> (Vec<NarrativeSection>, Vec<Placed<'a>>) {
    let texts: Vec<&str> = paras.iter().map(|p| p.text).collect();
    let in_contents = contents::lines(&texts);
    let mut found: Vec<Option<Heading>> = paras
        .iter()
        .zip(&in_contents)
        .map(|(p, &toc)| {
            if p.is_title || toc {
                None
            } else {
                headings::classify(strip_bookmarks(p.text))
            }
        })
        .collect();
    // The 情况说明's own title, first, is the preamble's heading.
    if let Some(first) = found.first_mut() {
        if first.is_some_and(|h| h.style == Style::Named && h.rest.ends_with("说明")) {
            *first = None;
        }
    }
    let opens = openings(&found);

    let mut sections: Vec<NarrativeSection> = Vec::new();
    let mut placed = Vec::new();
    let mut chars = 0;
    let mut context = Context::Other;
    for (i, para) in paras.iter().enumerate() {
        if let (true, Some(h)) = (opens[i], &found[i]) {
            let heading = trim(h.rest).to_string();
            let topic = topic_of(&heading);
            context = section_context(topic, &heading);
            let numbered = h.style != Style::Named;
            sections.push(NarrativeSection {
                ordinal: sections.len(),
                number_label: numbered.then(|| h.label.to_string()),
                number: numbered.then_some(h.value),
                heading: Some(heading),
                topic,
                text: String::new(),
                source_line: para.line,
            });
            chars = 0;
            continue;
        }
        let text = if trim(para.text).starts_with("[bookmark:") {
            strip_bookmarks(para.text)
        } else {
            para.text
        };
        if sections.is_empty() {
            // The preamble: the 情况说明 title, if it comes first, is its heading.
            let title = trim(text);
            let is_title = title.ends_with("说明") && title.chars().count() <= 80;
            sections.push(NarrativeSection {
                ordinal: 0,
                number_label: None,
                number: None,
                heading: is_title.then(|| title.to_string()),
                topic: Topic::Preamble,
                text: String::new(),
                source_line: para.line,
            });
            chars = 0;
            context = Context::Other;
            if is_title {
                continue;
            }
        }
        if let Some(
            h @ Heading {
                style: Style::Numbered { .. },
                ..
            },
        ) = &found[i]
        {
            // A sub-heading refines what the following text is about.
            let section_topic = sections.last().map_or(Topic::Other, |s| s.topic);
            context = sub_context(section_topic, h.rest);
        }
        let Some(section) = sections.last_mut() else {
            continue;
        };
        if !section.text.is_empty() {
            section.text.push('\n');
            chars += 1;
        }
        placed.push(Placed {
            section: section.ordinal,
            offset: chars,
            line: para.line,
            text,
            context,
        });
        section.text.push_str(text);
        chars += text.chars().count();
    }
    (sections, placed)
}

/// Which headings open a section.
fn openings(found: &[Option<Heading>]) -> Vec<bool> {
    let mut opens = vec![false; found.len()];
    // Parts and named headings open a section each and start a numbering:
    // the numbered headings between two of them are judged together.
    // Parts divide the document only when it starts with them: a `第一部分`
    // inside a numbered section (Hebei's 预算绩效信息) is a sub-heading.
    let mut parts: Option<bool> = None;
    let mut numbered_opened = false;
    let mut start = 0;
    let mut numbers_sections = true;
    for i in 0..=found.len() {
        let boundary = found
            .get(i)
            .and_then(Option::as_ref)
            .filter(|h| matches!(h.style, Style::Part | Style::Named));
        if i < found.len() && boundary.is_none() {
            continue;
        }
        let tops = if numbers_sections {
            top_level(&found[start..i])
        } else {
            vec![false; i - start]
        };
        if boundary.is_some_and(|h| h.style == Style::Part)
            && !*parts.get_or_insert(!numbered_opened && !tops.contains(&true))
        {
            continue;
        }
        numbered_opened |= tops.contains(&true);
        for (k, top) in tops.into_iter().enumerate() {
            opens[start + k] = top;
        }
        if let Some(h) = boundary {
            opens[i] = true;
            start = i + 1;
            numbers_sections = numbers_sections_under(h.rest);
        }
    }
    // A （一） sub-heading about an expected topic, under a catch-all section.
    let mut enclosing = Topic::Preamble;
    for (i, heading) in found.iter().enumerate() {
        let Some(h) = heading else { continue };
        if opens[i] {
            enclosing = topic_of(h.rest);
        } else if h.style == Style::Parenthesised
            && enclosing == Topic::Other
            && SUB_SECTION_TOPICS.contains(&topic_of(h.rest))
        {
            opens[i] = true;
        }
    }
    opens
}

/// Whether the numbered headings under an unnumbered heading or a part are
/// sections: not under a project's description (`人民调解项目经费情况说明`:
/// 一、项目概述…), the duties or the glossary (lists of items).
fn numbers_sections_under(heading: &str) -> bool {
    !contains(heading, "项目") && !matches!(topic_of(heading), Topic::Duties | Topic::Glossary)
}

/// Which numbered headings of one numbering open a section.
fn top_level(found: &[Option<Heading>]) -> Vec<bool> {
    let number = |h: &Option<Heading>| match h {
        Some(Heading {
            style: Style::Numbered { chinese },
            value,
            ..
        }) => Some((*value, *chinese)),
        _ => None,
    };
    let mut top = vec![false; found.len()];
    let mut last = 0u32;
    for i in 0..found.len() {
        let Some((value, chinese)) = number(&found[i]) else {
            continue;
        };
        let accept = if chinese {
            value > last && value <= last + 2
        } else {
            value == last + 1
                && !found[i + 1..]
                    .iter()
                    .filter_map(number)
                    .any(|(later, later_chinese)| later_chinese && later == value)
        };
        if accept {
            top[i] = true;
            last = value;
        }
    }
    top
}

/// A section's topic from its heading.
pub fn topic_of(heading: &str) -> Topic {
    let h = without_quotes(heading);
    let has = |w: &str| contains(&h, w);
    if has("三公") {
        Topic::Sangong
    } else if has("机关运行") {
        Topic::OperatingCosts
    } else if has("政府采购") {
        Topic::Procurement
    } else if has("资产") {
        Topic::Assets
    } else if has("绩效") {
        Topic::Performance
    } else if has("名词解释") {
        Topic::Glossary
    } else if has("职责") || has("职能") || has("机构设置") || has("单位构成") {
        Topic::Duties
    } else if has("总体情况")
        || has("收支")
        || has("收入")
        || has("支出")
        || has("预算安排")
        || has("编制说明")
    {
        Topic::Overview
    } else {
        Topic::Other
    }
}

fn context_of(topic: Topic) -> Context {
    match topic {
        Topic::Overview => Context::Overview,
        Topic::OperatingCosts => Context::OperatingCosts,
        Topic::Sangong => Context::Sangong,
        Topic::Procurement => Context::Procurement,
        Topic::Assets => Context::Assets,
        _ => Context::Other,
    }
}

/// The context of a section's text: its topic's, but a national 情况说明
/// gives income and expenditure a section each (`二、收入预算情况说明`,
/// `三、支出预算情况说明`), whose figures are of that side only.
fn section_context(topic: Topic, heading: &str) -> Context {
    let base = context_of(topic);
    if topic != Topic::Overview || contains(heading, "收支") {
        return base;
    }
    match (contains(heading, "收入"), contains(heading, "支出")) {
        (true, false) => Context::Income,
        (false, true) => Context::Expenditure,
        _ => base,
    }
}

/// The context under a sub-heading such as `1、收入说明` or `3、比上年增减情况`.
fn sub_context(section: Topic, heading: &str) -> Context {
    let base = context_of(section);
    if section != Topic::Overview {
        return base;
    }
    if contains(heading, "增减") || contains(heading, "比上年") || contains(heading, "变化")
    {
        Context::Change
    } else if contains(heading, "收入") {
        Context::Income
    } else if contains(heading, "支出") {
        Context::Expenditure
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Para<'_> {
        Para {
            line: 1,
            text,
            is_title: false,
        }
    }

    #[test]
    fn broken_numbering_and_nested_parts() {
        let texts = [
            "某单位2023年单位预算信息公开情况说明",
            "按照规定，现将预算公开如下：",
            "[bookmark: _Toc1]一、单位职责及机构设置情况",
            "单位职责：",
            "二、单位预算安排的总体情况",
            "1、收入说明",
            "2、支出说明",
            "3、比上年增减情况",
            "三、机关运行经费安排情况",
            "四、财政拨款“三公”经费预算情况及增减变化原因",
            "5、 预算绩效信息",
            "第一部分 部门整体绩效目标",
            "一、总体绩效目标",
            "二、分项绩效目标",
            "第二部分 专项资金绩效目标",
            "六、政府采购预算情况",
            "八、名词解释",
            "9、上年结转：指以前年度尚未完成的资金。",
        ];
        let mut paras: Vec<Para> = texts.iter().map(|t| para(t)).collect();
        paras.push(Para {
            line: 2,
            text: "7、行政后勤费绩效目标表",
            is_title: true,
        });
        let (sections, placed) = build(&paras);
        let heads: Vec<(Option<&str>, Option<&str>, &str)> = sections
            .iter()
            .map(|s| {
                (
                    s.number_label.as_deref(),
                    s.heading.as_deref(),
                    s.topic.key(),
                )
            })
            .collect();
        assert_eq!(
            heads,
            [
                (None, Some(texts[0]), "前言"),
                (Some("一"), Some("单位职责及机构设置情况"), "职责"),
                (Some("二"), Some("单位预算安排的总体情况"), "总体情况"),
                (Some("三"), Some("机关运行经费安排情况"), "机关运行经费"),
                (
                    Some("四"),
                    Some("财政拨款“三公”经费预算情况及增减变化原因"),
                    "三公"
                ),
                (Some("5"), Some("预算绩效信息"), "绩效"),
                (Some("六"), Some("政府采购预算情况"), "政府采购"),
                (Some("八"), Some("名词解释"), "名词解释"),
            ]
        );
        assert_eq!(
            sections[2].text,
            "1、收入说明\n2、支出说明\n3、比上年增减情况"
        );
        let contexts: Vec<Context> = placed
            .iter()
            .filter(|p| p.section == 2)
            .map(|p| p.context)
            .collect();
        assert_eq!(
            contexts,
            [Context::Income, Context::Expenditure, Context::Change]
        );
        // Parts inside a numbered section (Hebei's 预算绩效信息) are text.
        assert_eq!(
            sections[5].text,
            "第一部分 部门整体绩效目标\n一、总体绩效目标\n二、分项绩效目标\n第二部分 专项资金绩效目标"
        );
        assert_eq!(
            sections[7].text,
            "9、上年结转：指以前年度尚未完成的资金。\n7、行政后勤费绩效目标表"
        );
        let p = placed.iter().find(|p| p.text.starts_with("2、")).unwrap();
        assert_eq!(p.offset, "1、收入说明\n".chars().count());
    }

    fn heads(paras: &[Para]) -> Vec<(Option<String>, Option<String>, &'static str)> {
        build(paras)
            .0
            .into_iter()
            .map(|s| (s.number_label, s.heading, s.topic.key()))
            .collect()
    }

    fn expected(
        rows: &[(Option<&str>, &str, &'static str)],
    ) -> Vec<(Option<String>, Option<String>, &'static str)> {
        rows.iter()
            .map(|(l, h, t)| (l.map(str::to_string), Some(h.to_string()), *t))
            .collect()
    }

    #[test]
    fn national_unnumbered_headings_after_the_contents() {
        // 上海市普陀区司法局 2026 单位预算, headings as printed.
        let texts = [
            "上海市普陀区2026年区级单位预算",
            "目录",
            "一、单位主要职能",
            "五、单位预算表",
            "1. 2026年预算单位财务收支预算总表",
            "六、其他相关情况说明",
            "上海市普陀区司法局主要职能",
            "上海市普陀区司法局是主管本区司法和法制工作的区政府工作部门，主要职责是：",
            "（一）贯彻执行国家和本市有关司法行政工作的法律。",
            "上海市普陀区司法局机构设置",
            "名词解释",
            "（一）财政拨款收入：是区级预算主管部门取得的财政拨款。",
            "2026年单位预算编制说明",
            "1、公共安全支出（204类）司法（06款）行政运行（01项）1434.89万元。",
            "其他相关情况说明",
            "一、2026年“三公”经费预算情况说明",
            "（一）因公出国（境）费0万元，与2025年预算数持平。",
            "二、机关运行经费预算",
            "三、政府采购预算情况",
            "四、绩效目标设置情况",
            "五、国有资产占有使用情况",
            "人民调解项目经费情况说明",
            "一、项目概述",
            "六、年度预算安排",
            "七、绩效目标",
        ];
        let paras: Vec<Para> = texts.iter().map(|t| para(t)).collect();
        let mut want = vec![(None, None, "前言")];
        want.extend(expected(&[
            (None, "上海市普陀区司法局主要职能", "职责"),
            (None, "上海市普陀区司法局机构设置", "职责"),
            (None, "名词解释", "名词解释"),
            (None, "2026年单位预算编制说明", "总体情况"),
            (None, "其他相关情况说明", "其他"),
            (Some("一"), "2026年“三公”经费预算情况说明", "三公"),
            (Some("二"), "机关运行经费预算", "机关运行经费"),
            (Some("三"), "政府采购预算情况", "政府采购"),
            (Some("四"), "绩效目标设置情况", "绩效"),
            (Some("五"), "国有资产占有使用情况", "国有资产"),
            (None, "人民调解项目经费情况说明", "其他"),
        ]));
        assert_eq!(heads(&paras), want);
        // The contents stay in the preamble's text, as printed.
        let (sections, _) = build(&paras);
        assert!(sections[0].text.contains("六、其他相关情况说明"));
        assert!(sections[11].text.contains("六、年度预算安排"));
    }

    #[test]
    fn national_parts_and_sub_sections_of_a_catch_all() {
        // 上海市普陀区财政局 2024 部门决算 and 江苏省人民检察院 2017.
        let texts = [
            "目录",
            "第一部分上海市普陀区财政局概况",
            "一、主要职能",
            "第四部分名词解释",
            "第一部分上海市普陀区财政局概况",
            "一、主要职能",
            "第三条上海市普陀区财政局的主要职责是：",
            "二、部门决算单位构成",
            "第三部分上海市普陀区财政局2024年度部门决算情况",
            "说明",
            "一、收入支出决算总体情况说明",
            "二、收入决算情况说明",
            "本年收入合计2961.68万元，其中：财政拨款收入2961.68万元。",
            "三、支出决算情况说明",
            "本年支出合计2940.05万元，其中：基本支出2500万元。",
            "四、财政拨款收入支出决算总体情况说明",
            "五、一般公共预算财政拨款支出决算情况说明",
            "六、一般公共预算财政拨款基本支出决算情况说明",
            "七、财政拨款“三公”经费支出决算情况说明",
            "八、政府性基金预算财政拨款收入支出决算情况说明",
            "九、国有资本经营预算财政拨款收入支出决算情况说明",
            "十、预算绩效管理情况",
            "十一、其他重要事项的情况说明",
            "（一）机关运行经费支出情况",
            "（二）政府采购支出情况",
            "（三）国有资产占有使用情况说明",
            "第四部分名词解释",
            "一、财政拨款收入：指本级财政当年拨付的资金。",
        ];
        let paras: Vec<Para> = texts.iter().map(|t| para(t)).collect();
        let mut want = vec![(None, None, "前言")];
        want.extend(expected(&[
            (Some("第一部分"), "上海市普陀区财政局概况", "其他"),
            (Some("一"), "主要职能", "职责"),
            (Some("二"), "部门决算单位构成", "职责"),
            (
                Some("第三部分"),
                "上海市普陀区财政局2024年度部门决算情况",
                "其他",
            ),
            (Some("一"), "收入支出决算总体情况说明", "总体情况"),
            (Some("二"), "收入决算情况说明", "总体情况"),
            (Some("三"), "支出决算情况说明", "总体情况"),
            (Some("四"), "财政拨款收入支出决算总体情况说明", "总体情况"),
            (
                Some("五"),
                "一般公共预算财政拨款支出决算情况说明",
                "总体情况",
            ),
            (
                Some("六"),
                "一般公共预算财政拨款基本支出决算情况说明",
                "总体情况",
            ),
            (Some("七"), "财政拨款“三公”经费支出决算情况说明", "三公"),
            (
                Some("八"),
                "政府性基金预算财政拨款收入支出决算情况说明",
                "总体情况",
            ),
            (
                Some("九"),
                "国有资本经营预算财政拨款收入支出决算情况说明",
                "总体情况",
            ),
            (Some("十"), "预算绩效管理情况", "绩效"),
            (Some("十一"), "其他重要事项的情况说明", "其他"),
            (Some("（一）"), "机关运行经费支出情况", "机关运行经费"),
            (Some("（二）"), "政府采购支出情况", "政府采购"),
            (Some("（三）"), "国有资产占有使用情况说明", "国有资产"),
            (Some("第四部分"), "名词解释", "名词解释"),
        ]));
        assert_eq!(heads(&paras), want);
        let (_, placed) = build(&paras);
        let context_after = |heading: &str| {
            let at = texts.iter().position(|t| *t == heading).unwrap();
            placed
                .iter()
                .find(|p| p.text == texts[at + 1])
                .map(|p| p.context)
        };
        assert_eq!(context_after("二、收入决算情况说明"), Some(Context::Income));
        assert_eq!(
            context_after("三、支出决算情况说明"),
            Some(Context::Expenditure)
        );
    }
}

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

/// Headings are short; a longer numbered paragraph is a list item.
const MAX_HEADING_CHARS: usize = 40;

struct Numbered<'a> {
    label: &'a str,
    value: u32,
    chinese: bool,
    rest: &'a str,
}

pub fn build<'a>(paras: &[Para<'a>]) -> (Vec<NarrativeSection>, Vec<Placed<'a>>) {
    let numbered: Vec<Option<Numbered>> = paras
        .iter()
        .map(|p| {
            if p.is_title {
                None
            } else {
                heading_number(strip_bookmarks(p.text))
            }
        })
        .collect();
    let top = top_level(&numbered);

    let mut sections: Vec<NarrativeSection> = Vec::new();
    let mut placed = Vec::new();
    let mut chars = 0;
    let mut context = Context::Other;
    for (i, para) in paras.iter().enumerate() {
        if let (true, Some(n)) = (top[i], &numbered[i]) {
            let heading = trim(n.rest).to_string();
            let topic = topic_of(&heading);
            context = context_of(topic);
            sections.push(NarrativeSection {
                ordinal: sections.len(),
                number_label: Some(n.label.to_string()),
                number: Some(n.value),
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
        if let Some(n) = &numbered[i] {
            // A sub-heading refines what the following text is about.
            let section_topic = sections.last().map_or(Topic::Other, |s| s.topic);
            context = sub_context(section_topic, n.rest);
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

/// Which numbered paragraphs open a section.
fn top_level(numbered: &[Option<Numbered>]) -> Vec<bool> {
    let mut top = vec![false; numbered.len()];
    let mut last = 0u32;
    for i in 0..numbered.len() {
        let Some(n) = &numbered[i] else { continue };
        let accept = if n.chinese {
            n.value > last && n.value <= last + 2
        } else {
            n.value == last + 1
                && !numbered[i + 1..]
                    .iter()
                    .flatten()
                    .any(|later| later.chinese && later.value == n.value)
        };
        if accept {
            top[i] = true;
            last = n.value;
        }
    }
    top
}

/// `一、…`, `十一、…`, `5、 …` with a heading-like rest.
fn heading_number(text: &str) -> Option<Numbered<'_>> {
    let t = trim(text);
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || CHINESE.contains(*c)))
        .map_or(t.len(), |(i, _)| i);
    let label = &t[..end];
    let rest = t[end..].strip_prefix('、')?;
    let rest = trim(rest);
    let chinese = !label.is_empty() && label.chars().all(|c| CHINESE.contains(c));
    let value = if chinese {
        chinese_value(label)?
    } else if !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit()) && label.len() <= 3 {
        label.parse().ok()?
    } else {
        return None;
    };
    let heading_like = !rest.is_empty()
        && rest.chars().count() <= MAX_HEADING_CHARS
        && !rest.ends_with(['。', '；', ';', '，', ','])
        && rest
            .find(['：', ':'])
            .is_none_or(|i| trim(&rest[i..]).chars().count() == 1);
    heading_like.then_some(Numbered {
        label,
        value,
        chinese,
        rest,
    })
}

const CHINESE: &str = "零〇一二三四五六七八九十百";

/// 一 → 1, 十一 → 11, 二十 → 20, 一百零五 → 105.
fn chinese_value(text: &str) -> Option<u32> {
    let (mut total, mut current) = (0u32, 0u32);
    for c in text.chars() {
        match c {
            '十' => {
                total += current.max(1) * 10;
                current = 0;
            }
            '百' => {
                total += current.max(1) * 100;
                current = 0;
            }
            _ => {
                current = "零一二三四五六七八九"
                    .chars()
                    .position(|d| d == c)
                    .map_or(0, |d| d as u32)
            }
        }
    }
    let value = total + current;
    (value > 0).then_some(value)
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
    } else if has("职责") || has("机构设置") {
        Topic::Duties
    } else if has("总体情况") || has("收支") || has("收入") || has("支出") || has("预算安排")
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
            "一、总体绩效目标",
            "二、分项绩效目标",
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
        assert_eq!(sections[5].text, "一、总体绩效目标\n二、分项绩效目标");
        assert_eq!(
            sections[7].text,
            "9、上年结转：指以前年度尚未完成的资金。\n7、行政后勤费绩效目标表"
        );
        let p = placed.iter().find(|p| p.text.starts_with("2、")).unwrap();
        assert_eq!(p.offset, "1、收入说明\n".chars().count());
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_value("十一"), Some(11));
        assert_eq!(chinese_value("二十"), Some(20));
        assert_eq!(chinese_value("一百零五"), Some(105));
        assert_eq!(chinese_value("零"), None);
        assert!(heading_number("（一）秘书股").is_none());
        assert!(heading_number("1、一般公共预算拨款收入：指省级财政当年拨付的资金。").is_none());
        assert_eq!(heading_number("机构设置：").map(|n| n.value), None);
        assert_eq!(heading_number("十、其他").map(|n| n.value), Some(10));
    }
}

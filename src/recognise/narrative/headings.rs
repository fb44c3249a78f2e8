//! One paragraph → the kind of heading it is, if any: numbered (`一、…`,
//! `5、 …`), parenthesised (`（一）…`), a part (`第三部分…`), or one of the
//! unnumbered headings the national template prints (`上海市普陀区司法局主要职能`,
//! `其他相关情况说明`, `2026年单位预算编制说明`).
//!
//! Whether a heading opens a section is for `sections` to decide; this only
//! says what the paragraph looks like.

use crate::text::trim;

/// Headings are short; a longer numbered paragraph is a list item.
const MAX_HEADING_CHARS: usize = 40;

/// A part heading may carry the unit's full name and the year.
const MAX_PART_CHARS: usize = 60;

/// How the unnumbered headings of the national template end. The words
/// name the part of the 情况说明 (the office's name or the year may come
/// before them); a paragraph ending so that is short and no sentence is a
/// heading.
const NAMED_ENDINGS: [&str; 6] = [
    "主要职能",
    "主要职责",
    "机构设置",
    "名词解释",
    "编制说明",
    "情况说明",
];

pub const CHINESE: &str = "零〇一二三四五六七八九十百";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `一、…`, `5、 …`
    Numbered { chinese: bool },
    /// `（一）…`
    Parenthesised,
    /// `第三部分…`
    Part,
    /// No number: `其他相关情况说明`.
    Named,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading<'a> {
    pub style: Style,
    /// The number as printed (`一`, `5`, `（一）`, `第三部分`); empty for a
    /// named heading.
    pub label: &'a str,
    /// Its value; 0 for a named heading.
    pub value: u32,
    /// The heading without its number.
    pub rest: &'a str,
}

/// What heading `text` is, if any.
pub fn classify(text: &str) -> Option<Heading<'_>> {
    let t = trim(text);
    numbered(t)
        .or_else(|| parenthesised(t))
        .or_else(|| part(t))
        .or_else(|| named(t))
}

/// `一、…`, `十一、…`, `5、 …` with a heading-like rest.
fn numbered(t: &str) -> Option<Heading<'_>> {
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || CHINESE.contains(*c)))
        .map_or(t.len(), |(i, _)| i);
    let label = &t[..end];
    let rest = trim(t[end..].strip_prefix('、')?);
    let chinese = !label.is_empty() && label.chars().all(|c| CHINESE.contains(c));
    let value = if chinese {
        chinese_value(label)?
    } else if !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit()) && label.len() <= 3 {
        label.parse().ok()?
    } else {
        return None;
    };
    heading_like(rest, MAX_HEADING_CHARS).then_some(Heading {
        style: Style::Numbered { chinese },
        label,
        value,
        rest,
    })
}

/// `（一）机关运行经费支出情况` with a heading-like rest.
fn parenthesised(t: &str) -> Option<Heading<'_>> {
    let inner = t.strip_prefix(['（', '('])?;
    let close = inner.find(['）', ')'])?;
    let number = &inner[..close];
    if number.is_empty() || !number.chars().all(|c| CHINESE.contains(c)) {
        return None;
    }
    let value = chinese_value(number)?;
    let after = &inner[close..];
    let close_len = after.chars().next().map_or(0, char::len_utf8);
    let label_end = t.len() - inner.len() + close + close_len;
    let rest = trim(&t[label_end..]);
    heading_like(rest, MAX_HEADING_CHARS).then_some(Heading {
        style: Style::Parenthesised,
        label: &t[..label_end],
        value,
        rest,
    })
}

/// `第三部分上海市普陀区财政局2024年度部门决算情况说明`, `第四部分 名词解释`.
fn part(t: &str) -> Option<Heading<'_>> {
    let after = t.strip_prefix('第')?;
    let number_end = after
        .char_indices()
        .find(|(_, c)| !CHINESE.contains(*c))
        .map_or(after.len(), |(i, _)| i);
    let value = chinese_value(&after[..number_end])?;
    let tail = after[number_end..].strip_prefix("部分")?;
    let label = &t[..t.len() - tail.len()];
    let rest = trim(tail.trim_start_matches(['：', ':']));
    (rest.is_empty() || heading_like(rest, MAX_PART_CHARS)).then_some(Heading {
        style: Style::Part,
        label,
        value,
        rest,
    })
}

/// An unnumbered heading of the national template.
fn named(t: &str) -> Option<Heading<'_>> {
    let known = NAMED_ENDINGS.iter().any(|w| t.ends_with(w));
    (known && heading_like(t, MAX_HEADING_CHARS)).then_some(Heading {
        style: Style::Named,
        label: "",
        value: 0,
        rest: t,
    })
}

/// Short, no sentence, and a colon only at its very end.
fn heading_like(rest: &str, max_chars: usize) -> bool {
    !rest.is_empty()
        && rest.chars().count() <= max_chars
        && !rest.ends_with(['。', '；', ';', '，', ','])
        && rest
            .find(['：', ':'])
            .is_none_or(|i| trim(&rest[i..]).chars().count() == 1)
}

/// 一 → 1, 十一 → 11, 二十 → 20, 一百零五 → 105.
pub fn chinese_value(text: &str) -> Option<u32> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Option<(Style, &str, u32, &str)> {
        classify(text).map(|h| (h.style, h.label, h.value, h.rest))
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_value("十一"), Some(11));
        assert_eq!(chinese_value("二十"), Some(20));
        assert_eq!(chinese_value("一百零五"), Some(105));
        assert_eq!(chinese_value("零"), None);
        assert_eq!(chinese_value(""), None);
    }

    #[test]
    fn the_styles_of_heading() {
        let numbered = Style::Numbered { chinese: true };
        assert_eq!(shape("十、其他"), Some((numbered, "十", 10, "其他")));
        assert_eq!(
            shape("5、 预算绩效信息"),
            Some((Style::Numbered { chinese: false }, "5", 5, "预算绩效信息"))
        );
        assert_eq!(
            shape("（一）机关运行经费支出情况"),
            Some((Style::Parenthesised, "（一）", 1, "机关运行经费支出情况"))
        );
        assert_eq!(
            shape("第三部分上海市普陀区财政局2024年度部门决算情况"),
            Some((
                Style::Part,
                "第三部分",
                3,
                "上海市普陀区财政局2024年度部门决算情况"
            ))
        );
        assert_eq!(
            shape("第四部分名词解释"),
            Some((Style::Part, "第四部分", 4, "名词解释"))
        );
        assert_eq!(
            shape("上海市普陀区司法局主要职能"),
            Some((Style::Named, "", 0, "上海市普陀区司法局主要职能"))
        );
        assert_eq!(
            shape("其他相关情况说明"),
            Some((Style::Named, "", 0, "其他相关情况说明"))
        );
    }

    #[test]
    fn sentences_and_list_items_are_no_headings() {
        for text in [
            "1、一般公共预算拨款收入：指省级财政当年拨付的资金。",
            "机构设置：",
            "（一）财政拨款收入：是区级预算主管部门从本级财政部门取得的财政拨款。",
            "九、承办区委、区政府交办的其他事项。",
            "第三条上海市普陀区财政局的主要职责是：",
            "主要职能包括：",
            "2017年度部门预算公开表附后。",
            "上海市普陀区司法局",
            "（1）公务用车购置预算支出50万元，与上年预算数相等，",
        ] {
            assert_eq!(classify(text), None, "{text}");
        }
    }
}

//! 指标值 → comparator, number, unit: `≤2.8万元`, `≥95%`, `不低于30次`,
//! `7辆`, `95%以上`. Anything else (`按时完成`, `90%-95%`) has no target.

use crate::model::{Comparator, Target};
use crate::text::is_space;

const PREFIXES: &[(&str, Comparator)] = &[
    ("≤", Comparator::Le),
    ("<=", Comparator::Le),
    ("≦", Comparator::Le),
    ("不超过", Comparator::Le),
    ("不高于", Comparator::Le),
    ("不大于", Comparator::Le),
    ("不多于", Comparator::Le),
    ("小于等于", Comparator::Le),
    ("小于或等于", Comparator::Le),
    ("≥", Comparator::Ge),
    (">=", Comparator::Ge),
    ("≧", Comparator::Ge),
    ("不低于", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("不小于", Comparator::Ge),
    ("大于等于", Comparator::Ge),
    ("大于或等于", Comparator::Ge),
    ("<", Comparator::Lt),
    ("小于", Comparator::Lt),
    ("低于", Comparator::Lt),
    ("少于", Comparator::Lt),
    (">", Comparator::Gt),
    ("大于", Comparator::Gt),
    ("高于", Comparator::Gt),
    ("超过", Comparator::Gt),
    ("多于", Comparator::Gt),
    ("=", Comparator::Eq),
    ("等于", Comparator::Eq),
];

/// Units are short words: a longer tail is a sentence, not a unit.
const MAX_UNIT_CHARS: usize = 6;

pub fn parse(value: &str) -> Option<Target> {
    let text: String = value
        .chars()
        .filter(|c| !is_space(*c))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '％' => '%',
            '＜' => '<',
            '＞' => '>',
            '＝' => '=',
            _ => c,
        })
        .collect();
    let (mut comparator, rest) = PREFIXES
        .iter()
        .find_map(|(p, c)| text.strip_prefix(p).map(|r| (Some(*c), r)))
        .unwrap_or((None, text.as_str()));
    let digits_end = number_end(rest)?;
    let number = &rest[..digits_end];
    let mut unit = &rest[digits_end..];
    for (suffix, implied) in [
        ("及以上", Comparator::Ge),
        ("以上", Comparator::Ge),
        ("及以下", Comparator::Le),
        ("以下", Comparator::Le),
        ("以内", Comparator::Le),
    ] {
        if let Some(stripped) = unit.strip_suffix(suffix) {
            if comparator.is_none() {
                comparator = Some(implied);
            }
            unit = stripped;
            break;
        }
    }
    let unit_ok = unit.chars().count() <= MAX_UNIT_CHARS
        && unit
            .chars()
            .all(|c| !c.is_ascii_digit() && !c.is_ascii_punctuation() || c == '%' || c == '/')
        && !unit.contains(['，', '。', '、', '；', '～', '—', '至', '到']);
    if !unit_ok {
        return None;
    }
    Some(Target {
        comparator: comparator.unwrap_or(Comparator::Eq),
        number: number.to_string(),
        unit: (!unit.is_empty()).then(|| unit.to_string()),
    })
}

/// Byte length of a leading plain decimal ("2.8", "95"), if any.
fn number_end(text: &str) -> Option<usize> {
    let int = text.bytes().take_while(u8::is_ascii_digit).count();
    if int == 0 {
        return None;
    }
    let rest = &text[int..];
    match rest.strip_prefix('.') {
        Some(frac) => {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            Some(if n == 0 { int } else { int + 1 + n })
        }
        None => Some(int),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Comparator::*;

    fn t(text: &str) -> Option<(Comparator, String, Option<String>)> {
        parse(text).map(|t| (t.comparator, t.number, t.unit))
    }

    #[test]
    fn comparisons_with_numbers() {
        let some = |c, n: &str, u: Option<&str>| Some((c, n.to_string(), u.map(str::to_string)));
        assert_eq!(t("≤2.8万元"), some(Le, "2.8", Some("万元")));
        assert_eq!(t("≥95%"), some(Ge, "95", Some("%")));
        assert_eq!(t("≥30次"), some(Ge, "30", Some("次")));
        assert_eq!(t("7辆"), some(Eq, "7", Some("辆")));
        assert_eq!(t("1次"), some(Eq, "1", Some("次")));
        assert_eq!(t("1各"), some(Eq, "1", Some("各")));
        assert_eq!(t("100%"), some(Eq, "100", Some("%")));
        assert_eq!(t("不低于 90 %"), some(Ge, "90", Some("%")));
        assert_eq!(t("不超过财政经费支持"), None);
        assert_eq!(t("95%以上"), some(Ge, "95", Some("%")));
        assert_eq!(t("＜５天"), some(Lt, "5", Some("天")));
        assert_eq!(t("12"), some(Eq, "12", None));
    }

    #[test]
    fn text_values_have_no_target() {
        for text in [
            "按时完成",
            "及时缴纳",
            "有所提升",
            "是",
            "90%-95%",
            "1.保障车辆合法运行",
            "2020年底前完成上市企业1家",
            "",
        ] {
            assert_eq!(t(text), None, "{text}");
        }
    }
}

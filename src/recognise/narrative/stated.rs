//! Figures the narrative states: every number followed by a money unit
//! (元, 万元, 万, 亿元, 亿), with what it claims to be.
//!
//! A figure's meaning comes from the words right before it (back to the
//! previous figure or the previous `，；：、`), read against the section and
//! sub-heading it is under: `其中：基本支出670.69万元` is 基本支出;
//! `较2022年预算702.04万元` is last year's figure of what the sentence was
//! talking about; `增加377.05万元` is the change, and in a list of changes
//! (`本年度增加A10万，B120万`) every item is one. The unit is kept as written,
//! and the 分 are computed in it: a `0.34元` among 万元 figures is 34 分.

use super::sections::{Context, Placed};
use crate::model::{Claim, Qualifier, StatedFigure};
use crate::text::{contains, is_space, strip_ordinal, trim, without_quotes};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::str::FromStr;

/// Quote characters `without_quotes` drops.
const QUOTES: [char; 10] = ['“', '”', '"', '‘', '’', '\'', '「', '」', '『', '』'];

pub fn extract(placed: &[Placed<'_>], year: i32) -> Vec<StatedFigure> {
    let years = Years::new(year);
    let mut out = Vec::new();
    for paragraph in placed {
        // Most paragraphs state no money at all.
        if !has_money_unit(paragraph.text) {
            continue;
        }
        for (start, sentence) in sentences(paragraph.text) {
            if !has_money_unit(sentence) {
                continue;
            }
            let sentence_start = paragraph.offset + paragraph.text[..start].chars().count();
            figures_in(sentence, sentence_start, paragraph, &years, &mut out);
        }
    }
    out
}

fn has_money_unit(text: &str) -> bool {
    text.contains(['元', '万', '亿'])
}

/// How the text names last year, to tell its figures from this year's.
struct Years {
    /// `2022年`
    previous: String,
    /// `2022年末`, `2022年底`
    previous_end: [String; 2],
}

impl Years {
    fn new(year: i32) -> Years {
        let previous = year.saturating_sub(1);
        Years {
            previous: format!("{previous}年"),
            previous_end: [format!("{previous}年末"), format!("{previous}年底")],
        }
    }
}

/// Sentences end at 。！？ (kept with the sentence); leading whitespace is
/// not part of one.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            push_sentence(text, start, i + c.len_utf8(), &mut out);
            start = i + c.len_utf8();
        }
    }
    push_sentence(text, start, text.len(), &mut out);
    out
}

fn push_sentence<'t>(text: &'t str, start: usize, end: usize, out: &mut Vec<(usize, &'t str)>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start_matches(is_space).len();
    let sentence = piece[lead..].trim_end_matches(is_space);
    if !sentence.is_empty() {
        out.push((start + lead, sentence));
    }
}

/// A number with a money unit in a sentence (byte offsets).
struct Found<'s> {
    start: usize,
    end: usize,
    number: &'s str,
    unit: &'static str,
}

/// After 万 or 亿, these make the number a count, not money (3万人次).
const NOT_MONEY_AFTER: &str = "人次户亩册份件台辆个吨平方千米公里字条家名余倍项";

fn money_unit(rest: &str) -> Option<(&'static str, usize)> {
    for unit in ["亿元", "万元", "元"] {
        if rest.starts_with(unit) {
            return Some((unit, unit.len()));
        }
    }
    for unit in ["亿", "万"] {
        if let Some(after) = rest.strip_prefix(unit) {
            if !after.starts_with(|c| NOT_MONEY_AFTER.contains(c)) {
                return Some((unit, unit.len()));
            }
        }
    }
    None
}

fn amounts(s: &str) -> Vec<Found<'_>> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = digit(i)
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'.' | b',')));
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        while digit(i) {
            i += 1;
        }
        while b.get(i) == Some(&b',') && (1..=3).all(|k| digit(i + k)) && !digit(i + 4) {
            i += 4;
        }
        if b.get(i) == Some(&b'.') && digit(i + 1) {
            i += 1;
            while digit(i) {
                i += 1;
            }
        }
        let number_end = i;
        let mut k = i;
        while b.get(k) == Some(&b' ') {
            k += 1;
        }
        if let Some((unit, len)) = money_unit(&s[k..]) {
            out.push(Found {
                start,
                end: k + len,
                number: &s[start..number_end],
                unit,
            });
            i = k + len;
        }
    }
    out
}

fn fen_of(number: &str, unit: &str) -> Option<i64> {
    let plain: Cow<str> = if number.contains(',') {
        Cow::Owned(number.replace(',', ""))
    } else {
        Cow::Borrowed(number)
    };
    let value = Decimal::from_str(&plain).ok()?;
    let factor: i64 = match unit {
        "元" => 100,
        "万元" | "万" => 1_000_000,
        _ => 10_000_000_000,
    };
    let fen = value.checked_mul(Decimal::from(factor))?;
    if !fen.fract().is_zero() {
        return None;
    }
    fen.to_i64()
}

const DELIMITERS: [char; 10] = ['，', ',', '；', ';', '：', ':', '、', '。', '！', '？'];

/// What the previous figures of the sentence said, for figures that only
/// say "increased by" or "compared with".
#[derive(Default)]
struct SentenceState {
    last: Option<(Claim, Option<String>)>,
    /// The sign of the changes being listed, once a change verb was seen.
    change: Option<i64>,
    prev_end: usize,
}

fn figures_in(
    sentence: &str,
    sentence_start: usize,
    paragraph: &Placed<'_>,
    years: &Years,
    out: &mut Vec<StatedFigure>,
) {
    let mut state = SentenceState::default();
    for found in amounts(sentence) {
        let after_delimiter = sentence[..found.start]
            .char_indices()
            .rev()
            .find(|(_, c)| DELIMITERS.contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let segment = trim(&sentence[state.prev_end.max(after_delimiter)..found.start]);
        state.prev_end = found.end;

        let verb = change_verb(segment);
        let year_end = is_year_end(segment, years);
        let qualifier = if let Some(sign) = verb {
            state.change = Some(sign);
            Some(Qualifier::Change)
        } else if year_end {
            Some(Qualifier::PreviousYearEnd)
        } else if is_base(segment, years) {
            Some(Qualifier::PreviousYear)
        } else if state.change.is_some() && !ends_like_a_total(segment) {
            Some(Qualifier::Change)
        } else {
            None
        };
        let name = clean(segment);
        let (claim, item) = match classify(&name, paragraph.context) {
            Some(claim) => claim,
            None => state.last.clone().unwrap_or((Claim::Other, None)),
        };
        state.last = Some((claim, item.clone()));
        let sign = match qualifier {
            Some(Qualifier::Change) => state.change.unwrap_or(1),
            _ => 1,
        };
        out.push(StatedFigure {
            ordinal: out.len(),
            section: paragraph.section,
            claim,
            item,
            qualifier,
            fen: fen_of(found.number, found.unit).and_then(|f| f.checked_mul(sign)),
            unit_as_written: found.unit,
            raw: sentence[found.start..found.end].to_string(),
            label: segment.to_string(),
            sentence: sentence.to_string(),
            sentence_start,
            source_line: paragraph.line,
        });
    }
}

const INCREASE: [&str; 4] = ["增加", "增长", "上升", "提高"];
const DECREASE: [&str; 5] = ["减少", "下降", "降低", "压减", "缩减"];

/// +1 / -1 when the words before the figure say it is a change: the last
/// change verb in them decides.
fn change_verb(segment: &str) -> Option<i64> {
    // Every verb has one of these characters; most segments have none.
    if !segment.contains(['增', '减', '升', '降', '提', '压', '缩']) {
        return None;
    }
    let mut best: Option<(usize, i64)> = None;
    for (verbs, sign) in [(&INCREASE[..], 1), (&DECREASE[..], -1)] {
        for verb in verbs {
            if let Some(at) = segment.rfind(verb) {
                if best.is_none_or(|(b, _)| at > b) {
                    best = Some((at, sign));
                }
            }
        }
    }
    if best.is_none() {
        let bare = segment.trim_end_matches('了');
        if bare.ends_with('增') {
            return Some(1);
        }
        if bare.ends_with('减') {
            return Some(-1);
        }
    }
    best.map(|(_, sign)| sign)
}

/// The words compare with last year (较2022年预算, 比上年, 上年); called
/// when they do not speak of last year's end.
fn is_base(segment: &str, years: &Years) -> bool {
    if segment.contains('较') {
        return true;
    }
    // Every other wording has 年.
    if !segment.contains('年') {
        return false;
    }
    segment.contains('较')
        || contains(segment, "比上年")
        || contains(segment, "比去年")
        || contains(segment, "上年")
        || contains(segment, "去年")
        || segment.contains(years.previous.as_str())
}

fn is_year_end(segment: &str, years: &Years) -> bool {
    if !segment.contains('年') {
        return false;
    }
    ["上年末", "上年底", "上年年末"]
        .iter()
        .any(|w| contains(segment, w))
        || years.previous_end.iter().any(|w| contains(segment, w))
}

/// `…安排` or `…为` before a figure states an amount, not a change.
fn ends_like_a_total(segment: &str) -> bool {
    ["安排", "为", "共计", "合计"]
        .iter()
        .any(|w| segment.ends_with(w))
}

const LEADING: [&str; 27] = [
    "其中",
    "主要是",
    "主要为",
    "主要用于",
    "用于",
    "包括",
    "以及",
    "和",
    "另",
    "本年度",
    "本年",
    "当年",
    "保证",
    "较上年",
    "比上年",
    "较",
    "增加",
    "减少",
    "增长",
    "下降",
    "降低",
    "我部门",
    "我单位",
    "本部门",
    "本单位",
    "全年",
    "拟",
];

const TRAILING: [&str; 17] = [
    "安排", "为", "共计", "合计", "总计", "共", "计", "约", "达到", "达", "是", "了", "增加",
    "减少", "增长", "下降", "降低",
];

/// The first characters of `LEADING` and last of `TRAILING`: most names
/// start and end with none of them.
const LEADING_FIRST: &str = "其主用包以和另本当保较比增减下降我全拟";
const TRAILING_LAST: &str = "排为计总共约到达是了加少长降低";

/// The words before a figure without connectives, verbs and a leading year:
/// `主要为保证车辆正常运行的车保险项目安排` → `车保险项目`.
fn clean(segment: &str) -> String {
    let mut t = trim(segment);
    if let Some(i) = t.rfind('的') {
        t = &t[i + '的'.len_utf8()..];
    }
    loop {
        let before = t;
        t = trim(strip_year(t));
        if t.starts_with(|c| LEADING_FIRST.contains(c)) {
            for p in LEADING {
                if let Some(rest) = t.strip_prefix(p) {
                    t = trim(rest);
                }
            }
        }
        if t.ends_with(|c| TRAILING_LAST.contains(c)) {
            for s in TRAILING {
                if let Some(rest) = t.strip_suffix(s) {
                    t = trim(rest);
                }
            }
        }
        if t == before {
            break;
        }
    }
    if matches!(t, "预算" | "预算数" | "上年" | "去年") {
        return String::new();
    }
    t.to_string()
}

/// `2023年预算收入` → `预算收入`.
fn strip_year(text: &str) -> &str {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 4 {
        if let Some(rest) = text[4..].strip_prefix('年') {
            return rest;
        }
    }
    text
}

const INCOME_SOURCES: [&str; 12] = [
    "一般公共预算",
    "政府性基金",
    "基金",
    "国有资本经营",
    "财政专户",
    "财政拨款",
    "事业",
    "经营",
    "上级补助",
    "附属单位",
    "其他",
    "上年结转",
];

/// The claim a figure's name makes in its context; `None` when the name is
/// empty (the figure continues the previous one: 较…, 增加…).
fn classify(name: &str, context: Context) -> Option<(Claim, Option<String>)> {
    if name.is_empty() {
        return None;
    }
    let bare: Cow<str> = if name.contains(QUOTES) {
        Cow::Owned(without_quotes(name))
    } else {
        Cow::Borrowed(name)
    };
    let has = |w: &str| contains(&bare, w);
    let item = || Some(name.to_string());
    let claim = if has("三公") {
        (Claim::Sangong, None)
    } else if has("机关运行经费") || has("机关运行费") {
        (Claim::OperatingCosts, None)
    } else if has("政府采购") {
        (Claim::Procurement, None)
    } else if has("固定资产") {
        if has("购置") || has("购买") || has("新增") {
            (Claim::AssetPurchase, None)
        } else {
            (Claim::FixedAssets, None)
        }
    } else if is_classification_line(&bare) {
        (Claim::Other, item())
    } else if context == Context::Sangong {
        (Claim::SangongPart, item())
    } else if context == Context::OperatingCosts {
        (Claim::OperatingItem, item())
    } else if has("人员经费") {
        (Claim::Personnel, None)
    } else if has("公用经费") {
        (Claim::Public, (bare != "公用经费").then(item).flatten())
    } else if has("基本支出") {
        (Claim::Basic, None)
    } else if has("机动经费") {
        // 单位预留机动经费 (Jiangsu): a part of the expenditure beside
        // 基本支出 and 项目支出, not a project.
        (Claim::Other, item())
    } else if has("项目支出") {
        (Claim::ProjectTotal, None)
    } else if has("收入") {
        // `2.财政专户管理资金收入预算总计`: a source, numbered.
        let source = strip_ordinal(&bare);
        if INCOME_SOURCES.iter().any(|s| source.starts_with(s)) {
            (Claim::IncomeSource, item())
        } else {
            (Claim::Income, None)
        }
    } else if is_total_expenditure(&bare) {
        (Claim::Expenditure, None)
    } else if matches!(
        context,
        Context::Expenditure | Context::Change | Context::Overview
    ) && (has("费") || has("项目") || has("资金"))
        && !not_a_project(&bare)
    {
        (Claim::Project, item())
    } else {
        (Claim::Other, item())
    };
    Some(claim)
}

/// Names that carry 费 or 资金 but are parts of the expenditure beside the
/// projects (Jiangsu's 单位预留机动经费, 结转下年资金): listing them is not
/// listing projects.
fn not_a_project(name: &str) -> bool {
    ["机动经费", "结转"].iter().any(|w| contains(name, w))
}

/// A 功能分类 or 经济分类 line read out in the 情况说明 (Jiangsu:
/// `政协事务（款）行政运行（项）支出`, `公务接待费（款）支出`; Shanghai:
/// `行政运行（01项）`): it names a line of a table, not a 三公 part or a
/// project, even inside those sections.
fn is_classification_line(name: &str) -> bool {
    ["类）", "款）", "项）", "类)", "款)", "项)"]
        .iter()
        .any(|mark| contains(name, mark))
}

fn is_total_expenditure(name: &str) -> bool {
    name == "支出"
        || name.ends_with("预算支出")
        || contains(name, "支出合计")
        || contains(name, "支出总计")
        || contains(name, "总支出")
        || contains(name, "支出预算")
        || name.ends_with("年支出")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (claim, item, qualifier, 分, raw)
    type Summary = (String, Option<String>, Option<String>, Option<i64>, String);

    fn figures(text: &str, context: Context) -> Vec<Summary> {
        let placed = [Placed {
            section: 0,
            offset: 0,
            line: 1,
            text,
            context,
        }];
        extract(&placed, 2023)
            .into_iter()
            .map(|f| {
                (
                    f.claim.key().to_string(),
                    f.item,
                    f.qualifier.map(|q| q.key().to_string()),
                    f.fen,
                    f.raw,
                )
            })
            .collect()
    }

    #[test]
    fn quick_filters_cover_every_word() {
        for word in LEADING {
            assert!(word.starts_with(|c| LEADING_FIRST.contains(c)), "{word}");
        }
        for word in TRAILING {
            assert!(word.ends_with(|c| TRAILING_LAST.contains(c)), "{word}");
        }
        for verb in INCREASE.iter().chain(&DECREASE) {
            assert!(
                verb.contains(['增', '减', '升', '降', '提', '压', '缩']),
                "{verb}"
            );
        }
    }

    #[test]
    fn expenditure_parts_and_function_lines_are_not_projects() {
        let claim = |name| classify(name, Context::Expenditure).map(|(c, _)| c);
        assert_eq!(claim("单位预留机动经费预算"), Some(Claim::Other));
        assert_eq!(claim("结转下年资金"), Some(Claim::Other));
        assert_eq!(
            claim("2.行政事业单位离退休（款）机关事业单位基本养老保险缴费支出（项）"),
            Some(Claim::Other)
        );
        let in_overview = |name| classify(name, Context::Overview).map(|(c, _)| c);
        assert_eq!(
            in_overview("2.财政专户管理资金收入预算总计"),
            Some(Claim::IncomeSource)
        );
        assert_eq!(in_overview("收入预算总计"), Some(Claim::Income));
        let in_sangong = |name| classify(name, Context::Sangong).map(|(c, _)| c);
        assert_eq!(in_sangong("（8）公务接待费（款）支出"), Some(Claim::Other));
        assert_eq!(in_sangong("公务接待费"), Some(Claim::SangongPart));
        assert_eq!(claim("信息化建设专项经费"), Some(Claim::Project));
        assert_eq!(claim("政协会议项目"), Some(Claim::Project));
    }

    #[test]
    fn amounts_and_units() {
        let found: Vec<(&str, &str)> =
            amounts("2023年收入1,079.09万元，B02149900元？10万一中，3万人次，5 元")
                .iter()
                .map(|f| (f.number, f.unit))
                .collect();
        assert_eq!(found, [("1,079.09", "万元"), ("10", "万"), ("5", "元")]);
        assert_eq!(fen_of("0.34", "元"), Some(34));
        assert_eq!(fen_of("1,079.09", "万元"), Some(1_079_090_000));
        assert_eq!(fen_of("0.0000001", "万元"), None);
    }

    #[test]
    fn a_reserve_is_no_project() {
        // 江苏省人民检察院 2017, 三、支出预算情况说明.
        let got = figures(
            "项目支出5533万元，占30.74 %；单位预留机动经费140.2万元，占0.78 %",
            Context::Expenditure,
        );
        let claims: Vec<&str> = got.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(claims, ["项目支出", "其他"]);
        // 检察院 2018, 五、财政拨款支出预算情况说明: classes, not projects.
        let got = figures(
            "1．未归口管理行政单位离退休费（项）支出371.92万元。2．甲项目经费10万元。",
            Context::Expenditure,
        );
        let claims: Vec<&str> = got.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(claims, ["其他", "项目"]);
    }

    #[test]
    fn changes_and_last_year() {
        let got = figures(
            "2023年预算支出安排1079.09万元，较2022年预算702.04万元增加377.05万元，其中：基本支出增加82.85万元；本年度增加甲经费10万乙经费120万，丙费减少0.4万元。",
            Context::Change,
        );
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            got,
            [
                (
                    "预算支出".into(),
                    None,
                    None,
                    Some(1_079_090_000),
                    "1079.09万元".into()
                ),
                (
                    "预算支出".into(),
                    None,
                    s("上年"),
                    Some(702_040_000),
                    "702.04万元".into()
                ),
                (
                    "预算支出".into(),
                    None,
                    s("增减"),
                    Some(377_050_000),
                    "377.05万元".into()
                ),
                (
                    "基本支出".into(),
                    None,
                    s("增减"),
                    Some(82_850_000),
                    "82.85万元".into()
                ),
                (
                    "项目".into(),
                    s("甲经费"),
                    s("增减"),
                    Some(10_000_000),
                    "10万".into()
                ),
                (
                    "项目".into(),
                    s("乙经费"),
                    s("增减"),
                    Some(120_000_000),
                    "120万".into()
                ),
                (
                    "项目".into(),
                    s("丙费"),
                    s("增减"),
                    Some(-400_000),
                    "0.4万元".into()
                ),
            ]
        );
    }

    #[test]
    fn sentences_locate_figures() {
        let placed = [Placed {
            section: 3,
            offset: 10,
            line: 7,
            text: "第一句。 机关运行经费共计安排5.00万元，主要用于办公费0.34元。",
            context: Context::OperatingCosts,
        }];
        let got = extract(&placed, 2023);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].sentence,
            "机关运行经费共计安排5.00万元，主要用于办公费0.34元。"
        );
        assert_eq!(got[0].sentence_start, 10 + "第一句。 ".chars().count());
        assert_eq!(
            (got[1].claim, got[1].item.as_deref()),
            (Claim::OperatingItem, Some("办公费"))
        );
        assert_eq!((got[1].fen, got[1].unit_as_written), (Some(34), "元"));
    }
}

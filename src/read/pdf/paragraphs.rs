//! Lines of text outside tables → paragraphs, minus page furniture.
//!
//! A PDF has no paragraphs, only lines. A line starts a new paragraph when
//! it stands apart from the one before (a blank gap, another font size), is
//! indented, or follows a line that stopped short of the right margin; a
//! line holding a wide gap (部门：…      单位：万元) is a line of fields and
//! stands alone.

use super::glyphs::{is_cjk, Line};

/// What separates two fields of one line: visible, and easy for
/// recognition to split on.
pub const WIDE_GAP: &str = "    ";

/// Page numbers ("3", "- 3 -", "第 3 页", "3/25") are furniture, not
/// content: near the top or bottom of the page, or as the page's first or
/// last line of text wherever it is (a footer of a page left half empty).
pub fn is_furniture(line: &Line, page_height: f64, first_or_last: bool) -> bool {
    let margin = page_height * 0.12;
    let near_edge = line.y0 <= margin || line.y1 >= page_height - margin;
    if !near_edge && !first_or_last {
        return false;
    }
    let text = line.text("");
    let mut digits = false;
    for c in text.chars() {
        match c {
            '0'..='9' => digits = true,
            '-' | '—' | '–' | '第' | '页' | '共' | '/' | ' ' | '－' | '·' => {}
            _ => return false,
        }
    }
    digits
}

/// A paragraph and the top of its first line (for reading order).
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub top: f64,
    pub text: String,
    /// Its first line starts at the left margin (a paragraph begun on the
    /// page before may go on here).
    pub flush_start: bool,
    /// Its last line runs to the right margin (it may go on next page).
    pub full_end: bool,
}

/// Gather consecutive lines (top to bottom) into paragraphs; `left` and
/// `right` are the margins of the page's text.
pub fn paragraphs(lines: &[Line], left: f64, right: f64) -> Vec<Paragraph> {
    // Documents set double-spaced leave more than an em between lines; a
    // gap well beyond the usual one is what separates paragraphs.
    let mut gaps: Vec<f64> = lines
        .windows(2)
        .map(|w| w[1].y0 - w[0].y1)
        .filter(|g| *g > 0.0)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let usual = gaps.get(gaps.len() / 2).copied().unwrap_or(0.0);
    let mut out: Vec<Paragraph> = Vec::new();
    let mut previous: Option<(&Line, bool)> = None;
    let mut prev_text = String::new();
    for line in lines {
        let text = line.text(WIDE_GAP);
        let fields = text.contains(WIDE_GAP);
        let starts = match previous {
            None => true,
            Some((prev, prev_fields)) => {
                let em = prev.size.max(line.size).max(1.0);
                prev_fields
                    || fields
                    || line.y0 - prev.y1 > (0.8 * em).max(1.5 * usual)
                    || (line.size - prev.size).abs() > 0.15 * em
                    || line.x0 > left + 1.0 * em
                    || (prev.x1 < right - 2.0 * em && fits_after(line, right - prev.x1))
                    || is_leader(&prev_text)
                    || (numbered(&text) && ends_sentence(&prev_text))
            }
        };
        match out.last_mut() {
            Some(paragraph) if !starts => {
                let latin = |c: Option<char>| c.is_some_and(|c| !is_cjk(c));
                if latin(paragraph.text.chars().last()) && latin(text.chars().next()) {
                    paragraph.text.push(' ');
                }
                paragraph.text.push_str(&text);
            }
            _ => out.push(Paragraph {
                top: line.y0,
                text: text.clone(),
                flush_start: !fields && line.x0 <= left + line.size.max(1.0),
                full_end: false,
            }),
        }
        if let Some(paragraph) = out.last_mut() {
            paragraph.full_end = !fields && line.x1 >= right - 2.0 * line.size.max(1.0);
        }
        previous = Some((line, fields));
        prev_text = text;
    }
    out
}

/// Whether the first word of `line` (its leading run of non-CJK glyphs,
/// or one CJK character) would have fitted in `room` at the end of the line
/// before: if not, the line before stopped short only to wrap it.
fn fits_after(line: &Line, room: f64) -> bool {
    let lead = line
        .marks
        .iter()
        .take_while(|m| !m.text.chars().next().is_some_and(is_cjk))
        .last()
        .map_or(0.0, |m| m.x1 - line.x0);
    lead + line.size.max(1.0) <= room
}

/// A line ending a sentence or a clause that announces a list: a numbered
/// line after it is the next item or heading (`…3.00万元。` then
/// `五、国有资产占有使用情况`), even when the line before runs to the margin.
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['。', '；', ';', '：', ':', '！', '？'])
}

/// Whether `text`, the top of a page, may go on the paragraph the page
/// before ended with (`before`). A numbered line (`一、`, `（二）`, `3.`,
/// `第二部分`) always starts a paragraph of its own, and a heading is never
/// continued by the next page even when its last line reaches the margin
/// (a part heading at the foot of a page above the first table's title).
pub fn goes_on(before: &str, text: &str) -> bool {
    !(numbered(text) || is_heading(before))
}

/// A short numbered line that is no sentence: a heading.
fn is_heading(text: &str) -> bool {
    let text = text.trim();
    numbered(text)
        && text.chars().count() <= 40
        && !text.contains(['。', '；', ';', '，', ',', '：', ':'])
        && !text.ends_with('、')
}

/// Whether `text` opens with a number that numbers a line: `一、`, `十二、`,
/// `（一）`, `(1)`, `3、`, `3.` or `3．` before a non-digit (not `8.85`), or
/// `第二部分`.
fn numbered(text: &str) -> bool {
    const CHINESE: &str = "一二三四五六七八九十百零〇";
    let text = text.trim_start();
    if let Some(rest) = text.strip_prefix('第') {
        let rest = rest.trim_start_matches(|c| CHINESE.contains(c));
        return rest.len() + '第'.len_utf8() < text.len() && rest.starts_with("部分");
    }
    if let Some(inner) = text.strip_prefix(['（', '(']) {
        let rest = inner.trim_start_matches(|c: char| CHINESE.contains(c) || c.is_ascii_digit());
        return rest.len() < inner.len() && rest.starts_with(['）', ')']);
    }
    let chinese = text.trim_start_matches(|c| CHINESE.contains(c));
    if chinese.len() < text.len() {
        return chinese.starts_with('、');
    }
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit());
    if rest.len() == text.len() {
        return false;
    }
    let mut after = rest.chars();
    match after.next() {
        Some('、') => true,
        Some('.' | '．') => after.next().is_some_and(|c| !c.is_ascii_digit()),
        _ => false,
    }
}

/// A table-of-contents line: a title, leader dots, maybe a page number.
fn is_leader(text: &str) -> bool {
    text.contains("……") || text.contains(".....") || text.contains("·····")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::pdf::glyphs::tests::word;
    use crate::read::pdf::glyphs::{clean, lines};

    fn lines_of(rows: &[(&str, f64, f64)]) -> Vec<Line> {
        let mut glyphs = Vec::new();
        for &(text, x, y) in rows {
            glyphs.extend(word(text, x, y, 10.0));
        }
        lines(clean(&glyphs).0)
    }

    #[test]
    fn indented_lines_and_short_lines_start_paragraphs() {
        let lines = lines_of(&[
            ("一二三四五六七八", 60.0, 10.0),
            ("部门：某某", 10.0, 30.0),
            ("单位：元", 140.0, 30.0),
            ("甲乙丙丁戊己庚辛壬癸甲乙丙丁", 30.0, 50.0),
            ("子丑寅卯辰巳午未申酉戌亥子丑寅", 10.0, 62.0),
            ("天地玄黄", 10.0, 74.0),
            ("宇宙洪荒", 30.0, 86.0),
        ]);
        let left = lines.iter().map(|l| l.x0).fold(f64::INFINITY, f64::min);
        let right = lines.iter().map(|l| l.x1).fold(f64::NEG_INFINITY, f64::max);
        let texts: Vec<String> = paragraphs(&lines, left, right)
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(
            texts,
            [
                "一二三四五六七八",
                "部门：某某    单位：元",
                "甲乙丙丁戊己庚辛壬癸甲乙丙丁子丑寅卯辰巳午未申酉戌亥子丑寅天地玄黄",
                "宇宙洪荒"
            ]
        );
    }

    #[test]
    fn a_numbered_line_after_a_sentence_end_starts_a_paragraph() {
        // 财政局 2025, page 22: the heading follows a full line ending 。,
        // at the margin and at the usual line gap.
        let lines = lines_of(&[
            ("维护费166.66万元，援滇干部工作经费3.00万元。", 10.0, 10.0),
            ("五、国有资产占有使用情况", 10.0, 22.0),
            ("截至2024年8月31日，财政局共有车辆0辆，", 10.0, 34.0),
            ("8.85 %。主要是员额制检察官工资改革", 10.0, 46.0),
        ]);
        let (left, right) = (10.0, lines.iter().map(|l| l.x1).fold(0.0, f64::max));
        let texts: Vec<String> = paragraphs(&lines, left, right)
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(
            texts,
            [
                "维护费166.66万元，援滇干部工作经费3.00万元。",
                "五、国有资产占有使用情况",
                "截至2024年8月31日，财政局共有车辆0辆，8.85 %。主要是员额制检察官工资改革"
            ]
        );
    }

    #[test]
    fn numbered_lines_and_headings_are_not_continued_over_a_page() {
        // The end of a page and the top of the next, as the reader sees them.
        let cases = [
            ("第二部分省检察院2017年度部门预算表", "收支预算总表", false),
            (
                "省检察院2017年度部门预算的说明如下",
                "一、收支预算总表",
                false,
            ),
            ("其中一般公共预算", "（二）公用经费2598.06万元。", false),
            ("收入预算合计", "3.其他收入", false),
            ("1. 支出情况", "基本支出", false),
            (
                "与上年相比增加1463.8万元，增长",
                "8.85 %。主要是工资改革",
                true,
            ),
            (
                "建议撤换下级检察院检察长、副",
                "检察长和检察委员会委员。",
                true,
            ),
            (
                "一、主要职责如下，人民检察院是国家的法律监督机关，省检察院的主要任务是",
                "领导全省各级检察院",
                true,
            ),
            ("二十一、", "机关党委", true),
            (
                "六、项目支出：包括编入部门预算的单位发展项目、省",
                "直发展项目支出安排数等。",
                true,
            ),
            ("第三条上海市普陀区财政局的主要职责是", "负责", true),
        ];
        for (before, text, joined) in cases {
            assert_eq!(goes_on(before, text), joined, "{before} / {text}");
        }
    }

    #[test]
    fn page_numbers_near_the_edges_are_furniture() {
        let lines = lines_of(&[("- 3 -", 100.0, 820.0), ("12", 100.0, 400.0)]);
        assert!(!is_furniture(&lines[0], 842.0, false));
        assert!(is_furniture(&lines[1], 842.0, false));
        // The last line of a page whose footer sits mid-page.
        assert!(is_furniture(&lines[0], 842.0, true));
    }
}

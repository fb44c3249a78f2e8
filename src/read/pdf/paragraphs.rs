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
    fn page_numbers_near_the_edges_are_furniture() {
        let lines = lines_of(&[("- 3 -", 100.0, 820.0), ("12", 100.0, 400.0)]);
        assert!(!is_furniture(&lines[0], 842.0, false));
        assert!(is_furniture(&lines[1], 842.0, false));
        // The last line of a page whose footer sits mid-page.
        assert!(is_furniture(&lines[0], 842.0, true));
    }
}

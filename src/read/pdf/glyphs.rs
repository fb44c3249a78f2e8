//! Glyphs as drawn → glyphs as read: whitespace dropped, the second drawing
//! of a bold glyph dropped, and glyphs gathered into lines of text.

use super::device::Glyph;

/// A glyph that carries text, ready to be placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub size: f64,
}

impl Mark {
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
    fn em(&self) -> f64 {
        self.size.max(1.0)
    }
}

/// Visible glyphs with text, minus duplicates: bold text is often drawn
/// twice (fill then stroke, or Word's fake bold shifted by under a point),
/// and a glyph equal to one already kept within a quarter em is that copy.
/// Also returns how many glyphs had no Unicode mapping, with their boxes.
pub fn clean(glyphs: &[Glyph]) -> (Vec<Mark>, Vec<Glyph>) {
    let mut marks: Vec<Mark> = Vec::with_capacity(glyphs.len());
    let mut unmapped = Vec::new();
    for glyph in glyphs {
        let Some(text) = &glyph.text else {
            unmapped.push(glyph.clone());
            continue;
        };
        if text.chars().all(char::is_whitespace) || text.chars().all(char::is_control) {
            continue;
        }
        let mark = Mark {
            text: text.clone(),
            x0: glyph.x0,
            y0: glyph.y0,
            x1: glyph.x1,
            y1: glyph.y1,
            size: glyph.size,
        };
        // Copies follow their original closely in drawing order; a short
        // look back keeps this linear on pages of thousands of glyphs.
        let near = |kept: &Mark| {
            kept.text == mark.text
                && (kept.cx() - mark.cx()).abs() < 0.25 * mark.em()
                && (kept.cy() - mark.cy()).abs() < 0.25 * mark.em()
        };
        if marks.iter().rev().take(64).any(near) {
            continue;
        }
        marks.push(mark);
    }
    (marks, unmapped)
}

/// Characters written without spaces between them: Chinese, Japanese,
/// full-width forms and CJK punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
            | 0x20000..=0x3FFFF)
}

/// One line of text: marks left to right.
#[derive(Debug, Clone)]
pub struct Line {
    pub marks: Vec<Mark>,
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    pub size: f64,
}

impl Line {
    fn new(marks: Vec<Mark>) -> Self {
        let x0 = marks.iter().map(|m| m.x0).fold(f64::INFINITY, f64::min);
        let x1 = marks.iter().map(|m| m.x1).fold(f64::NEG_INFINITY, f64::max);
        let y0 = marks.iter().map(|m| m.y0).fold(f64::INFINITY, f64::min);
        let y1 = marks.iter().map(|m| m.y1).fold(f64::NEG_INFINITY, f64::max);
        let mut sizes: Vec<f64> = marks.iter().map(|m| m.size).collect();
        sizes.sort_by(f64::total_cmp);
        let size = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0);
        Line {
            marks,
            x0,
            x1,
            y0,
            y1,
            size,
        }
    }

    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }

    /// The line's text: a space between non-CJK glyphs that stand apart,
    /// and `wide` where glyphs stand more than two ems apart (two fields on
    /// one line, such as 部门：… and 单位：万元).
    pub fn text(&self, wide: &str) -> String {
        let mut out = String::new();
        let mut previous: Option<&Mark> = None;
        for mark in &self.marks {
            if let Some(prev) = previous {
                let gap = mark.x0 - prev.x1;
                let em = prev.em().max(mark.em());
                let both_latin = !prev.text.chars().last().is_some_and(is_cjk)
                    && !mark.text.chars().next().is_some_and(is_cjk);
                if gap > 2.0 * em {
                    out.push_str(wide);
                } else if both_latin && gap > 0.2 * em {
                    out.push(' ');
                }
            }
            out.push_str(&mark.text);
            previous = Some(mark);
        }
        out
    }
}

/// Gather marks into lines: a mark joins the line whose vertical middle
/// it shares (its centre within the line's box, shrunk to avoid catching
/// the line below in tightly set text). Lines come out top to bottom.
pub fn lines(mut marks: Vec<Mark>) -> Vec<Line> {
    marks.sort_by(|a, b| a.cy().total_cmp(&b.cy()).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<(f64, f64, Vec<Mark>)> = Vec::new();
    for mark in marks {
        let fits = groups
            .last()
            .is_some_and(|(cy, em, _)| (mark.cy() - cy).abs() <= 0.4 * em.min(mark.em()).max(1.0));
        if fits {
            if let Some((_, _, group)) = groups.last_mut() {
                group.push(mark);
            }
        } else {
            let (cy, em) = (mark.cy(), mark.em());
            groups.push((cy, em, vec![mark]));
        }
    }
    groups
        .into_iter()
        .map(|(_, _, mut group)| {
            group.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            Line::new(group)
        })
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub fn glyph(text: &str, x: f64, y: f64, size: f64) -> Glyph {
        let width = if text.is_ascii() { size / 2.0 } else { size };
        Glyph {
            text: Some(text.to_string()),
            x0: x,
            y0: y,
            x1: x + width,
            y1: y + size,
            size,
        }
    }

    pub fn word(text: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut x = x;
        for c in text.chars() {
            let g = glyph(&c.to_string(), x, y, size);
            x = g.x1;
            out.push(g);
        }
        out
    }

    #[test]
    fn bold_copies_and_spaces_are_dropped() {
        let mut glyphs = word("合计", 10.0, 10.0, 10.0);
        // Word's fake bold: the same glyphs again, half a point to the right.
        glyphs.extend(word("合计", 10.5, 10.0, 10.0));
        glyphs.push(glyph(" ", 40.0, 10.0, 10.0));
        // The same character a full em further on is real text.
        glyphs.extend(word("计", 30.0, 10.0, 10.0));
        let (marks, unmapped) = clean(&glyphs);
        let text: String = marks.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(text, "合计计");
        assert!(unmapped.is_empty());
    }

    #[test]
    fn lines_group_by_middle_and_space_only_latin_gaps() {
        let mut glyphs = word("单位", 100.0, 50.0, 10.0);
        glyphs.extend(word("部门", 10.0, 50.5, 10.0));
        glyphs.extend(word("2023", 10.0, 70.0, 10.0));
        glyphs.extend(word("year", 34.0, 70.0, 10.0));
        let (marks, _) = clean(&glyphs);
        let lines = lines(marks);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text("  "), "部门  单位");
        assert_eq!(lines[1].text("  "), "2023 year");
    }
}

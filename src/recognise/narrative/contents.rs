//! The paragraphs of a narrative → which of them are its table of contents
//! (目录 and the entries after it), so that the entries, which repeat the
//! headings, are never taken for the headings themselves.
//!
//! The entries follow `目录` and each is numbered (`一、部门主要职能`,
//! `1. 2026年部门财务收支预算总表`, `第二部分…`) or runs into leader dots
//! and a page number (`部门主要职能……………3`). The contents end at the
//! first paragraph that is neither, or at the one that repeats the first
//! entry: the body starting with the heading the contents began with.

use crate::text::{squeeze, strip_bookmarks, trim};

use super::headings::CHINESE;

/// An entry is a line; longer text is the body.
const MAX_ENTRY_CHARS: usize = 80;

/// For each of `texts`, whether it belongs to the table of contents.
pub fn lines(texts: &[&str]) -> Vec<bool> {
    let mut marked = vec![false; texts.len()];
    let Some(start) = texts
        .iter()
        .position(|t| squeeze(strip_bookmarks(t)) == "目录")
    else {
        return marked;
    };
    marked[start] = true;
    let mut first: Option<String> = None;
    for (i, text) in texts.iter().enumerate().skip(start + 1) {
        let text = trim(strip_bookmarks(text));
        let squeezed = squeeze(without_leaders(text));
        if !is_entry(text) || first.as_deref() == Some(squeezed.as_str()) {
            break;
        }
        first.get_or_insert(squeezed);
        marked[i] = true;
    }
    marked
}

fn is_entry(text: &str) -> bool {
    has_leaders(text) || (numbered(text) && text.chars().count() <= MAX_ENTRY_CHARS)
}

fn has_leaders(text: &str) -> bool {
    text.contains("……") || text.contains("...") || text.contains("···")
}

/// The entry without its leader dots and page number.
fn without_leaders(text: &str) -> &str {
    let cut = text
        .find(['…', '·'])
        .or_else(|| text.find("..."))
        .unwrap_or(text.len());
    trim(&text[..cut])
}

/// Opens with `一、`, `（一）`, `1.`, `1、`, `1．` or `第一部分`.
fn numbered(text: &str) -> bool {
    let inner = text.strip_prefix(['（', '(']).unwrap_or(text);
    let rest = inner.trim_start_matches(|c: char| CHINESE.contains(c) || c.is_ascii_digit());
    if rest.len() == inner.len() {
        return text.starts_with('第')
            && text
                .trim_start_matches('第')
                .trim_start_matches(|c| CHINESE.contains(c))
                .starts_with("部分");
    }
    rest.starts_with(['、', '.', '．', '）', ')'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contents_end_where_the_body_starts() {
        // Shanghai: the entries with leaders, then the body's own heading.
        let shanghai = [
            "上海市普陀区2026年区级部门预算",
            "目录",
            "一、部门主要职能……………………3",
            "1. 2026年部门财务收支预算总表…………………",
            "9．2026年部门“三公”经费和机关运行经费预算表…………",
            "六、其他相关情况说明",
            "上海市普陀区司法局主要职能",
            "一、贯彻执行国家和本市有关司法行政工作的法律",
        ];
        assert_eq!(
            lines(&shanghai),
            [false, true, true, true, true, true, false, false]
        );
        // Jiangsu and the 决算: the body repeats the first entry.
        let jiangsu = [
            "目    录",
            "第一部分部门概况",
            "一、主要职能。",
            "第四部分名词解释",
            "第一部分部门概况",
            "一、主要职责",
        ];
        assert_eq!(lines(&jiangsu), [true, true, true, true, false, false]);
        // No contents at all.
        assert_eq!(lines(&["一、主要职能", "二、机构设置"]), [false, false]);
    }
}

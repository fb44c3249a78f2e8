//! Small text normalisations: published text → the text recognition, amount
//! parsing and the audit compare. Below all three, so whitespace (and the
//! other normalisations) are defined once. Also how messages and terminal
//! output quote such text: capped and with control characters visible.

use std::borrow::Cow;

/// Remove every kind of whitespace. Exports wrap Chinese headers with runs of
/// spaces ("上解上级     支出", "项  目") that carry no meaning.
pub fn squeeze(text: &str) -> String {
    if !may_hold_space(text) {
        return text.to_string();
    }
    without(text, is_space)
}

/// `false` when `text` certainly holds no whitespace: no ASCII control or
/// space, and no character starting with a byte from C2 to E3 (every
/// non-ASCII whitespace character does, see [`may_start_space`]). Chinese
/// characters start with E4 and up, so most cells are settled by bytes,
/// without decoding characters. Written as a fold without early exit so
/// that the compiler tests many bytes per instruction.
pub fn may_hold_space(text: &str) -> bool {
    text.as_bytes().iter().fold(false, |any, &b| {
        any | (b <= b' ') | (b.wrapping_sub(0xC2) <= 0xE3 - 0xC2)
    })
}

/// `squeeze(text) == squeezed`, without building the squeezed copy.
pub fn squeezed_eq(text: &str, squeezed: &str) -> bool {
    if !may_hold_space(text) {
        return text == squeezed;
    }
    text.chars().filter(|c| !is_space(*c)).eq(squeezed.chars())
}

/// Whitespace as recognition means it: any Unicode whitespace, and the
/// full-width space U+3000.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// Whether a character starting with byte `b` may be whitespace: ASCII, or
/// the first byte of U+0085, U+00A0 (C2), U+1680 (E1), U+2000…U+205F (E2)
/// or U+3000 (E3). Chinese characters start with E4 and up.
fn may_start_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1..=0xE3)
}

/// Whether a character ending with byte `b` may be whitespace: ASCII, or
/// the last byte of U+0085, U+00A0, U+1680, U+2000…U+200A, U+2028, U+2029,
/// U+202F, U+205F or U+3000.
fn may_end_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ' | 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF)
}

/// `text` without the characters `drop` selects. Most texts hold none of
/// them: those are copied whole instead of rebuilt one character at a time.
fn without(text: &str, drop: impl Fn(char) -> bool) -> String {
    // A plain loop over the characters: `str::find` with a closure goes
    // through the general pattern searcher, a few times the cost per
    // character on these short texts.
    match text.char_indices().find(|&(_, c)| drop(c)) {
        None => text.to_string(),
        Some((first, _)) => {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..first]);
            out.extend(text[first..].chars().filter(|c| !drop(*c)));
            out
        }
    }
}

/// `haystack.contains(needle)`, for the short names, headers and cells
/// recognition asks about thousands of times per document. Below 16 bytes
/// past the needle's length std cannot use its vector search and sets up a
/// two-way searcher for every question, several times the cost of this
/// plain scan; longer texts still go to std. Bytes match where the
/// characters do: UTF-8 never starts a character inside another.
pub fn contains(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if h.len() >= n.len() + 16 {
        return haystack.contains(needle);
    }
    let (Some(first), Some(last)) = (n.first(), n.last()) else {
        return true;
    };
    // First and last byte before the whole: most windows fail on those.
    h.windows(n.len())
        .any(|w| w[0] == *first && w[n.len() - 1] == *last && w == n)
}

/// Trim ASCII and full-width whitespace.
pub fn trim(text: &str) -> &str {
    // Most texts have nothing to trim: looking at both ends first skips the
    // general searcher, which costs several times as much. The end bytes
    // settle most texts without decoding a character.
    match (text.as_bytes().first(), text.as_bytes().last()) {
        // Blank cells are most of a budget table's cells.
        (None, _) | (_, None) => return text,
        (Some(&first), Some(&last)) if !may_start_space(first) && !may_end_space(last) => {
            return text
        }
        _ => {}
    }
    match (text.chars().next(), text.chars().next_back()) {
        (Some(first), Some(last)) if !is_space(first) && !is_space(last) => text,
        _ => text.trim_matches(is_space),
    }
}

/// Drop Word bookmarks glued to the front of a heading:
/// `[bookmark: _Toc_4_4_0000000019]一、…` → `一、…`.
pub fn strip_bookmarks(text: &str) -> &str {
    let mut rest = trim(text);
    while let Some(after) = rest.strip_prefix("[bookmark:") {
        match after.find(']') {
            Some(end) => rest = trim(&after[end + 1..]),
            None => break,
        }
    }
    rest
}

/// Normalise every quote style to nothing, so “三公”, "三公", ‘三公’ and
/// 「三公」 compare equal.
pub fn without_quotes(text: &str) -> String {
    without(text, |c| {
        matches!(
            c,
            '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | '『' | '』'
        )
    })
}

/// A character that can number a line: a Chinese numeral or an ASCII digit.
fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '零' | '〇'
    ) || c.is_ascii_digit()
}

/// Strip a leading ordinal such as `一、`, `（二）`, `3、`, `十一、` or
/// `其中：` that numbers a line rather than names it.
pub fn strip_ordinal(text: &str) -> &str {
    let mut rest = trim(text);
    for prefix in ["其中：", "其中:", "其中"] {
        if let Some(after) = rest.strip_prefix(prefix) {
            rest = trim(after);
        }
    }
    let inner = rest
        .strip_prefix('（')
        .or_else(|| rest.strip_prefix('('))
        .unwrap_or(rest);
    let digits_end = inner
        .char_indices()
        .find(|(_, c)| !is_numeral(*c))
        .map(|(i, _)| i)
        .unwrap_or(inner.len());
    if digits_end == 0 {
        return rest;
    }
    let after = &inner[digits_end..];
    for sep in ["、", "）", ")", ".", "．"] {
        if let Some(tail) = after.strip_prefix(sep) {
            return trim(tail);
        }
    }
    rest
}

/// The most characters of published or typed text a message quotes: a
/// 10 MB cell or a whole file quoted back would be a 10 MB error line.
pub const QUOTE_CHARS: usize = 200;

/// The most characters a whole message prints (a backstop for messages
/// that quote several texts).
pub const MESSAGE_CHARS: usize = 1000;

/// `text` cut to its first `max` characters, with "…" and the full length
/// when it is longer.
pub fn capped(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((end, _)) => {
            let total = text.chars().count();
            Cow::Owned(format!(
                "{}…（共 {total} 个字符 ({total} characters)）",
                &text[..end]
            ))
        }
    }
}

/// `text` with every control character but line break and tab written as
/// a visible escape (`\u{1b}`): a name or cell a document supplied must
/// never reach a terminal as a command (title change, colours, clearing
/// the screen). For people's eyes only; CSV and JSON stay faithful.
pub fn visible(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Published or typed text as a message quotes it: capped at
/// [`QUOTE_CHARS`] and with its control characters visible.
pub fn quote(text: &str) -> String {
    visible(&capped(text, QUOTE_CHARS)).into_owned()
}

/// A whole message as it is printed: capped at [`MESSAGE_CHARS`], its
/// control characters visible.
pub fn message(text: &str) -> String {
    visible(&capped(text, MESSAGE_CHARS)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_capped_and_show_control_characters() {
        assert_eq!(quote("短"), "短");
        let long = "金".repeat(QUOTE_CHARS + 1);
        let quoted = quote(&long);
        assert!(quoted.starts_with(&"金".repeat(QUOTE_CHARS)), "{quoted}");
        assert!(quoted.ends_with(&format!(
            "…（共 {0} 个字符 ({0} characters)）",
            QUOTE_CHARS + 1
        )));
        assert_eq!(quote(&"金".repeat(QUOTE_CHARS)), "金".repeat(QUOTE_CHARS));
        assert_eq!(
            visible("a\u{1b}]0;x\u{7}b\n\tc\u{9b}"),
            "a\\u{1b}]0;x\\u{7}b\n\tc\\u{9b}"
        );
        assert!(matches!(visible("单位"), Cow::Borrowed(_)));
    }

    #[test]
    fn strips_ordinals_and_bookmarks() {
        assert_eq!(strip_ordinal("十一、节能环保支出"), "节能环保支出");
        assert_eq!(strip_ordinal("    其中：公务用车购置费"), "公务用车购置费");
        assert_eq!(strip_ordinal("（二）综合文字"), "综合文字");
        assert_eq!(strip_ordinal("本年收入合计"), "本年收入合计");
        assert_eq!(strip_ordinal("一般公共服务支出"), "一般公共服务支出");
        assert_eq!(
            strip_bookmarks("[bookmark: _Toc_4_4_0000000019]一、某单位收支预算"),
            "一、某单位收支预算"
        );
        assert_eq!(squeeze("上解上级     支出"), "上解上级支出");
        assert_eq!(without_quotes("“三公”经费"), "三公经费");
    }

    proptest::proptest! {
        /// The same answer as std, short and long, ASCII and CJK.
        #[test]
        fn contains_is_str_contains(
            haystack in "[a结转余合计 ]{0,30}",
            needle in "[a结转余合计]{0,3}",
        ) {
            proptest::prop_assert_eq!(contains(&haystack, &needle), haystack.contains(needle.as_str()));
        }

        /// Trimming by end bytes agrees with the character definition, for
        /// every kind of whitespace and the CJK text around it.
        #[test]
        fn trim_by_bytes_is_trim_by_chars(
            text in "[ \t\r\n\u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{3001}\u{3002}、a1结转（）\u{e000}\u{20ac}\u{1234}]{0,8}",
        ) {
            let spaced = |c: char| c.is_whitespace() || c == '\u{3000}';
            proptest::prop_assert_eq!(trim(&text), text.trim_matches(spaced));
            let squeezed: String = text.chars().filter(|c| !spaced(*c)).collect();
            proptest::prop_assert!(squeezed_eq(&text, &squeezed));
            proptest::prop_assert_eq!(squeeze(&text), squeezed);
        }
    }
}

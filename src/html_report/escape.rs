//! Document text → HTML text: markup characters escaped, and characters
//! HTML may not carry (C0/C1 controls) turned into visible stand-ins, so a
//! unit name with `<`, `&` or a stray control character prints as itself.

/// Append `text` to `out`, safe both as element content and inside a
/// double- or single-quoted attribute value.
pub fn push(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(visible(other)),
        }
    }
}

/// `text` escaped, as a new string.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push(&mut out, text);
    out
}

/// A character as the page shows it: C0 controls other than tab and line
/// feed become their Unicode control pictures (␀ … ␟), DEL becomes ␡ and C1
/// controls U+FFFD — HTML forbids them, and a reader should see that
/// something was there rather than nothing.
pub fn visible(c: char) -> char {
    match c {
        '\t' | '\n' => c,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => '\u{FFFD}',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_controls_are_escaped() {
        assert_eq!(text("<b>&\"'x"), "&lt;b&gt;&amp;&quot;&#39;x".to_string());
        assert_eq!(text("a\u{1}b\u{7f}c\u{85}"), "a\u{2401}b\u{2421}c\u{FFFD}");
        assert_eq!(text("山海关\t区\n"), "山海关\t区\n");
        assert_eq!(text("\r"), "\u{240d}");
    }
}

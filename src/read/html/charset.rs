//! The head of a web page → the encoding its `<meta>` declares, if any.

use encoding_rs::{Encoding, GB18030, GBK};

/// How far into the file a `<meta charset>` is looked for (the HTML
/// standard's pre-scan length).
const CHARSET_SCAN: usize = 1024;

/// The encoding a `<meta charset=…>` or `<meta http-equiv="Content-Type"
/// content="…; charset=…">` names near the top of the page. GB2312 and GBK
/// are read as GB18030, their superset, since pages labelled GB2312 often
/// use GBK characters; UTF-16 labels mean UTF-8 here, as in browsers (the
/// bytes were ASCII-compatible enough to declare it).
pub(super) fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..CHARSET_SCAN).unwrap_or(bytes);
    let lower = head.to_ascii_lowercase();
    let mut rest = lower.as_slice();
    while let Some(at) = find(rest, b"<meta") {
        rest = rest.get(at + b"<meta".len()..).unwrap_or_default();
        let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let tag = rest.get(..end).unwrap_or_default();
        let Some(at) = find(tag, b"charset") else {
            continue;
        };
        let value = tag.get(at + b"charset".len()..).unwrap_or_default();
        let value = value.trim_ascii_start();
        let Some(value) = value.strip_prefix(b"=") else {
            continue;
        };
        let value = value.trim_ascii_start();
        let value = value
            .strip_prefix(b"\"")
            .or_else(|| value.strip_prefix(b"'"))
            .unwrap_or(value);
        let label_len = value
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(b)))
            .unwrap_or(value.len());
        let label = value.get(..label_len).unwrap_or_default();
        if let Some(encoding) = Encoding::for_label(label) {
            return Some(if encoding == GBK {
                GB18030
            } else {
                encoding.output_encoding()
            });
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

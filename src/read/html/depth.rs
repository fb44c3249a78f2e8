//! A web page's markup → how deep its elements nest at most and how many
//! there are, counted on the bytes before the HTML parser runs.
//! html5ever's tree builder takes time quadratic in the depth of open
//! elements (100,000 nested `<div>`: 40 s), and the tree it builds takes
//! about 400 bytes per element (a 16 MiB page of cells: 730 MB), both
//! before the reader's own walk could apply its limits; a page beyond
//! either bound is refused here first.
//!
//! The count is an upper bound of what matters, not a parse: an element
//! whose end tag may be left out (`<p>`, `<td>`, `<li>`…) and void elements
//! (`<br>`, `<img>`…) are not counted, so the unclosed cells of a sloppy
//! page never add up; comments, declarations and the text of `<script>`
//! and `<style>` are skipped.

/// Elements never counted: void, or closed by the next of their kind.
const NOT_NESTING: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"tr",
    b"td",
    b"th",
    b"option",
    b"optgroup",
    b"thead",
    b"tbody",
    b"tfoot",
    b"colgroup",
    b"rb",
    b"rt",
    b"rp",
    b"rtc",
    b"caption",
    b"html",
    b"head",
    b"body",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&[u8]] = &[b"script", b"style", b"textarea", b"title", b"xmp"];

/// What makes a page too much for the parser.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Excess {
    /// More than this many counted elements open inside one another.
    Depth(usize),
    /// More than this many start tags.
    Elements(usize),
}

/// Whether `markup` opens more than `limit` counted elements inside one
/// another at some point.
#[cfg(test)]
fn nests_deeper_than(markup: &[u8], limit: usize) -> bool {
    scan(markup, limit, usize::MAX) == Err(Excess::Depth(limit))
}

/// Scan `markup`, stopping at the first bound it passes: `depth` counted
/// elements open at once, or `elements` start tags of any kind.
pub(super) fn scan(markup: &[u8], max_depth: usize, max_elements: usize) -> Result<(), Excess> {
    let mut depth: usize = 0;
    let mut elements: usize = 0;
    let mut at = 0;
    while let Some(offset) = markup[at..].iter().position(|&b| b == b'<') {
        at += offset + 1;
        let rest = &markup[at..];
        if rest.starts_with(b"!--") {
            at += find(rest, b"-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        if rest.starts_with(b"!") || rest.starts_with(b"?") {
            at += find(rest, b">").map_or(rest.len(), |end| end + 1);
            continue;
        }
        let closing = rest.starts_with(b"/");
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !rest[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let tag_end = find(rest, b">").map_or(rest.len(), |end| end + 1);
        let self_closing = rest[..tag_end].ends_with(b"/>");
        at += tag_end;
        if !closing {
            elements += 1;
            if elements > max_elements {
                return Err(Excess::Elements(max_elements));
            }
        }
        if NOT_NESTING.contains(&name.as_slice()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if RAW_TEXT.contains(&name.as_slice()) {
            // Skip to its end tag; nothing inside is markup.
            let mut end_tag = b"</".to_vec();
            end_tag.extend_from_slice(&name);
            let tail = &markup[at..];
            at += tail
                .windows(end_tag.len())
                .position(|w| w.eq_ignore_ascii_case(&end_tag))
                .unwrap_or(tail.len());
            continue;
        }
        if !self_closing {
            depth += 1;
            if depth > max_depth {
                return Err(Excess::Depth(max_depth));
            }
        }
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::nests_deeper_than;

    #[test]
    fn counts_nesting_not_unclosed_cells() {
        let deep = format!("{}x{}", "<div>".repeat(100), "</div>".repeat(100));
        assert!(nests_deeper_than(deep.as_bytes(), 99));
        assert!(!nests_deeper_than(deep.as_bytes(), 100));
        let siblings = "<div>a</div>".repeat(10_000);
        assert!(!nests_deeper_than(siblings.as_bytes(), 2));
        let sloppy = format!("<table>{}</table>", "<tr><td>1<td>2<p>x".repeat(5_000));
        assert!(!nests_deeper_than(sloppy.as_bytes(), 2));
        let hidden = format!(
            "<script>{}</script><!-- {} -->",
            "<div>".repeat(50),
            "<div>".repeat(50)
        );
        assert!(!nests_deeper_than(hidden.as_bytes(), 2));
        assert!(!nests_deeper_than(b"<br/><img src=x><div/>", 0));
    }

    #[test]
    fn counts_every_start_tag() {
        let cells = format!("<table>{}</table>", "<tr><td>1</td></tr>".repeat(100));
        assert_eq!(super::scan(cells.as_bytes(), 10, 201), Ok(()));
        assert_eq!(
            super::scan(cells.as_bytes(), 10, 200),
            Err(super::Excess::Elements(200))
        );
    }
}

//! Bytes → text, the one decoding policy of every reader that gets text
//! rather than a container. Exports reach analysts as UTF-8 (with or
//! without BOM) or as GB18030/GBK from older Windows tools; both must import
//! identically. A web page is decoded by the same steps, read the way a
//! browser reads it ([`decode_page`]): it may also declare its charset, and
//! a character that does not decode is replaced rather than refused.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::borrow::Cow;

/// Decoded text and the name of the encoding it was read as.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

/// Why bytes are not text yusuan reads.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("文件为空 (empty file)")]
    Empty,
    #[error(
        "不是文本文件：第 {offset} 字节处有二进制数据 (binary data at byte {offset}; not a text export)"
    )]
    Binary { offset: usize },
    /// The bytes end inside a multi-byte character: a cut-off file.
    #[error(
        "第 {line} 行 (line {line}): 文件在一个字符中间结束，文件不完整 (the file ends inside a character: truncated)"
    )]
    TruncatedCharacter { line: usize },
    /// Neither UTF-8 nor GB18030; `line` is where UTF-8 decoding failed.
    #[error(
        "第 {line} 行 (line {line}): 无法识别的文本编码，既不是 UTF-8 也不是 GB18030/GBK (neither UTF-8 nor GB18030/GBK)"
    )]
    Undecodable { line: usize },
}

/// Decode a whole file. Line endings are left alone; the layout reader
/// accepts LF and CRLF.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let text = if encoding == UTF_16LE || encoding == UTF_16BE {
            let (text, had_errors) = encoding.decode_without_bom_handling(body);
            if had_errors {
                return Err(DecodeError::Undecodable { line: 1 });
            }
            text
        } else {
            Cow::Borrowed(utf8(body).map_err(|e| utf8_error(body, e))?)
        };
        return finish(text, encoding.name());
    }
    if let Some(offset) = binary_offset(bytes) {
        return Err(DecodeError::Binary { offset });
    }
    match utf8(bytes) {
        // The text is the bytes just checked: no second look for binary data.
        Ok(text) => finish_checked(Cow::Borrowed(text), "UTF-8"),
        Err(e) => {
            // GB18030 is a superset of GBK and GB2312, so one decoder covers all three.
            let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(utf8_error(bytes, e));
            }
            finish(text, "GB18030")
        }
    }
}

/// Decode a web page. The order is the text export's: a byte-order mark;
/// else UTF-8 when the bytes are valid UTF-8 (whatever the page declares:
/// pages re-saved as UTF-8 often keep their old `charset=gb2312`, and
/// legacy Chinese text is practically never valid UTF-8 by accident; an
/// all-ASCII page takes the declared name); else the `declared` charset;
/// else GB18030 when it decodes cleanly; else chardetng's guess. Binary
/// data is refused as in a text export, its offset counted from the start
/// of the file (BOM included); UTF-16 is not checked, its bytes hold NULs.
pub fn decode_page<'a>(
    bytes: &'a [u8],
    declared: Option<&'static Encoding>,
) -> Result<Decoded<'a>, DecodeError> {
    let refuse_binary = |body: &[u8], offset: usize| match binary_offset(body) {
        Some(at) => Err(DecodeError::Binary {
            offset: at + offset,
        }),
        None => Ok(()),
    };
    let decoded = |text: Cow<'a, str>, encoding: &'static Encoding| Decoded {
        text,
        encoding: encoding.name(),
    };
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        if encoding != UTF_16LE && encoding != UTF_16BE {
            refuse_binary(body, bom_len)?;
        }
        let (text, _) = encoding.decode_without_bom_handling(body);
        return Ok(decoded(text, encoding));
    }
    refuse_binary(bytes, 0)?;
    if let Ok(text) = utf8(bytes) {
        let encoding = match declared {
            Some(declared) if text.is_ascii() => declared,
            _ => UTF_8,
        };
        return Ok(decoded(Cow::Borrowed(text), encoding));
    }
    if let Some(declared) = declared {
        let (text, _) = declared.decode_without_bom_handling(bytes);
        return Ok(decoded(text, declared));
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok(decoded(text, GB18030));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _) = guess.decode_without_bom_handling(bytes);
    Ok(decoded(text, guess))
}

/// `std::str::from_utf8`, with the check done by simdutf8: Chinese text
/// is all multi-byte characters, which std validates one at a time (a tenth
/// of reading a document); simdutf8 checks 32 bytes per step. Only a failed
/// check goes to std, for where and why it failed.
fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
}

/// Explain why UTF-8 text failed: cut off mid-character, or not UTF-8 at all.
fn utf8_error(bytes: &[u8], error: std::str::Utf8Error) -> DecodeError {
    let valid = &bytes[..error.valid_up_to()];
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    match error.error_len() {
        None => DecodeError::TruncatedCharacter { line },
        Some(_) => DecodeError::Undecodable { line },
    }
}

fn finish<'a>(text: Cow<'a, str>, encoding: &'static str) -> Result<Decoded<'a>, DecodeError> {
    let decoded = finish_checked(text, encoding)?;
    if let Some(offset) = binary_offset(decoded.text.as_bytes()) {
        return Err(DecodeError::Binary { offset });
    }
    Ok(decoded)
}

/// [`finish`] for text already known to hold no binary data.
fn finish_checked<'a>(
    text: Cow<'a, str>,
    encoding: &'static str,
) -> Result<Decoded<'a>, DecodeError> {
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded { text, encoding })
}

/// Where the first binary byte of what may be the start of a text export
/// lies, if any: the check [`decode`] makes, on the first bytes alone, so a
/// large binary file is refused before it is read whole. A file that starts
/// with a byte-order mark (UTF-16 has NULs) is left to [`decode`].
pub fn binary_offset_in_head(head: &[u8]) -> Option<usize> {
    match Encoding::for_bom(head) {
        Some(_) => None,
        None => binary_offset(head),
    }
}

/// Text exports never contain NUL or most C0 control characters; a file that
/// does is a Word/Excel/zip file or something else fed by mistake.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    let is_binary = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c);
    // Tabs and line feeds come every few bytes, so a byte-by-byte search
    // branches constantly; testing whole chunks without branching lets the
    // compiler use vector compares, and only a chunk with a hit is searched.
    const CHUNK: usize = 32;
    let mut start = 0;
    for chunk in bytes.chunks(CHUNK) {
        if chunk.iter().fold(false, |any, &b| any | is_binary(b)) {
            return chunk.iter().position(|&b| is_binary(b)).map(|i| start + i);
        }
        start += chunk.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Valid or not, cut anywhere, the answer std gives: the same text,
        /// or the same place and kind of failure.
        #[test]
        fn utf8_is_std_from_utf8(
            text in "[a\n结转\u{3000}\u{1f600}é]{0,40}",
            cut in 0usize..200,
            noise in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..6),
        ) {
            let mut bytes = text.into_bytes();
            bytes.truncate(cut.min(bytes.len()));
            let valid = bytes.clone();
            proptest::prop_assert_eq!(utf8(&valid), std::str::from_utf8(&valid));
            bytes.extend(noise);
            proptest::prop_assert_eq!(utf8(&bytes), std::str::from_utf8(&bytes));
        }
    }

    #[test]
    fn reads_utf8_with_and_without_bom() {
        let plain = decode("预算年度：2023\n".as_bytes()).unwrap();
        assert_eq!(plain.encoding, "UTF-8");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("预算年度：2023\n".as_bytes());
        let with_bom = decode(&bom).unwrap();
        assert_eq!(with_bom.text, plain.text);
    }

    #[test]
    fn reads_gbk() {
        let (bytes, _, _) = encoding_rs::GBK.encode("单位：万元\r\n");
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, "GB18030");
        assert_eq!(decoded.text, "单位：万元\r\n");
    }

    #[test]
    fn refuses_empty_and_binary() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b" \n\r\n").unwrap_err(), DecodeError::Empty);
        assert_eq!(
            decode(b"PK\x03\x04\x14\x00").unwrap_err(),
            DecodeError::Binary { offset: 2 }
        );
    }

    #[test]
    fn a_file_cut_inside_a_character_is_truncated() {
        let text = "表\n\t行政运行\n".as_bytes();
        assert_eq!(
            decode(&text[..6]).unwrap_err(),
            DecodeError::TruncatedCharacter { line: 2 }
        );
    }

    #[test]
    fn a_page_is_refused_for_the_binary_data_a_text_export_is_refused_for() {
        let mut page = b"\xEF\xBB\xBF<table>".to_vec();
        page.push(0x01);
        assert_eq!(
            decode(&page).unwrap_err(),
            DecodeError::Binary { offset: 7 },
            "a text export counts from the text"
        );
        assert_eq!(
            decode_page(&page, None).unwrap_err(),
            DecodeError::Binary { offset: 10 },
            "a page counts from the file, BOM included"
        );
        assert!(decode_page(b"<table>\t\r\n\x0c</table>", None).is_ok());
    }

    #[test]
    fn a_page_takes_its_declared_charset_only_where_the_bytes_leave_a_choice() {
        let gbk = Some(encoding_rs::GBK);
        assert_eq!(decode_page(b"<p>ascii</p>", gbk).unwrap().encoding, "GBK");
        assert_eq!(
            decode_page("<p>合计</p>".as_bytes(), gbk).unwrap().encoding,
            "UTF-8"
        );
        let (bytes, _, _) = encoding_rs::GBK.encode("<p>合计</p>");
        assert_eq!(decode_page(&bytes, None).unwrap().text, "<p>合计</p>");
    }
}

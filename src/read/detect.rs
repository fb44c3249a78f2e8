//! Which reader a file needs, told from its bytes rather than its name:
//! downloads arrive renamed, as `.doc` that are really HTML, or without an
//! extension at all.

use super::error::ReadError;
use encoding_rs::Encoding;
use std::io::Cursor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The text export (UTF-8, GB18030, UTF-16).
    Text,
    /// Word 2007+ (.docx).
    Docx,
    /// Excel 2007+ (.xlsx, .xlsm).
    Xlsx,
    /// Excel 97–2003 (.xls).
    Xls,
    /// A saved web page.
    Html,
    /// A PDF with a text layer (scans are refused by the reader).
    Pdf,
}

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Tell the format, or say why the file is not one yusuan reads.
pub fn detect(bytes: &[u8]) -> Result<Format, ReadError> {
    if bytes.starts_with(ZIP) {
        return zip_format(bytes);
    }
    if bytes.starts_with(OLE) {
        return ole_format(bytes);
    }
    if bytes.starts_with(b"%PDF") {
        return Ok(Format::Pdf);
    }
    if looks_like_html(bytes) {
        return Ok(Format::Html);
    }
    Ok(Format::Text)
}

fn zip_format(bytes: &[u8]) -> Result<Format, ReadError> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(ReadError::DamagedZip)?;
    let has = |name: &str| {
        archive
            .file_names()
            .any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)))
    };
    if has("word/document.xml") {
        Ok(Format::Docx)
    } else if has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else {
        Err(ReadError::UnknownZip)
    }
}

/// Old Office files and encrypted new ones share the OLE container.
fn ole_format(bytes: &[u8]) -> Result<Format, ReadError> {
    let file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(ReadError::DamagedOle)?;
    let has = |name: &str| file.exists(format!("/{name}"));
    if has("EncryptedPackage") || has("EncryptionInfo") {
        Err(ReadError::Password)
    } else if has("Workbook") || has("Book") {
        Ok(Format::Xls)
    } else if has("WordDocument") {
        Err(ReadError::LegacyWord)
    } else {
        Err(ReadError::UnknownOle)
    }
}

/// A web page starts (after a BOM, blank space and comments) with markup
/// that names HTML or holds a table. Behind a BOM the head is decoded
/// first: a page saved as UTF-16 ("Unicode" in Windows tools) has no ASCII
/// tags to find in its bytes.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = bytes.get(..4096).unwrap_or(bytes);
    let decoded;
    let head = match Encoding::for_bom(head) {
        Some((encoding, bom)) => {
            // A code unit cut at the 4096th byte decodes as U+FFFD at the
            // very end, where it changes nothing.
            decoded = encoding.decode_without_bom_handling(head.get(bom..).unwrap_or_default());
            decoded.0.as_bytes()
        }
        None => head,
    };
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else { return false };
    if head[start] != b'<' {
        return false;
    }
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let contains = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    contains(b"<html") || contains(b"<!doctype html") || contains(b"<table") || contains(b"<body")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_text_from_markup_and_containers() {
        assert_eq!(detect("预算年度：2023\n".as_bytes()), Ok(Format::Text));
        assert_eq!(
            detect(b"\xEF\xBB\xBF<!DOCTYPE html><html><body><table>"),
            Ok(Format::Html)
        );
        assert_eq!(
            detect(b"  <table><tr><td>1</td></tr></table>"),
            Ok(Format::Html)
        );
        // A text export whose paragraph merely mentions a tag is still text.
        assert_eq!(detect("标题 <table>\n".as_bytes()), Ok(Format::Text));
    }

    /// The result as a person sees it: these tests hold the wording.
    fn detect(bytes: &[u8]) -> Result<Format, String> {
        super::detect(bytes).map_err(|e| e.to_string())
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let bom: &[u8] = if big_endian { b"\xFE\xFF" } else { b"\xFF\xFE" };
        let units = text.encode_utf16().flat_map(|unit| {
            if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            }
        });
        bom.iter().copied().chain(units).collect()
    }

    #[test]
    fn utf16_pages_are_markup_and_utf16_exports_text() {
        let page = "\r\n<!DOCTYPE html><html><body><table><tr><td>预算</td></tr></table>";
        for big_endian in [false, true] {
            assert_eq!(detect(&utf16(page, big_endian)), Ok(Format::Html));
            assert_eq!(
                detect(&utf16("预算年度：2023\n\t<table>\n", big_endian)),
                Ok(Format::Text)
            );
        }
    }

    #[test]
    fn damaged_and_unsupported_containers_are_named() {
        let damaged = detect(b"PK\x03\x04\x14\x00garbage").unwrap_err();
        assert!(damaged.contains("zip"), "{damaged}");
        let ole = detect(&[OLE, &[0u8; 100]].concat()).unwrap_err();
        assert!(ole.contains("OLE"), "{ole}");
        assert_eq!(detect(b"%PDF-1.7\n"), Ok(Format::Pdf));
    }
}

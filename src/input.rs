//! A path given to import → the bytes of one regular file, read only when
//! it is a regular file within its format's size limit.
//!
//! The checks come before the file is read whole: a FIFO would block the
//! import for ever, `/dev/zero` never ends, and a 2 GB file of zeros used to
//! take 2 GB of memory before it was refused as binary. The format is told
//! from the first bytes (as `read::detect` tells it from the whole file),
//! and each format has a limit in bytes that keeps what its reader builds
//! within memory a laptop has to spare; `--max-size` raises it.

use crate::read::{self, DecodeError, ReadError};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// What is read first to tell the format.
const HEAD: usize = 8 * 1024;

const MIB: u64 = 1024 * 1024;

/// The format families told from the first bytes, each with its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Text exports: every byte becomes text, lines and cells.
    Text,
    /// Web pages: markup, much of it thrown away.
    Html,
    /// .docx, .xlsx: zip archives, compressed.
    Zip,
    /// .xls and encrypted Office files.
    Ole,
    Pdf,
}

impl Family {
    /// Told from the first bytes of a file, as `read::detect` would.
    pub fn of(head: &[u8]) -> Family {
        if head.starts_with(b"PK\x03\x04") {
            Family::Zip
        } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            Family::Ole
        } else if head.starts_with(b"%PDF") {
            Family::Pdf
        } else if matches!(read::detect(head), Ok(read::Format::Html)) {
            Family::Html
        } else {
            Family::Text
        }
    }

    /// The largest file of this family read without `--max-size`. Chosen so
    /// that reading, recognising and auditing a file of this size stays
    /// under 150 MB (see RELIABILITY.md, "Memory"). The largest real
    /// disclosures are far smaller: a 300-unit text export is 6 MB, the
    /// biggest PDF of /work/shared/real 3.5 MB.
    pub fn default_limit(self) -> u64 {
        match self {
            Family::Text => 8 * MIB,
            Family::Html => 16 * MIB,
            Family::Zip | Family::Ole => 16 * MIB,
            // The PDF parser takes its own copy of the bytes: twice the file.
            Family::Pdf => 32 * MIB,
        }
    }

    /// The family as the refusal names it.
    pub fn words(self) -> &'static str {
        match self {
            Family::Text => "文本导出文件 (text export)",
            Family::Html => "网页 (web page)",
            Family::Zip => "Word/Excel 文件 (.docx/.xlsx)",
            Family::Ole => "Excel 97–2003 文件 (.xls)",
            Family::Pdf => "PDF",
        }
    }
}

/// Why a path was not read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("不是普通文件（{kind}），未读取 (not a regular file but a {kind_en}; not read)")]
    NotRegular {
        kind: &'static str,
        kind_en: &'static str,
    },
    #[error(
        "文件大小 {size}，超过{family}的上限 {limit}，未读取；确需导入请用 --max-size 提高上限 \
         (the file is {size}, more than the {limit} limit for this format; raise it with --max-size)",
        size = bytes_words(*.size),
        limit = bytes_words(*.limit),
        family = .family.words()
    )]
    TooLarge {
        size: u64,
        limit: u64,
        family: Family,
    },
    #[error("无法读取 (cannot read): {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Read(#[from] ReadError),
}

/// Read `path` whole if it is a regular file within its limit: `max_size`
/// when given, else its family's [`Family::default_limit`].
pub fn read_file(path: &Path, max_size: Option<u64>) -> Result<Vec<u8>, InputError> {
    // Asked of the path before opening it: opening a FIFO for reading
    // blocks until something writes to it.
    let metadata = std::fs::metadata(path)?;
    refuse_special(&metadata)?;
    let mut file = File::open(path)?;
    // Asked again of what was opened, in case the path changed meanwhile.
    let metadata = file.metadata()?;
    refuse_special(&metadata)?;
    let mut head = Vec::with_capacity(HEAD);
    (&mut file).take(HEAD as u64).read_to_end(&mut head)?;
    let family = Family::of(&head);
    if family == Family::Text {
        // Binary data in the first bytes: refused without reading on.
        if let Some(offset) = read::binary_offset(&head) {
            return Err(ReadError::Text(DecodeError::Binary { offset }).into());
        }
    }
    let limit = max_size.unwrap_or_else(|| family.default_limit());
    let too_large = |size| InputError::TooLarge {
        size,
        limit,
        family,
    };
    if metadata.len() > limit {
        return Err(too_large(metadata.len()));
    }
    // The file may grow while it is read: never more than the limit.
    let mut bytes = head;
    bytes.reserve(
        usize::try_from(metadata.len())
            .unwrap_or(0)
            .saturating_sub(HEAD),
    );
    file.take(limit.saturating_add(1).saturating_sub(bytes.len() as u64))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn refuse_special(metadata: &std::fs::Metadata) -> Result<(), InputError> {
    if metadata.is_file() {
        return Ok(());
    }
    let (kind, kind_en) = special_kind(&metadata.file_type());
    Err(InputError::NotRegular { kind, kind_en })
}

/// A file type that is not a regular file, in words.
pub fn special_kind(file_type: &std::fs::FileType) -> (&'static str, &'static str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return ("命名管道", "FIFO");
        }
        if file_type.is_socket() {
            return ("套接字", "socket");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return ("设备", "device");
        }
    }
    if file_type.is_dir() {
        return ("目录", "folder");
    }
    ("特殊文件", "special file")
}

/// A size as a person reads it: "8 MiB", "12.5 MiB", "300 bytes".
pub fn bytes_words(bytes: u64) -> String {
    if bytes >= MIB {
        let tenths = bytes * 10 / MIB;
        if tenths.is_multiple_of(10) {
            format!("{} MiB", tenths / 10)
        } else {
            format!("{}.{} MiB", tenths / 10, tenths % 10)
        }
    } else if bytes >= 1024 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// `--max-size`: bytes, or a number with K, M or G (binary units; an
/// optional `B` or `iB` after it), e.g. `64M`, `1.5G`, `200000`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let number_end = lower
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(lower.len());
    let (number, unit) = lower.split_at(number_end);
    let scale: u64 = match unit.trim() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => MIB,
        "g" | "gb" | "gib" => 1024 * MIB,
        _ => return Err(format!("无法识别的大小 (unrecognised size): {text}")),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("无法识别的大小 (unrecognised size): {text}"))?;
    // A byte count, not money: f64 is fine for "1.5G".
    let bytes = value * scale as f64;
    if !(bytes.is_finite() && bytes >= 1.0 && bytes <= u64::MAX as f64) {
        return Err(format!("大小超出范围 (size out of range): {text}"));
    }
    Ok(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(parse_size("64M"), Ok(64 * MIB));
        assert_eq!(parse_size("1.5G"), Ok(1536 * MIB));
        assert_eq!(parse_size("200000"), Ok(200_000));
        assert_eq!(parse_size("8 MiB"), Ok(8 * MIB));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
        assert_eq!(bytes_words(8 * MIB), "8 MiB");
        assert_eq!(bytes_words(MIB * 25 / 2), "12.5 MiB");
    }

    #[test]
    fn the_family_is_told_from_the_first_bytes() {
        assert_eq!(Family::of(b"PK\x03\x04rest"), Family::Zip);
        assert_eq!(Family::of(b"%PDF-1.7"), Family::Pdf);
        assert_eq!(Family::of(b"<html><body><table>"), Family::Html);
        assert_eq!(Family::of("预算年度：2023".as_bytes()), Family::Text);
    }
}

//! Read: bytes → paragraphs and tables of cells.
//!
//! This layer knows nothing about budgets. The text export (see
//! `../shared/FORMAT.md`) is split into [`Block`]s directly; Word, Excel,
//! HTML and PDF readers produce an [`Extracted`] document that turns into the same
//! blocks, so recognition, storage and the audit are shared.

mod decode;
mod detect;
mod docx;
mod html;
mod layout;
mod pdf;
mod source;
mod workbook;

pub use decode::{decode, DecodeError, Decoded};
pub use detect::{detect, Format};
pub use layout::{blocks, Block, Row, Table};
pub use source::{Extracted, Item, Places, ReadWarning, SourceCell, SourceRow};

/// A file opened by the reader its bytes call for.
pub enum Opened<'a> {
    Text(Decoded<'a>),
    Structured(Extracted),
}

/// Detect the format and read the file. The message says what is wrong;
/// the caller adds the file name.
pub fn open(bytes: &[u8]) -> Result<Opened<'_>, String> {
    match detect(bytes)? {
        Format::Text => decode(bytes).map(Opened::Text).map_err(|e| e.to_string()),
        Format::Docx => docx::read(bytes).map(Opened::Structured),
        Format::Xlsx | Format::Xls => workbook::read(bytes).map(Opened::Structured),
        Format::Html => html::read(bytes).map(Opened::Structured),
        Format::Pdf => pdf::read(bytes).map(Opened::Structured),
    }
}

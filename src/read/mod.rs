//! Read: bytes → paragraphs and tables of cells.
//!
//! This layer knows nothing about budgets. The text export (see
//! `../shared/FORMAT.md`) is split into [`Block`]s directly; Word, Excel,
//! HTML and PDF readers produce an [`Extracted`] document that turns into the same
//! blocks, so recognition, storage and the audit are shared.

mod decode;
mod detect;
mod error;
mod excel;
mod html;
mod layout;
mod pdf;
mod place;
mod source;
mod word;

pub use decode::{binary_offset_in_head as binary_offset, decode, DecodeError, Decoded};
pub use detect::{detect, Format};
pub use error::{
    BiffError, BookDamage, ExcelError, HtmlError, PdfError, ReadError, SheetDamage, WordError,
    XmlProblem,
};
pub use layout::{blocks, Block, Row, Table};
pub use place::Place;
pub use source::{Extracted, Item, Locator, Places, ReadWarning, SourceCell, SourceRow};

/// A file opened by the reader its bytes call for.
pub enum Opened<'a> {
    Text(Decoded<'a>),
    Structured(Extracted),
}

/// Detect the format and read the file. The error says what is wrong;
/// the caller adds the file name.
pub fn open(bytes: &[u8]) -> Result<Opened<'_>, ReadError> {
    match detect(bytes)? {
        Format::Text => Ok(Opened::Text(decode(bytes)?)),
        Format::Docx => word::read(bytes).map(Opened::Structured),
        Format::Xlsx | Format::Xls => excel::read(bytes).map(Opened::Structured),
        Format::Html => html::read(bytes).map(Opened::Structured),
        Format::Pdf => Ok(Opened::Structured(pdf::read(bytes)?)),
    }
}

//! Read: bytes → text → paragraphs and tables of cells.
//!
//! This layer knows nothing about budgets. It only turns the text-export layout
//! (see `../shared/FORMAT.md`) into [`Block`]s, so that later readers (Word,
//! Excel, HTML) can feed the same recognition step.

mod decode;
mod layout;

pub use decode::{decode, DecodeError, Decoded};
pub use layout::{blocks, Block, Row, Table};

//! Placeholder: being written.

use super::source::Extracted;

pub fn read(_bytes: &[u8]) -> Result<Extracted, String> {
    Err("not yet supported".into())
}

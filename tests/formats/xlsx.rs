//! Placeholder: being written.

use yusuan::read::Extracted;

pub fn build(_doc: &Extracted) -> Vec<u8> {
    unimplemented!("fixture builder not written yet")
}

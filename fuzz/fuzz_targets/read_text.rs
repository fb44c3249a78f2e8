//! Bytes detected as a text export → decoding, blocks, recognition and the
//! audit (`import::prepare_bytes`). Other formats are skipped so the fuzzer
//! spends its time in this reader.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use yusuan::read::{detect, Format};

// The workbook reader catches calamine's panics on purpose (a malformed
// workbook is refused, not a crash); libfuzzer-sys's hook would abort on
// those too. With the default hook back, only a panic that escapes yusuan
// (unwinding out of the fuzz target aborts) counts as a crash.
fuzz_target!(init: {
    let _ = std::panic::take_hook();
}, |data: &[u8]| {
    if matches!(detect(data), Ok(Format::Text)) {
        let _ = yusuan::import::prepare_bytes(Path::new("fuzz.txt"), data);
    }
});

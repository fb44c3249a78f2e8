//! Bytes that start like a PDF → the PDF reader, recognition and the audit
//! (`import::prepare_bytes`). Until the PDF reader is merged, main refuses
//! every PDF at detection and this target has nothing to find.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

// The workbook reader catches calamine's panics on purpose (a malformed
// workbook is refused, not a crash); libfuzzer-sys's hook would abort on
// those too. With the default hook back, only a panic that escapes yusuan
// (unwinding out of the fuzz target aborts) counts as a crash.
fuzz_target!(init: {
    let _ = std::panic::take_hook();
}, |data: &[u8]| {
    if data.starts_with(b"%PDF") {
        let _ = yusuan::import::prepare_bytes(Path::new("fuzz.pdf"), data);
    }
});

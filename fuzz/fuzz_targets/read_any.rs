//! Any bytes → `import::prepare_bytes`: format detection, the reader the
//! bytes call for, recognition and the audit, as `yusuan import` runs them.
//! Must answer (a document or a message), never panic or hang.
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
    let _ = yusuan::import::prepare_bytes(Path::new("fuzz"), data);
});

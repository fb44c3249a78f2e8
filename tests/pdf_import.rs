//! PDF through the binary (issue 14): `yusuan import` reads PDFs now, and
//! every PDF it cannot store is refused with one message that names the
//! file and says why, leaving the database as it was. Recognition does not
//! know the national table set of the real disclosures yet (the next
//! issue), so a real PDF stops there, with a message, not a crash.

mod common;
mod pdf_writer;

use common::{assert_refused, fixture, seeded};

#[test]
fn a_pdf_of_prose_without_tables_reaches_recognition_and_is_refused_by_name() {
    let scratch = seeded();
    // A page that names a year's budget and states figures, but is no
    // 情况说明 (no section of one) and holds no table.
    let prose = scratch.write("说明.pdf", pdf_writer::cases::cjk_text().bytes);
    // Read (the place is a PDF place), then refused by recognition.
    assert_refused(&scratch, &prose, &["页第 1 段", "no standard budget table"]);
}

#[test]
fn encrypted_truncated_and_scanned_pdfs_are_refused_with_a_reason() {
    let scratch = seeded();
    let encrypted = scratch.write(
        "locked.pdf",
        std::fs::read(fixture("pdf/encrypted.pdf")).unwrap(),
    );
    assert_refused(&scratch, &encrypted, &["密码", "password"]);

    let real = std::fs::read(fixture("pdf/real/SH-Putuo_司法局_2026_部门预算.pdf")).unwrap();
    let cut = scratch.write("cut.pdf", &real[..real.len() / 3]);
    let output = scratch.yusuan().arg("import").arg(&cut).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cut.pdf") && !stderr.contains("panicked"),
        "{stderr}"
    );

    let scan = scratch.write("scan.pdf", pdf_writer::cases::scan().bytes);
    assert_refused(&scratch, &scan, &["OCR"]);
}

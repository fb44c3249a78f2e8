//! Damaged and unusable Word files through the binary: each is refused with
//! one clear message naming the file, a non-zero exit status, no panic, and
//! a database left byte-for-byte as it was.
//!
//! Each bad file is the real sample rendered as a .docx, then damaged in one
//! way, so that the only thing wrong with it is the thing under test.

mod common;
mod formats;

use common::{assert_refused, sample_text, seeded, Scratch};
use yusuan::read::{Extracted, Item};

const DOCUMENT: &str = "word/document.xml";

/// The sample as the Word file an office would publish.
fn sample_docx() -> Vec<u8> {
    formats::docx::build(&formats::layout(&sample_text()))
}

/// The sample's word/document.xml.
fn sample_document_xml() -> String {
    formats::docx::document_xml(&formats::layout(&sample_text()))
}

#[test]
fn the_rendered_sample_imports_so_the_damage_is_what_fails() {
    // Without this, the refusals below could be the builder's fault.
    let scratch = Scratch::new();
    let file = scratch.write("in/sample.docx", sample_docx());
    scratch.yusuan().arg("import").arg(file).assert().success();
}

#[test]
fn a_docx_cut_in_half_is_refused() {
    let scratch = seeded();
    let bytes = sample_docx();
    let file = scratch.write("cut.docx", &bytes[..bytes.len() / 2]);
    assert_refused(&scratch, &file, &["zip 文件已损坏", "damaged zip archive"]);
}

#[test]
fn a_docx_whose_body_cannot_be_inflated_is_refused() {
    let scratch = seeded();
    let mut bytes = sample_docx();
    let (start, length) = {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let entry = archive.by_name(DOCUMENT).unwrap();
        (
            entry.data_start().unwrap() as usize,
            entry.compressed_size() as usize,
        )
    };
    // Garble the middle of the compressed body; the archive's directory
    // stays intact, so only inflating the body can notice.
    for b in &mut bytes[start + length / 3..start + 2 * length / 3] {
        *b = !*b;
    }
    let file = scratch.write("garbled.docx", bytes);
    assert_refused(&scratch, &file, &["无法解压", "cannot inflate", DOCUMENT]);
}

#[test]
fn a_docx_without_tables_is_refused() {
    let scratch = seeded();
    // The sample's paragraphs (titles, narrative) without any of its tables.
    let layout = formats::layout(&sample_text());
    let paragraphs = Extracted {
        format: layout.format.clone(),
        items: layout
            .items
            .into_iter()
            .filter(|item| matches!(item, Item::Paragraph { .. }))
            .collect(),
        warnings: Vec::new(),
    };
    assert!(paragraphs.items.len() > 50);
    let file = scratch.write("no-tables.docx", formats::docx::build(&paragraphs));
    assert_refused(
        &scratch,
        &file,
        &["Word 文档中没有表格", "no tables in the Word document"],
    );
}

#[test]
fn a_docx_with_malformed_xml_is_refused() {
    let scratch = seeded();
    let xml = sample_document_xml();

    // One end tag misspelt in the middle of the document.
    let at = xml[xml.len() / 2..].find("</w:tc>").unwrap() + xml.len() / 2;
    let misspelt = format!("{}</w:td>{}", &xml[..at], &xml[at + "</w:tc>".len()..]);
    let file = scratch.write("misspelt.docx", formats::docx::package(&misspelt));
    assert_refused(
        &scratch,
        &file,
        &["不是有效的 XML", "malformed XML", DOCUMENT],
    );

    // The body cut off at a tag boundary: every tag so far is well formed.
    let at = xml[..xml.len() / 2].rfind('<').unwrap();
    let truncated = formats::docx::package(&xml[..at]);
    let file = scratch.write("truncated.docx", truncated);
    assert_refused(&scratch, &file, &["不完整", "truncated", DOCUMENT]);

    // Bytes that are not UTF-8 inside a text run.
    let at = xml.find("<w:t>").unwrap() + "<w:t>".len();
    let mut bytes = xml.clone().into_bytes();
    bytes.splice(at..at, [0xFF, 0xFE, 0x00]);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(DOCUMENT, zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, &bytes).unwrap();
    let file = scratch.write("bad-bytes.docx", zip.finish().unwrap().into_inner());
    assert_refused(&scratch, &file, &["UTF-8", DOCUMENT]);
}

//! Seed inputs for the fuzz targets (fuzz/): fixtures and generated
//! renderings → fuzz/seeds/<format>/. Ignored: run it to refresh the seeds
//! after a fixture writer changes
//! (`cargo test --test fuzz_seeds -- --ignored`).

mod common;
mod formats;

use std::path::PathBuf;

fn seeds(format: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(format);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
#[ignore = "writes fuzz/seeds; run by hand"]
fn write_fuzz_seeds() {
    let text = std::fs::read_to_string(common::fixture("demo/434001-2021.txt")).unwrap();
    std::fs::write(seeds("text").join("434001-2021.txt"), &text).unwrap();
    std::fs::copy(
        common::sample(),
        seeds("text").join("shanhaiguan-zfb-2023.txt"),
    )
    .unwrap();

    let doc = formats::layout(&text);
    std::fs::write(
        seeds("docx").join("434001-2021.docx"),
        formats::docx::build(&doc),
    )
    .unwrap();
    std::fs::write(
        seeds("xlsx").join("434001-2021.xlsx"),
        formats::xlsx::build(&doc),
    )
    .unwrap();
    std::fs::write(
        seeds("html").join("434001-2021.html"),
        formats::html::build(&doc),
    )
    .unwrap();
    std::fs::write(
        seeds("html").join("434001-2021-gbk.html"),
        formats::html::build_gbk(&doc),
    )
    .unwrap();
    std::fs::copy(
        common::fixture("formats/sample.xls"),
        seeds("xlsx").join("sample.xls"),
    )
    .unwrap();

    for (name, case) in common::pdf::cases::all() {
        std::fs::write(seeds("pdf").join(format!("{name}.pdf")), case.bytes).unwrap();
    }
    std::fs::copy(
        common::fixture("pdf/encrypted.pdf"),
        seeds("pdf").join("encrypted.pdf"),
    )
    .unwrap();
}

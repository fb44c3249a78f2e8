//! `yusuan demo`: the main job on the bundled sample data, on any machine.
//!
//! The demo corpus is compiled into the binary, written out as files, and
//! imported through the normal path: the Hebei text export
//! (tests/fixtures/demo/: the real 2023 disclosure of 434001 and generated
//! other years and a second unit) and real PDFs as most offices publish
//! them (tests/fixtures/pdf/real/): a Shanghai 部门 and 单位 budget of one
//! office, a 决算 and the next year's budget of another, and one Jiangsu
//! office over three years, its 情况说明 and tables in separate files.

use std::path::{Path, PathBuf};

pub const FILES: &[(&str, &[u8])] = &[
    (
        "434001-2021-generated.txt",
        include_bytes!("../tests/fixtures/demo/434001-2021.txt"),
    ),
    (
        "434001-2022-generated.txt",
        include_bytes!("../tests/fixtures/demo/434001-2022.txt"),
    ),
    (
        "shanhaiguan-zfb-2023.txt",
        include_bytes!("../tests/fixtures/demo/shanhaiguan-zfb-2023.txt"),
    ),
    (
        "434002-2021-generated.txt",
        include_bytes!("../tests/fixtures/demo/434002-2021.txt"),
    ),
    (
        "434002-2022-generated.txt",
        include_bytes!("../tests/fixtures/demo/434002-2022.txt"),
    ),
    (
        "434002-2023-generated.txt",
        include_bytes!("../tests/fixtures/demo/434002-2023.txt"),
    ),
    (
        "上海市普陀区司法局2026年部门预算.pdf",
        include_bytes!("../tests/fixtures/pdf/real/SH-Putuo_司法局_2026_部门预算.pdf"),
    ),
    (
        "上海市普陀区司法局2026年单位预算.pdf",
        include_bytes!("../tests/fixtures/pdf/real/SH-Putuo_司法局_2026_单位预算.pdf"),
    ),
    (
        "上海市普陀区财政局2024年度部门决算.pdf",
        include_bytes!("../tests/fixtures/pdf/real/SH-Putuo_财政局_2024_部门决算.pdf"),
    ),
    (
        "上海市普陀区财政局2025年部门预算.pdf",
        include_bytes!("../tests/fixtures/pdf/real/SH-Putuo_财政局_2025_部门预算.pdf"),
    ),
    (
        "江苏省政协办公厅2017年度部门预算公开表.pdf",
        include_bytes!("../tests/fixtures/pdf/real/JS_江苏省政协办公厅_2017年度部门预算公开表.pdf"),
    ),
    (
        "江苏省政协办公厅2018年度部门预算公开表.pdf",
        include_bytes!(
            "../tests/fixtures/pdf/real/JS_江苏省政协办公厅_江苏省政协办公厅2018度部门预算公开表.pdf"
        ),
    ),
    (
        "江苏省政协办公厅2019年度部门预算公开表.pdf",
        include_bytes!(
            "../tests/fixtures/pdf/real/JS_江苏省政协办公厅_江苏省政协办公厅2019年预算公开表.pdf"
        ),
    ),
    // Jiangsu prints each year's 情况说明 as a file of its own: imported
    // beside the tables, each joins its year.
    (
        "江苏省政协办公厅2017年度部门预算.pdf",
        include_bytes!(
            "../tests/fixtures/pdf/real/JS_江苏省政协办公厅_江苏省政协办公厅2017年度部门预算.pdf"
        ),
    ),
    (
        "江苏省政协办公厅2018年度部门预算.pdf",
        include_bytes!(
            "../tests/fixtures/pdf/real/JS_江苏省政协办公厅_江苏省政协办公厅2018年度部门预算.pdf"
        ),
    ),
    (
        "江苏省政协办公厅2019年度部门预算.pdf",
        include_bytes!(
            "../tests/fixtures/pdf/real/JS_江苏省政协办公厅_江苏省政协办公厅2019年度部门预算.pdf"
        ),
    ),
];

/// A demo file or database that could not be written or removed.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", .path.display())]
pub struct DemoError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// The command side reports in messages; its `?` gets this error's words.
impl From<DemoError> for String {
    fn from(error: DemoError) -> String {
        error.to_string()
    }
}

fn at(path: &Path) -> impl FnOnce(std::io::Error) -> DemoError + '_ {
    move |source| DemoError {
        path: path.to_path_buf(),
        source,
    }
}

/// Write the corpus into `dir` (created if needed) and return the files
/// written, by name. Only these are imported: whatever else the folder
/// holds (an earlier run's files, anything put there) is left alone and
/// left out, so every run shows the same.
pub fn write_corpus(dir: &Path) -> Result<Vec<PathBuf>, DemoError> {
    std::fs::create_dir_all(dir).map_err(at(dir))?;
    let mut written = Vec::with_capacity(FILES.len());
    for (name, bytes) in FILES {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(at(&path))?;
        written.push(path);
    }
    written.sort();
    Ok(written)
}

/// Remove a previous demo database so that the demo always starts fresh.
pub fn remove_database(db: &Path) -> Result<(), DemoError> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let path = PathBuf::from(name);
        if path.exists() {
            std::fs::remove_file(&path).map_err(at(&path))?;
        }
    }
    Ok(())
}

//! `yusuan demo`: the main job on the bundled sample data, on any machine.
//!
//! The demo corpus (tests/fixtures/demo/: the real 2023 disclosure of
//! 434001 and generated other years and a second unit) is compiled into the
//! binary, written out as files, and imported through the normal path.

use std::path::{Path, PathBuf};

pub const FILES: &[(&str, &[u8])] = &[
    (
        "434001-2021.txt",
        include_bytes!("../tests/fixtures/demo/434001-2021.txt"),
    ),
    (
        "434001-2022.txt",
        include_bytes!("../tests/fixtures/demo/434001-2022.txt"),
    ),
    (
        "shanhaiguan-zfb-2023.txt",
        include_bytes!("../tests/fixtures/demo/shanhaiguan-zfb-2023.txt"),
    ),
    (
        "434002-2021.txt",
        include_bytes!("../tests/fixtures/demo/434002-2021.txt"),
    ),
    (
        "434002-2022.txt",
        include_bytes!("../tests/fixtures/demo/434002-2022.txt"),
    ),
    (
        "434002-2023.txt",
        include_bytes!("../tests/fixtures/demo/434002-2023.txt"),
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

/// Write the corpus into `dir` (created if needed) and return its path.
pub fn write_corpus(dir: &Path) -> Result<PathBuf, DemoError> {
    std::fs::create_dir_all(dir).map_err(at(dir))?;
    for (name, bytes) in FILES {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(at(&path))?;
    }
    Ok(dir.to_path_buf())
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

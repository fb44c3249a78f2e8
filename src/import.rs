//! `yusuan import`: files and folders → one transaction per document.
//!
//! Reading and recognising (CPU) run on a worker thread while the main thread
//! writes the previous document, so the two cores of a laptop both work.

use crate::model::{Document, Warning};
use crate::read;
use crate::recognise;
use crate::store::{self, Source, StoreOutcome};
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// A file read and recognised, ready to store.
pub struct Prepared {
    pub source: Source,
    pub document: Document,
}

/// What happened to one file.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    pub outcome: FileOutcome,
    pub warnings: Vec<Warning>,
}

#[derive(Debug)]
pub enum FileOutcome {
    Imported {
        units: Vec<UnitSummary>,
        replaced: Vec<(String, i32, String)>,
    },
    Unchanged {
        stored_as: String,
    },
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct UnitSummary {
    pub code: String,
    pub name: String,
    pub year: i32,
    pub amount_unit: &'static str,
    pub tables: usize,
    pub lines: usize,
    pub cells: usize,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub imported: usize,
    pub unchanged: usize,
    pub failed: usize,
}

/// Files named on the command line, with folders searched recursively for
/// `.txt` exports (hidden files skipped). A named file is taken whatever its
/// extension. Missing paths are reported as failures, not silently dropped.
pub fn expand_paths(inputs: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, String)>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            if let Err(e) = walk(input, &mut found) {
                out.push(Err((
                    input.clone(),
                    format!("无法读取目录 (cannot read folder): {e}"),
                )));
            }
            found.sort();
            out.extend(found.into_iter().map(Ok));
        } else if input.exists() {
            out.push(Ok(input.clone()));
        } else {
            out.push(Err((
                input.clone(),
                "文件不存在 (no such file or folder)".to_string(),
            )));
        }
    }
    out
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, found)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        {
            found.push(path);
        }
    }
    Ok(())
}

/// Read, decode and recognise one file. The message names the file and
/// the place in it.
pub fn prepare(path: &Path) -> Result<Prepared, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取 (cannot read): {e}"))?;
    prepare_bytes(path, &bytes)
}

pub fn prepare_bytes(path: &Path, bytes: &[u8]) -> Result<Prepared, String> {
    let decoded = read::decode(bytes).map_err(|e| e.to_string())?;
    let blocks = read::blocks(&decoded.text);
    let document = recognise::recognise(&blocks).map_err(|p| p.to_string())?;
    let sha256 = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    Ok(Prepared {
        source: Source {
            path: path.display().to_string(),
            sha256,
            byte_size: bytes.len() as u64,
            encoding: decoded.encoding.to_string(),
        },
        document,
    })
}

/// Import `paths` into `conn`, calling `report` once per file in order.
pub fn import_files(
    conn: &mut Connection,
    paths: Vec<Result<PathBuf, (PathBuf, String)>>,
    replace: bool,
    mut report: impl FnMut(&FileReport),
) -> Totals {
    let mut totals = Totals::default();
    let (sender, receiver) = mpsc::sync_channel::<(PathBuf, Result<Prepared, String>)>(16);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for entry in paths {
                let item = match entry {
                    Ok(path) => {
                        let prepared = prepare(&path);
                        (path, prepared)
                    }
                    Err((path, message)) => (path, Err(message)),
                };
                if sender.send(item).is_err() {
                    break;
                }
            }
        });
        for (path, prepared) in receiver {
            let file_report = store_one(conn, path, prepared, replace);
            match file_report.outcome {
                FileOutcome::Imported { .. } => totals.imported += 1,
                FileOutcome::Unchanged { .. } => totals.unchanged += 1,
                FileOutcome::Failed(_) => totals.failed += 1,
            }
            report(&file_report);
        }
    });
    totals
}

fn store_one(
    conn: &mut Connection,
    path: PathBuf,
    prepared: Result<Prepared, String>,
    replace: bool,
) -> FileReport {
    let prepared = match prepared {
        Ok(p) => p,
        Err(message) => {
            return FileReport {
                path,
                outcome: FileOutcome::Failed(message),
                warnings: Vec::new(),
            }
        }
    };
    let outcome = match store::store_document(conn, &prepared.source, &prepared.document, replace) {
        Ok(StoreOutcome::Imported { replaced }) => FileOutcome::Imported {
            units: prepared.document.units.iter().map(summarise).collect(),
            replaced,
        },
        Ok(StoreOutcome::Unchanged { stored_as }) => FileOutcome::Unchanged { stored_as },
        Err(e) => FileOutcome::Failed(e.to_string()),
    };
    FileReport {
        path,
        outcome,
        warnings: prepared.document.warnings,
    }
}

fn summarise(unit: &crate::model::UnitDisclosure) -> UnitSummary {
    UnitSummary {
        code: unit.code.clone(),
        name: unit.name.clone(),
        year: unit.year,
        amount_unit: unit.amount_unit.label(),
        tables: unit.tables.len(),
        lines: unit.line_count(),
        cells: unit.cell_count(),
    }
}

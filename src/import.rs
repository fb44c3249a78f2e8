//! `yusuan import`: files and folders → one transaction per document.
//!
//! Reading and recognising (CPU) run on a worker thread while the main thread
//! writes the previous document, so the two cores of a laptop both work.

use crate::in_flight::{InFlight, Ticket, READ_AHEAD_BYTES};
use crate::input::{self, InputError};
use crate::model::{Document, Warning};
use crate::read::{self, Place, ReadError};
use crate::recognise::{self, Problem};
use crate::store::{self, Source, StoreError, StoreOutcome, Summaries};
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A file read and recognised, ready to store.
pub struct Prepared {
    pub source: Source,
    pub document: Document,
    /// Each unit's compact copies for `yoy` and `sangong`, in order.
    pub summaries: Vec<Summaries>,
    /// How the document's positions are named, to place its findings again
    /// if it is joined with another file.
    pub locator: read::Locator,
    /// Units joined with a part stored from another file (a 情况说明 and its
    /// tables), filled by [`crate::join::complete`] just before storing.
    pub joins: Vec<store::Join>,
}

/// What happened to one file.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    pub outcome: FileOutcome,
    pub warnings: Vec<Warning>,
}

/// Why one file was not imported → the message printed after its name.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("无法读取目录 (cannot read folder): {0}")]
    Folder(#[source] std::io::Error),
    #[error("文件不存在 (no such file or folder)")]
    Missing,
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Read(#[from] ReadError),
    /// A text export's problem, named by its line.
    #[error(transparent)]
    Refused(#[from] Problem),
    /// A Word, Excel or HTML document's problem, named by its place.
    #[error("{}", .problem.at(.place))]
    RefusedAt { problem: Box<Problem>, place: Place },
    #[error("文件在导入过程中被改动，未导入 (the file changed during the import; not stored)")]
    Changed,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Join(#[from] crate::join::JoinError),
}

#[derive(Debug)]
pub enum FileOutcome {
    Imported {
        units: Vec<UnitSummary>,
        replaced: Vec<(String, i32, String)>,
    },
    Unchanged {
        stored_as: String,
        /// The path it was stored from, gone and now replaced by this one.
        moved_from: Option<String>,
    },
    Failed(ImportError),
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
    /// Audit findings at import, and how many of them are errors.
    pub findings: usize,
    pub errors: usize,
    /// The file of the other part this unit was joined with (a 情况说明
    /// and its tables published apart).
    pub joined_with: Option<String>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub imported: usize,
    pub unchanged: usize,
    pub failed: usize,
}

/// Extensions picked up when a folder is searched. The reader itself goes by
/// the bytes, not the name.
const READABLE: &[&str] = &["txt", "docx", "xlsx", "xlsm", "xls", "html", "htm", "pdf"];

/// The files an import reads, from the paths named on its command line.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Files to read, in order, and paths that failed (reported as failed
    /// files: a missing path, a folder or entry that cannot be read).
    pub files: Vec<Result<PathBuf, (PathBuf, ImportError)>>,
    /// Entries of searched folders left alone, with why: not regular files
    /// (a FIFO would block the import), or a folder already searched
    /// (a symlink loop).
    pub skipped: Vec<(PathBuf, Skipped)>,
}

/// Why a folder entry was not read.
#[derive(Debug, thiserror::Error)]
pub enum Skipped {
    #[error("不是普通文件（{kind}），已跳过 (not a regular file but a {kind_en}; skipped)")]
    NotRegular {
        kind: &'static str,
        kind_en: &'static str,
    },
    #[error("指向已搜索过的目录（符号链接循环？），已跳过 (a link to a folder already searched, a symlink loop?; skipped)")]
    AlreadySearched,
}

/// Files named on the command line, with folders searched recursively for
/// disclosures ([`READABLE`]; hidden files and Office's `~$` lock files
/// skipped). A named file is taken whatever its extension. Missing paths,
/// and folders or entries that cannot be read, are reported as failures,
/// not silently dropped; the rest of a folder is still searched.
pub fn expand_paths(inputs: &[PathBuf]) -> Expanded {
    let mut out = Expanded::default();
    let mut searched = std::collections::HashSet::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found, &mut out, &mut searched);
            found.sort();
            out.files.extend(found.into_iter().map(Ok));
        } else if input.exists() {
            out.files.push(Ok(input.clone()));
        } else {
            out.files.push(Err((input.clone(), ImportError::Missing)));
        }
    }
    out
}

/// Search `dir`, adding disclosures to `found`, failures and skipped
/// entries to `out`. `searched` holds every folder searched so far (by its
/// canonical path), so a symlink back up the tree is followed once.
fn walk(
    dir: &Path,
    found: &mut Vec<PathBuf>,
    out: &mut Expanded,
    searched: &mut std::collections::HashSet<PathBuf>,
) {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !searched.insert(canonical) {
        out.skipped
            .push((dir.to_path_buf(), Skipped::AlreadySearched));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.files
                .push(Err((dir.to_path_buf(), ImportError::Folder(e))));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                out.files
                    .push(Err((dir.to_path_buf(), ImportError::Folder(e))));
                continue;
            }
        };
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.') || n.starts_with("~$"));
        if hidden {
            continue;
        }
        // What the entry is, links followed: a link loop or a dangling
        // link fails here and is reported with its path.
        let metadata = match std::fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(e) => {
                out.files
                    .push(Err((path, ImportError::Input(InputError::Io(e)))));
                continue;
            }
        };
        if metadata.is_dir() {
            walk(&path, found, out, searched);
            continue;
        }
        let readable = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| READABLE.iter().any(|r| e.eq_ignore_ascii_case(r)));
        if !metadata.is_file() {
            let (kind, kind_en) = input::special_kind(&metadata.file_type());
            out.skipped
                .push((path, Skipped::NotRegular { kind, kind_en }));
        } else if readable {
            found.push(path);
        }
    }
}

/// Read, decode and recognise one file within its format's default size
/// limit. The message names the file and the place in it.
pub fn prepare(path: &Path) -> Result<Prepared, ImportError> {
    prepare_within(path, None)
}

/// [`prepare`] with `max_size` (bytes) instead of the format's own limit.
pub fn prepare_within(path: &Path, max_size: Option<u64>) -> Result<Prepared, ImportError> {
    let bytes = input::read_file(path, max_size).map_err(|error| match error {
        InputError::Read(error) => ImportError::Read(error),
        other => ImportError::Input(other),
    })?;
    prepare_bytes(path, &bytes)
}

pub fn prepare_bytes(path: &Path, bytes: &[u8]) -> Result<Prepared, ImportError> {
    let hints = recognise::national::Hints {
        file_stem: path.file_stem().and_then(|s| s.to_str()).unwrap_or(""),
    };
    let (mut document, locator, encoding) = match read::open(bytes)? {
        read::Opened::Text(decoded) => {
            let blocks = read::blocks(&decoded.text);
            let document = recognise::recognise_with(&blocks, hints)?;
            (document, read::Locator::Lines, decoded.encoding.to_string())
        }
        read::Opened::Structured(extracted) => {
            let (blocks, places) = extracted.blocks();
            let mut document = recognise::recognise_with(&blocks, hints)
                .map_err(|problem| refused_in(problem, &places))?;
            for warning in &mut document.warnings {
                warning.place = Some(places.describe(warning.line));
            }
            // What the reader itself was unsure of (a PDF table without
            // rules), printed with the recogniser's warnings.
            document
                .warnings
                .extend(extracted.warnings.iter().map(|w| crate::model::Warning {
                    line: 0,
                    place: Some(w.place.clone()),
                    message: w.message.clone(),
                }));
            let format = extracted.format.clone();
            (document, read::Locator::Places(places), format)
        }
    };
    // Audited here, on the reading thread, so that checking costs the
    // writer nothing. A 情况说明 without its tables has nothing to be held
    // against until they arrive (see `join`).
    for unit in &mut document.units {
        if !unit.tables.is_empty() {
            unit.findings = crate::audit::audit_unit(unit, &|p| locator.describe(p));
        }
    }
    let sha256 = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    // Like the audit, on the reading thread: the writer only binds them.
    let summaries = document
        .units
        .iter()
        .map(Summaries::of)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|problem| refused_at(problem, &locator))?;
    Ok(Prepared {
        summaries,
        source: Source {
            path: path.display().to_string(),
            sha256,
            byte_size: bytes.len() as u64,
            encoding,
        },
        document,
        locator,
        joins: Vec::new(),
    })
}

/// A problem found after recognition, placed as the recogniser's are: by
/// line in a text export, by page, table or sheet in the others.
pub fn refused_at(problem: Problem, locator: &read::Locator) -> ImportError {
    match locator {
        read::Locator::Lines => ImportError::Refused(problem),
        read::Locator::Places(places) => refused_in(problem, places),
    }
}

/// A problem of a Word, Excel, HTML or PDF document, named by its place.
fn refused_in(problem: Problem, places: &read::Places) -> ImportError {
    ImportError::RefusedAt {
        place: places.describe(problem.line),
        problem: Box::new(problem),
    }
}

/// Documents per commit at most. Each commit writes again every B-tree page
/// it touched, so longer batches write less (bytes written by a 10,000-file
/// import: 1.34 GB at 64, 1.06 GB at 256); a batch holds only reports, not
/// documents, so its length costs no memory to speak of.
const DOCUMENTS_PER_COMMIT: usize = 256;

/// A batch commits this long after its first document at the latest, so a
/// slow disk or a slow reader never holds finished work back for long.
/// Committing whenever the reader had nothing ready at that instant made
/// most commits a few documents long (10 on average instead of 64), and
/// every commit writes the B-tree pages it touched again: the WAL took twice
/// the database's size.
const COMMIT_AFTER: Duration = Duration::from_millis(250);

/// Import `paths` into `conn`, calling `report` once per file in order, after
/// the file's outcome is durable.
pub fn import_files(
    conn: &Connection,
    paths: Vec<Result<PathBuf, (PathBuf, ImportError)>>,
    options: Options,
    report: impl FnMut(&FileReport),
) -> Totals {
    let (sender, receiver) = mpsc::sync_channel::<Item>(16);
    let flight = InFlight::new(READ_AHEAD_BYTES);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for entry in paths {
                let item = match entry {
                    Ok(path) => {
                        // Taken before reading: the size says how much the
                        // document may take once read (see `in_flight`).
                        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
                        let ticket = flight.take(size);
                        let prepared = prepare_within(&path, options.max_size);
                        (path, prepared, Some(ticket))
                    }
                    Err((path, message)) => (path, Err(message), None),
                };
                if sender.send(item).is_err() {
                    break;
                }
            }
        });
        write_all(conn, receiver, options, report)
    })
}

/// How an import treats what it finds.
#[derive(Debug, Default, Clone, Copy)]
pub struct Options {
    /// Replace a unit-year already stored from a different file.
    pub replace: bool,
    /// Read files up to this many bytes instead of their format's limit.
    pub max_size: Option<u64>,
}

/// Store documents that are already read. All of them are queued before
/// writing starts, so they share commits as far as [`DOCUMENTS_PER_COMMIT`]
/// allows.
pub fn import_prepared(
    conn: &Connection,
    items: Vec<(PathBuf, Result<Prepared, ImportError>)>,
    options: Options,
    report: impl FnMut(&FileReport),
) -> Totals {
    let (sender, receiver) = mpsc::sync_channel::<Item>(items.len().max(1));
    for (path, prepared) in items {
        sender
            .send((path, prepared, None))
            .expect("the receiver is alive and the queue has room");
    }
    drop(sender);
    write_all(conn, receiver, options, report)
}

/// A file read, and its share of the read-ahead allowance (given back
/// once the document is stored and freed).
type Item = (PathBuf, Result<Prepared, ImportError>, Option<Ticket>);

/// The writer loop: store what arrives, commit every [`DOCUMENTS_PER_COMMIT`]
/// documents, or when [`COMMIT_AFTER`] has passed with nothing waiting, then
/// report.
fn write_all(
    conn: &Connection,
    receiver: mpsc::Receiver<Item>,
    options: Options,
    mut report: impl FnMut(&FileReport),
) -> Totals {
    let replace = options.replace;
    let mut totals = Totals::default();
    let conn = &store::Writer::new(conn);
    std::thread::scope(|scope| {
        // Freeing a document (thousands of small strings) is left to another
        // thread; the writer goes back to writing.
        let (dropper, dropped) = mpsc::channel::<(Prepared, Option<Ticket>)>();
        scope.spawn(move || dropped.into_iter().for_each(drop));
        let checkpointer = store::Checkpointer::start(scope, conn);
        let mut batch = PendingBatch {
            open: None,
            started: None,
            items: Vec::new(),
            dropper,
            max_size: options.max_size,
        };
        loop {
            let next = match batch.started {
                None => receiver.recv().ok(),
                Some(started) => {
                    match receiver.recv_timeout(COMMIT_AFTER.saturating_sub(started.elapsed())) {
                        Ok(item) => Some(item),
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            batch.flush(conn, &checkpointer, replace, &mut totals, &mut report);
                            receiver.recv().ok()
                        }
                        Err(mpsc::RecvTimeoutError::Disconnected) => None,
                    }
                }
            };
            let Some((path, prepared, ticket)) = next else {
                break;
            };
            batch.store(conn, path, prepared, ticket, replace);
            if batch.len() >= DOCUMENTS_PER_COMMIT {
                batch.flush(conn, &checkpointer, replace, &mut totals, &mut report);
            }
        }
        batch.flush(conn, &checkpointer, replace, &mut totals, &mut report);
    });
    totals
}

/// Documents stored in the open transaction, with their outcomes held back
/// until it commits. If the shared transaction fails, every document of the
/// batch is stored again in a transaction of its own, so one bad write cannot
/// take its neighbours down and each document still lands whole or not at all.
///
/// A document is let go as soon as it is stored (freed on the dropper
/// thread); only its report waits for the commit. So a batch costs next to
/// no memory however long it is, and the rare retry reads its files again.
struct PendingBatch {
    open: Option<store::Batch>,
    /// When the first of `items` arrived.
    started: Option<Instant>,
    items: Vec<Pending>,
    /// Frees documents, then gives their tickets back.
    dropper: mpsc::Sender<(Prepared, Option<Ticket>)>,
    /// For reading a file again.
    max_size: Option<u64>,
}

/// One file of the batch: what its report needs once the batch commits.
struct Pending {
    path: PathBuf,
    outcome: PendingOutcome,
    warnings: Vec<Warning>,
}

enum PendingOutcome {
    /// Reading or recognising failed: nothing to store.
    Unreadable(ImportError),
    /// Stored (or refused) in the open transaction.
    Stored {
        result: Result<StoreOutcome, StoreError>,
        units: Vec<UnitSummary>,
        /// Of the bytes stored, to notice a file changed before a retry.
        sha256: String,
    },
}

impl PendingBatch {
    fn len(&self) -> usize {
        self.items.len()
    }

    fn store(
        &mut self,
        conn: &store::Writer,
        path: PathBuf,
        prepared: Result<Prepared, ImportError>,
        ticket: Option<Ticket>,
        replace: bool,
    ) {
        self.started.get_or_insert_with(Instant::now);
        let doc = match prepared {
            Ok(doc) => doc,
            Err(message) => {
                self.items.push(Pending {
                    path,
                    outcome: PendingOutcome::Unreadable(message),
                    warnings: Vec::new(),
                });
                return;
            }
        };
        // Before BEGIN is fine: the connection sees its own open batch.
        let mut doc = match join_parts(conn, doc, replace, self.max_size) {
            Ok(doc) => doc,
            Err(message) => {
                self.items.push(Pending {
                    path,
                    outcome: PendingOutcome::Unreadable(message),
                    warnings: Vec::new(),
                });
                return;
            }
        };
        let result = match &self.open {
            Some(_) => Ok(()),
            None => store::Batch::begin(conn).map(|b| self.open = Some(b)),
        }
        .map_err(StoreError::from)
        .and_then(|()| {
            store::store_document(
                conn,
                &doc.source,
                &doc.document,
                &doc.summaries,
                &doc.joins,
                replace,
            )
        });
        let failed = matches!(result, Err(StoreError::Sqlite(_)));
        self.items.push(Pending::stored(path, &mut doc, result));
        let _ = self.dropper.send((doc, ticket));
        if failed {
            self.store_one_by_one(conn, replace);
        }
    }

    /// Roll the shared transaction back and store each document alone,
    /// reading its file again.
    fn store_one_by_one(&mut self, conn: &store::Writer, replace: bool) {
        if let Some(batch) = self.open.take() {
            batch.rollback(conn);
        }
        for item in &mut self.items {
            let PendingOutcome::Stored { sha256, .. } = &item.outcome else {
                continue;
            };
            let retried = match prepare_within(&item.path, self.max_size) {
                Ok(doc) if doc.source.sha256 != *sha256 => Err(ImportError::Changed),
                Ok(doc) => join_parts(conn, doc, replace, self.max_size),
                other => other,
            };
            *item = match retried {
                Ok(mut doc) => {
                    let result = store::store_alone(
                        conn,
                        &doc.source,
                        &doc.document,
                        &doc.summaries,
                        &doc.joins,
                        replace,
                    );
                    let retried = Pending::stored(item.path.clone(), &mut doc, result);
                    let _ = self.dropper.send((doc, None));
                    retried
                }
                Err(message) => Pending {
                    path: item.path.clone(),
                    outcome: PendingOutcome::Unreadable(message),
                    warnings: std::mem::take(&mut item.warnings),
                },
            };
        }
    }

    fn flush(
        &mut self,
        conn: &store::Writer,
        checkpointer: &store::Checkpointer,
        replace: bool,
        totals: &mut Totals,
        report: &mut impl FnMut(&FileReport),
    ) {
        if let Some(batch) = self.open.take() {
            if batch.commit(conn).is_err() {
                self.store_one_by_one(conn, replace);
            }
            checkpointer.committed();
        }
        self.started = None;
        for item in self.items.drain(..) {
            let file = item.into_report();
            match file.outcome {
                FileOutcome::Imported { .. } => totals.imported += 1,
                FileOutcome::Unchanged { .. } => totals.unchanged += 1,
                FileOutcome::Failed(_) => totals.failed += 1,
            }
            report(&file);
        }
    }
}

impl Pending {
    /// What the report of a stored document needs, taken from it before it
    /// is let go.
    fn stored(
        path: PathBuf,
        doc: &mut Prepared,
        result: Result<StoreOutcome, StoreError>,
    ) -> Pending {
        Pending {
            path,
            outcome: PendingOutcome::Stored {
                units: doc
                    .document
                    .units
                    .iter()
                    .enumerate()
                    .map(|(index, unit)| UnitSummary {
                        joined_with: doc
                            .joins
                            .iter()
                            .find(|j| j.unit == index)
                            .map(|j| j.partner_path.clone()),
                        ..summarise(unit)
                    })
                    .collect(),
                sha256: std::mem::take(&mut doc.source.sha256),
                result,
            },
            warnings: std::mem::take(&mut doc.document.warnings),
        }
    }

    fn into_report(self) -> FileReport {
        let outcome = match self.outcome {
            PendingOutcome::Unreadable(message) => FileOutcome::Failed(message),
            PendingOutcome::Stored { result, units, .. } => match result {
                Ok(StoreOutcome::Imported {
                    replaced,
                    cross_year,
                }) => {
                    let mut units = units;
                    for (index, severity) in cross_year {
                        if let Some(unit) = units.get_mut(index) {
                            unit.findings += 1;
                            unit.errors += usize::from(severity == crate::audit::Severity::Error);
                        }
                    }
                    FileOutcome::Imported { units, replaced }
                }
                Ok(StoreOutcome::Unchanged {
                    stored_as,
                    moved_from,
                }) => FileOutcome::Unchanged {
                    stored_as,
                    moved_from,
                },
                Err(e) => FileOutcome::Failed(e.into()),
            },
        };
        FileReport {
            path: self.path,
            outcome,
            warnings: self.warnings,
        }
    }
}

/// What the database decides about a document before it is stored: the
/// unit each key means (an alias added with `yusuan units --alias`), and
/// the other part of a disclosure published as two files (see
/// [`crate::join`]; most documents hold both parts and skip the lookup).
fn join_parts(
    conn: &Connection,
    mut doc: Prepared,
    replace: bool,
    max_size: Option<u64>,
) -> Result<Prepared, ImportError> {
    for unit in &mut doc.document.units {
        unit.code = store::aliases::resolve(conn, &unit.code).map_err(StoreError::from)?;
    }
    if doc.document.units.iter().any(|u| u.is_one_part()) {
        crate::join::complete(conn, doc, replace, max_size)
    } else {
        Ok(doc)
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
        findings: unit.findings.len(),
        errors: unit
            .findings
            .iter()
            .filter(|f| f.severity == crate::audit::Severity::Error)
            .count(),
        joined_with: None,
    }
}

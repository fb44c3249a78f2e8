//! Documents share a commit, but each still lands whole or not at all: when
//! one document's write fails inside a shared transaction, its neighbours are
//! stored on their own and the failing one leaves nothing behind.

use std::path::PathBuf;
use yusuan::import::{import_prepared, prepare, FileOutcome};
use yusuan_fixture::{realistic_unit, render_bytes, RenderOptions};

#[test]
fn a_write_failure_inside_a_batch_costs_only_that_document() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for code in ["436001", "436002", "436003"] {
        let spec = realistic_unit(code, &format!("测试单位{code}"), 2023, 5);
        std::fs::write(
            corpus.join(format!("{code}.txt")),
            render_bytes(&[spec], &RenderOptions::default()),
        )
        .unwrap();
    }
    let db = dir.path().join("batch.db");
    let conn = yusuan::store::open(&db).unwrap();
    // Plant a failure that only the writer can hit: the second document's
    // disclosure cannot be inserted.
    conn.execute_batch(
        "CREATE TRIGGER planted BEFORE INSERT ON disclosures WHEN NEW.unit_code = '436002'
         BEGIN SELECT RAISE(ABORT, 'planted failure'); END;",
    )
    .unwrap();

    // All three are queued before writing starts, so they share one
    // transaction and the planted failure poisons it.
    let items: Vec<_> = ["436001", "436002", "436003"]
        .iter()
        .map(|code| {
            let path = corpus.join(format!("{code}.txt"));
            let prepared = prepare(&path);
            (path, prepared)
        })
        .collect();
    let mut outcomes: Vec<(PathBuf, bool, String)> = Vec::new();
    let totals = import_prepared(&conn, items, yusuan::import::Options::default(), |report| {
        let message = match &report.outcome {
            FileOutcome::Failed(message) => message.to_string(),
            _ => String::new(),
        };
        outcomes.push((
            report.path.clone(),
            matches!(report.outcome, FileOutcome::Imported { .. }),
            message,
        ));
    });
    assert_eq!((totals.imported, totals.failed), (2, 1), "{outcomes:?}");
    assert!(outcomes[1].2.contains("planted failure"), "{outcomes:?}");
    assert!(outcomes[0].1 && outcomes[2].1, "{outcomes:?}");

    let stored: Vec<String> = conn
        .prepare("SELECT unit_code FROM disclosures ORDER BY unit_code")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(stored, vec!["436001", "436003"]);
    let orphan_documents: i64 = conn
        .query_row(
            "SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM disclosures)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphan_documents, 0);
    let figures: i64 = conn
        .query_row("SELECT count(*) FROM figures", [], |r| r.get(0))
        .unwrap();
    assert!(figures > 1000, "{figures}");
}

/// Stored documents are let go at once; when a later write fails, the
/// batch's files are read again to store each alone. A file whose bytes
/// changed since it was read is then refused rather than stored in its new
/// form under the old report.
#[test]
fn a_retried_batch_refuses_a_file_changed_since_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let write = |code: &str, year: i32| {
        let path = dir.path().join(format!("{code}-{year}.txt"));
        let spec = realistic_unit(code, &format!("测试单位{code}"), year, 5);
        std::fs::write(&path, render_bytes(&[spec], &RenderOptions::default())).unwrap();
        path
    };
    let first = write("437001", 2023);
    let second = write("437002", 2023);
    let conn = yusuan::store::open(&dir.path().join("batch.db")).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER planted BEFORE INSERT ON disclosures WHEN NEW.unit_code = '437002'
         BEGIN SELECT RAISE(ABORT, 'planted failure'); END;",
    )
    .unwrap();
    let items: Vec<_> = [&first, &second]
        .into_iter()
        .map(|path| (path.clone(), prepare(path)))
        .collect();
    // The first file changes after it was read, before the batch fails.
    write("437001", 2022);
    std::fs::rename(dir.path().join("437001-2022.txt"), &first).unwrap();

    let mut messages = Vec::new();
    let totals = import_prepared(&conn, items, yusuan::import::Options::default(), |report| {
        if let FileOutcome::Failed(message) = &report.outcome {
            messages.push((report.path.clone(), message.to_string()));
        }
    });
    assert_eq!((totals.imported, totals.failed), (0, 2), "{messages:?}");
    assert_eq!(messages[0].0, first);
    assert!(
        messages[0].1.contains("changed during the import"),
        "{messages:?}"
    );
    assert!(messages[1].1.contains("planted failure"), "{messages:?}");
    let stored: i64 = conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 0);
}

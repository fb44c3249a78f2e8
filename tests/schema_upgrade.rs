//! A database written by an older yusuan is brought up to date by any
//! command that opens it, with the same answers as a fresh import; a SQLite
//! file that is not a yusuan database is never written by a read-only
//! command, even when it carries another program's refinery history.

mod common;

use common::Scratch;

const SUMMARIES: &str = include_str!("../migrations/V4__summaries.sql");

/// Turn a current database back into what yusuan wrote before V7 (the
/// previous release): no 情况说明 file of its own, no aliases.
fn back_to_v6(scratch: &Scratch) {
    scratch
        .conn()
        .execute_batch(
            "DROP INDEX disclosures_narrative_document;
             ALTER TABLE disclosures DROP COLUMN narrative_document_id;
             DROP TABLE unit_aliases;
             DELETE FROM refinery_schema_history WHERE version = 7;",
        )
        .unwrap();
}

/// Turn a current database back into what yusuan wrote before V6: the
/// disclosures without their scope, as V1 made them, and no other tables.
fn back_to_v5(scratch: &Scratch) {
    back_to_v6(scratch);
    let conn = scratch.conn();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         PRAGMA legacy_alter_table = ON;
         CREATE TABLE disclosures_v1 (
             id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, unit_code TEXT NOT NULL,
             unit_name TEXT NOT NULL, year INTEGER NOT NULL,
             stage TEXT NOT NULL DEFAULT '预算', amount_unit TEXT NOT NULL,
             heading TEXT, source_line INTEGER NOT NULL, UNIQUE (unit_code, year, stage));
         INSERT INTO disclosures_v1 SELECT id, document_id, unit_code, unit_name, year, stage,
             amount_unit, heading, source_line FROM disclosures;
         DROP TABLE disclosures;
         ALTER TABLE disclosures_v1 RENAME TO disclosures;
         CREATE INDEX disclosures_document ON disclosures(document_id);
         PRAGMA legacy_alter_table = OFF;
         DROP TABLE other_cells;
         DROP TABLE other_tables;
         DELETE FROM refinery_schema_history WHERE version = 6;",
    )
    .unwrap();
}

/// Turn a current database back into what yusuan wrote before V5: the V4
/// tables filled by V4's own SQL, and no V5 in the history.
fn back_to_v4(scratch: &Scratch) {
    back_to_v5(scratch);
    let conn = scratch.conn();
    conn.execute_batch("DROP TABLE yoy_packs; DROP TABLE sangong_totals;")
        .unwrap();
    conn.execute_batch(SUMMARIES).unwrap();
    conn.execute_batch("DELETE FROM refinery_schema_history WHERE version = 5")
        .unwrap();
}

fn yoy_csv(scratch: &Scratch) -> std::process::Output {
    scratch
        .yusuan()
        .args(["yoy", "--level", "3", "--format", "csv"])
        .output()
        .unwrap()
}

#[test]
fn an_older_database_is_upgraded_by_a_read_command() {
    let scratch = common::seeded();
    let current = yoy_csv(&scratch);
    assert!(current.status.success(), "{}", common::stderr_of(&current));
    back_to_v4(&scratch);

    let upgraded = yoy_csv(&scratch);
    assert!(
        upgraded.status.success(),
        "{}",
        common::stderr_of(&upgraded)
    );
    assert!(
        common::stderr_of(&upgraded).contains("upgraded to version 7"),
        "{}",
        common::stderr_of(&upgraded)
    );
    assert_eq!(common::stdout_of(&upgraded), common::stdout_of(&current));
    // Said once: the next command finds it up to date.
    let again = yoy_csv(&scratch);
    assert!(!common::stderr_of(&again).contains("upgraded"));
    let tables: i64 = scratch
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'yoy_lines'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0, "V5 replaces yoy_lines");
}

#[test]
fn a_database_of_the_previous_release_gains_scope_and_keeps_its_answers() {
    let scratch = common::seeded();
    let current = yoy_csv(&scratch);
    back_to_v5(&scratch);
    let upgraded = yoy_csv(&scratch);
    assert!(
        common::stderr_of(&upgraded).contains("upgraded to version 7"),
        "{}",
        common::stderr_of(&upgraded)
    );
    assert_eq!(common::stdout_of(&upgraded), common::stdout_of(&current));
    let (rows, scopes): (i64, String) = scratch
        .conn()
        .query_row(
            "SELECT count(*), group_concat(DISTINCT scope) FROM disclosures",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                ))
            },
        )
        .unwrap();
    assert!(rows > 0);
    assert_eq!(scopes, "", "the Hebei sections say no scope");
    // The same unit, year and stage may now be stored once per scope.
    let unique: String = scratch
        .conn()
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'disclosures'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        unique.contains("UNIQUE (unit_code, year, stage, scope)"),
        "{unique}"
    );
}

#[test]
fn a_database_of_the_previous_release_gains_joins_and_aliases() {
    let scratch = common::seeded();
    let current = yoy_csv(&scratch);
    back_to_v6(&scratch);
    let upgraded = yoy_csv(&scratch);
    assert!(
        common::stderr_of(&upgraded).contains("upgraded to version 7"),
        "{}",
        common::stderr_of(&upgraded)
    );
    assert_eq!(common::stdout_of(&upgraded), common::stdout_of(&current));
    let (joined, aliases): (i64, i64) = scratch
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM disclosures WHERE narrative_document_id IS NOT NULL),
                    (SELECT count(*) FROM unit_aliases)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (joined, aliases),
        (0, 0),
        "stored rows came with their tables"
    );
}

#[test]
fn another_programs_refinery_database_is_left_alone() {
    let scratch = Scratch::new();
    {
        let conn = scratch.conn();
        conn.execute_batch(
            "CREATE TABLE refinery_schema_history (version INT4 PRIMARY KEY, name VARCHAR(255),
                 applied_on VARCHAR(255), checksum VARCHAR(255));
             INSERT INTO refinery_schema_history VALUES (1, 'create_users', 'x', '1234');
             CREATE TABLE users (id INTEGER, name TEXT);
             INSERT INTO users VALUES (1, '张三');",
        )
        .unwrap();
    }
    let before = scratch.db_bytes();
    let output = scratch
        .yusuan()
        .args(["sql", "SELECT name FROM users", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
    assert!(common::stdout_of(&output).contains("张三"));
    assert_eq!(scratch.db_bytes(), before, "the file is unchanged");
    let mode: String = scratch
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "not switched to WAL");
}

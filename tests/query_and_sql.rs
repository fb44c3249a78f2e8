//! `yusuan query` binds parameters as values; `yusuan sql` cannot change
//! the database, whatever the statement.

mod common;

use common::Scratch;
use yusuan_fixture::{realistic_unit, render_bytes, RenderOptions};

/// A unit whose name holds quotes and SQL, beside an ordinary one.
const TRICKY: &str = "测试'单位\"; DROP TABLE units; --";

fn corpus(scratch: &Scratch) {
    for (code, name) in [("501001", TRICKY), ("501002", "普通单位本级")] {
        let spec = realistic_unit(code, name, 2023, 3);
        scratch.write(
            &format!("corpus/{code}.txt"),
            render_bytes(&[spec], &RenderOptions::default()),
        );
    }
    scratch
        .yusuan()
        .arg("import")
        .arg(scratch.path("corpus"))
        .assert()
        .success();
}

fn csv_rows(output: &std::process::Output) -> Vec<Vec<String>> {
    assert!(output.status.success(), "{}", common::stderr_of(output));
    csv::Reader::from_reader(output.stdout.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn query_parameters_are_values_not_sql() {
    let scratch = Scratch::new();
    corpus(&scratch);

    // The whole tricky name, quotes and SQL included, finds exactly its unit.
    let output = scratch
        .yusuan()
        .args(["query", "units", "--format", "csv", "--param"])
        .arg(format!("unit={TRICKY}"))
        .output()
        .unwrap();
    let rows = csv_rows(&output);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "501001");
    assert_eq!(rows[0][1], TRICKY);

    // A classic injection matches nothing: it is compared as text.
    let output = scratch
        .yusuan()
        .args([
            "query",
            "units",
            "--format",
            "csv",
            "-p",
            "unit=501002' OR '1'='1",
        ])
        .output()
        .unwrap();
    assert_eq!(csv_rows(&output).len(), 0);

    // A value that would end the statement and drop a table: still text,
    // and the table is still there.
    let output = scratch
        .yusuan()
        .args([
            "query",
            "units",
            "--format",
            "csv",
            "-p",
            "unit='; DROP TABLE units; --",
        ])
        .output()
        .unwrap();
    assert_eq!(csv_rows(&output).len(), 0);
    let count: i64 = scratch
        .conn()
        .query_row("SELECT count(*) FROM units", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2);

    // Numeric parameters are bound too: a quote in a year is no year.
    let output = scratch
        .yusuan()
        .args(["query", "sangong", "--format", "csv", "-p", "from=2023' --"])
        .output()
        .unwrap();
    assert_eq!(csv_rows(&output).len(), 2, "CAST('2023'' --') is 2023");
}

#[test]
fn query_list_unknown_names_and_the_sql_behind_a_command() {
    let scratch = Scratch::new();
    corpus(&scratch);
    let output = scratch
        .yusuan()
        .args(["query", "--list", "--format", "csv"])
        .output()
        .unwrap();
    let rows = csv_rows(&output);
    for name in ["units", "documents", "yoy", "sangong"] {
        let row = rows.iter().find(|r| r[0] == name).unwrap();
        assert!(!row[1].is_empty(), "{name} says what it answers");
    }
    let yoy = rows.iter().find(|r| r[0] == "yoy").unwrap();
    for param in [
        "unit = ''",
        "from = 0",
        "to = 9999",
        "by = function",
        "level = 1",
        "column = 合计",
    ] {
        assert!(yoy[2].contains(param), "{param}: {}", yoy[2]);
    }

    let output = scratch
        .yusuan()
        .args(["query", "sangong", "--show-sql"])
        .output()
        .unwrap();
    let file = std::fs::read_to_string(common::fixture("../../queries/sangong.sql")).unwrap();
    assert_eq!(common::stdout_of(&output), file);

    let output = scratch
        .yusuan()
        .args(["query", "units", "-p", "unti=x"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(common::stderr_of(&output).contains("unti"));
    let output = scratch
        .yusuan()
        .args(["query", "nothing"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        common::stderr_of(&output).contains("yoy"),
        "lists what there is"
    );
}

#[test]
fn sql_reads() {
    let scratch = Scratch::new();
    corpus(&scratch);
    let output = scratch
        .yusuan()
        .args([
            "sql",
            "--format",
            "csv",
            "SELECT unit_code, year FROM disclosures ORDER BY 1",
        ])
        .output()
        .unwrap();
    assert_eq!(
        csv_rows(&output),
        [["501001", "2023"], ["501002", "2023"]].map(|r| r.map(String::from).to_vec())
    );
    let file = scratch.write("q.sql", "-- how many\nSELECT count(*) AS n FROM units;\n");
    let output = scratch
        .yusuan()
        .args(["sql", "--format", "csv", "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(csv_rows(&output), [["2".to_string()]]);
    let output = scratch
        .yusuan()
        .args(["sql", "--format", "csv"])
        .write_stdin("PRAGMA table_info(units)")
        .output()
        .unwrap();
    assert_eq!(csv_rows(&output)[0][1], "code");
}

#[test]
fn sql_cannot_change_the_database() {
    let scratch = Scratch::new();
    corpus(&scratch);
    let before = scratch.db_bytes();
    let elsewhere = scratch.path("elsewhere.db");
    let attempts = [
        (
            "INSERT INTO units (code) VALUES ('999999')",
            "INSERT INTO units",
        ),
        ("UPDATE disclosures SET year = 1999", "UPDATE disclosures"),
        ("DELETE FROM amounts", "DELETE FROM amounts"),
        ("DROP TABLE amounts", "DROP"),
        ("DROP VIEW figures", "DROP"),
        ("CREATE TABLE notes (x)", "CREATE"),
        ("ALTER TABLE units ADD COLUMN x", "ALTER"),
        (
            &format!("ATTACH '{}' AS other", elsewhere.display()),
            "ATTACH",
        ),
        ("ATTACH ':memory:' AS scratch", "ATTACH"),
        ("PRAGMA user_version = 7", "PRAGMA user_version = 7"),
        ("PRAGMA journal_mode = DELETE", "PRAGMA journal_mode"),
        ("PRAGMA query_only = OFF", "PRAGMA query_only"),
        ("PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA wal_checkpoint"),
        (&format!("VACUUM INTO '{}'", elsewhere.display()), "VACUUM"),
        ("VACUUM", "VACUUM"),
        ("REINDEX", "REINDEX"),
        ("ANALYZE", "CREATE"),
        ("CREATE INDEX i ON units(code)", "CREATE"),
        ("BEGIN IMMEDIATE", "transaction"),
        ("SELECT 1; DELETE FROM units", "DELETE FROM units"),
        (
            "WITH gone AS (SELECT 1) DELETE FROM units",
            "DELETE FROM units",
        ),
    ];
    for (sql, named) in attempts {
        let output = scratch.yusuan().args(["sql", sql]).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{sql}");
        let stderr = common::stderr_of(&output);
        assert!(stderr.contains("read-only"), "{sql}: {stderr}");
        assert!(stderr.contains(named), "{sql}: {stderr}");
        assert!(common::stdout_of(&output).is_empty(), "{sql}");
    }
    assert!(!elsewhere.exists(), "no other file was written");
    assert_eq!(scratch.db_bytes(), before, "the database file is unchanged");
    let count: i64 = scratch
        .conn()
        .query_row("SELECT count(*) FROM units", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2);
}

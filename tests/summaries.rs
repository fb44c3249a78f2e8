//! yoy_packs and sangong_totals are copies the importer writes for speed
//! (migrations/V4__summaries.sql, V5__yoy_packs.sql). They must say exactly
//! what lines and amounts say: the importer's rows are compared with the
//! migrations' SQL that derives them from lines/amounts, on the real sample
//! plus a multi-year corpus, and a replaced disclosure leaves none of its old
//! rows.

mod analyst_corpus;
mod common;

use common::Scratch;
use rusqlite::Connection;

const SUMMARIES: &str = include_str!("../migrations/V4__summaries.sql");
const PACKS: &str = include_str!("../migrations/V5__yoy_packs.sql");

fn rows(conn: &Connection, table: &str) -> Vec<String> {
    conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2, 3, 4, 5"))
        .unwrap()
        .query_map([], |row| {
            let n = row.as_ref().column_count();
            Ok((0..n)
                .map(|i| match row.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    other => format!("{other:?}"),
                })
                .collect::<Vec<_>>()
                .join(" | "))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Count the lines packed for `by`, unpacked in SQL as a user would.
fn packed_lines(conn: &Connection, by: &str) -> i64 {
    conn.query_row(
        "SELECT count(*) FROM yoy_packs p, json_each(p.names) WHERE p.by = ?1",
        [by],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn importer_and_migration_derive_the_same_rows() {
    let scratch = Scratch::new();
    analyst_corpus::import(&scratch);
    let output = scratch
        .yusuan()
        .arg("import")
        .arg(common::sample())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));

    let conn = scratch.conn();
    let from_import = (rows(&conn, "yoy_packs"), rows(&conn, "sangong_totals"));
    let sangong_tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM tables WHERE kind = '三公经费表'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sangong_tables > 10);
    assert_eq!(
        from_import.1.len() as i64,
        sangong_tables,
        "one sangong_totals row per 三公 table"
    );
    // 支出总表 lines of every level, the 基本支出表 and the 收支总表 lines.
    for by in ["function", "economic", "summary"] {
        let n = packed_lines(&conn, by);
        assert!(n > 20, "{n} {by} lines");
    }

    // Run both migrations again over the stored lines and amounts.
    conn.execute_batch("DROP TABLE yoy_packs; DROP TABLE sangong_totals;")
        .unwrap();
    conn.execute_batch(SUMMARIES).unwrap();
    conn.execute_batch(PACKS).unwrap();
    let from_sql = (rows(&conn, "yoy_packs"), rows(&conn, "sangong_totals"));
    assert_eq!(from_sql.0.len(), from_import.0.len(), "yoy_packs rows");
    for (a, b) in from_import.0.iter().zip(&from_sql.0) {
        assert_eq!(a, b);
    }
    assert_eq!(from_sql.1, from_import.1);
}

#[test]
fn a_replaced_disclosure_leaves_no_summary_rows() {
    let scratch = Scratch::new();
    let sample = common::sample();
    let output = scratch
        .yusuan()
        .arg("import")
        .arg(&sample)
        .output()
        .unwrap();
    assert!(output.status.success());
    let before = packed_lines(&scratch.conn(), "function");
    assert!(before > 20, "the sample gives {before} 功能分类 lines");

    // The same disclosure with one figure changed is a different document.
    let text = std::fs::read_to_string(&sample)
        .unwrap()
        .replacen("\t60.47\n", "\t60.48\n", 1);
    let changed = scratch.write("changed.txt", text);
    let output = scratch
        .yusuan()
        .args(["import", "--replace"])
        .arg(&changed)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));

    let conn = scratch.conn();
    let orphans: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM yoy_packs WHERE disclosure_id NOT IN (SELECT id FROM disclosures))
                  + (SELECT count(*) FROM sangong_totals WHERE disclosure_id NOT IN (SELECT id FROM disclosures))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    assert_eq!(packed_lines(&conn, "function"), before);
    let changed_line: i64 = conn
        .query_row(
            "SELECT count(*) FROM yoy_packs p, json_each(p.total) a WHERE a.value = 60480000",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(changed_line, 1, "the new figure 60.48 万元 is in yoy_packs");
}

/// yoy_packs is defined once, in yusuan::yoy_packs; the migrations that
/// create it are history, so the table they leave must have exactly the
/// owner's columns, in its order.
#[test]
fn the_migrated_yoy_packs_has_the_owners_columns() {
    let scratch = Scratch::new();
    let conn = yusuan::store::open(&scratch.db()).unwrap();
    let migrated: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('yoy_packs') ORDER BY cid")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let owner: Vec<&str> = yusuan::yoy_packs::columns().collect();
    assert_eq!(migrated, owner);
}

/// queries/yoy.sql cannot import Rust: its `CASE :column` must choose each
/// of the owner's amount columns by its first key, and nothing else, and
/// the summary must read the total.
#[test]
fn yoy_sql_chooses_the_owners_amount_column_for_each_key() {
    use yusuan::yoy_packs::{By, AMOUNT_COLUMNS};
    let sql = include_str!("../queries/yoy.sql");
    let case = sql
        .split_once("CASE :column")
        .and_then(|(_, rest)| rest.split_once("END"))
        .map(|(case, _)| case)
        .expect("yoy.sql has CASE :column … END");
    let chosen: Vec<(String, String)> = case
        .split("WHEN")
        .skip(1)
        .map(|when| {
            let (key, column) = when.split_once("THEN").expect("WHEN … THEN");
            let key = key.trim().trim_matches('\'').to_string();
            (key, column.trim().to_string())
        })
        .collect();
    let owner: Vec<(String, String)> = AMOUNT_COLUMNS
        .iter()
        .map(|c| (c.keys[0].to_string(), c.name.to_string()))
        .collect();
    assert_eq!(chosen, owner);
    let summary = format!(
        "WHEN by = '{}' THEN {}",
        By::Summary.key(),
        By::Summary.amounts()[0].name
    );
    assert!(sql.contains(&summary), "yoy.sql lacks {summary}");
}

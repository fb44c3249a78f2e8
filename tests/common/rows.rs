//! A database's stored rows as text, for comparing two imports of the same
//! disclosure (its text export and a Word, Excel or HTML rendering of it)
//! row by row, with provenance and positions left out.

use super::Scratch;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// Columns that say where a row came from rather than what was published.
pub fn is_provenance(table: &str, column: &str) -> bool {
    column == "source_line" || (table == "documents" && column != "id") || column == "imported_at"
}

/// Every stored row of every table, as text, in storage order.
pub fn dump(conn: &Connection) -> BTreeMap<String, Vec<String>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> 'refinery_schema_history' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = BTreeMap::new();
    for name in names {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{name}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .filter(|c: &String| !is_provenance(&name, c))
            .collect();
        let select = format!(
            "SELECT {} FROM \"{name}\" ORDER BY {}",
            columns
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", "),
            (1..=columns.len())
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut statement = conn.prepare(&select).unwrap();
        let rows = statement
            .query_map([], |row| {
                Ok((0..columns.len())
                    .map(|i| match row.get_ref(i).unwrap() {
                        ValueRef::Null => "NULL".to_string(),
                        ValueRef::Integer(n) => n.to_string(),
                        ValueRef::Real(x) => x.to_string(),
                        ValueRef::Text(t) => without_positions(&String::from_utf8_lossy(t)),
                        ValueRef::Blob(b) => format!("{b:?}"),
                    })
                    .collect::<Vec<_>>()
                    .join(" | "))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.insert(name, rows);
    }
    out
}

/// Audit evidence cites where a figure is: a line of a text export
/// ("（第 812 行）"), the reader's place in other formats ("（第 12 个表格第 1
/// 行）", "（第 40 段）", "（工作表「表1」第 9 行）"). Those parentheses are
/// replaced by "（#）".
pub fn without_positions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = ["（第 ", "（工作表「"]
        .iter()
        .filter_map(|opening| rest.find(opening))
        .min()
    {
        out.push_str(&rest[..at]);
        match rest[at..].find('）') {
            Some(end) => {
                out.push_str("（#）");
                rest = &rest[at + end + '）'.len_utf8()..];
            }
            None => {
                out.push_str(&rest[at..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `other_db` holds exactly the rows `text_db` holds (a text import with a
/// fair number of amounts), table by table and row by row. `what` names
/// `other_db`'s format in the messages.
pub fn assert_same_rows(text_db: &Scratch, other_db: &Scratch, what: &str) {
    let expected = dump(&text_db.conn());
    let got = dump(&other_db.conn());
    assert!(
        expected.get("amounts").is_some_and(|rows| rows.len() > 100),
        "the text import stored too little to compare"
    );
    for (table, rows) in &expected {
        let other = &got[table];
        assert_eq!(
            other.len(),
            rows.len(),
            "{what}: table {table} has {} rows, the text export {}",
            other.len(),
            rows.len()
        );
        for (n, (want, have)) in rows.iter().zip(other).enumerate() {
            assert_eq!(have, want, "{what}: table {table}, row {n}");
        }
    }
}

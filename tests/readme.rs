//! The README and docs/ say true things: every SQL example in them runs on
//! the demo database and agrees with the canned command that answers the
//! same question, and the sample's finding count is what `yusuan check`
//! counts.

mod common;

use common::{stderr_of, stdout_of, Scratch};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn doc(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The README and every page of docs/.
fn documents() -> Vec<(String, String)> {
    let mut documents = vec![("README.md".to_string(), doc("README.md"))];
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    for entry in std::fs::read_dir(docs).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let name = format!("docs/{}", path.file_name().unwrap().to_string_lossy());
            documents.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    documents
}

/// Every SQL example: ```sql blocks, and `yusuan sql "…"` command lines.
fn sql_examples(text: &str) -> Vec<String> {
    let mut examples = Vec::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        match (&mut block, line.trim_start()) {
            (None, "```sql") => block = Some(String::new()),
            (Some(sql), "```") => {
                examples.push(std::mem::take(sql));
                block = None;
            }
            (Some(sql), line) => {
                if !line.starts_with("--") {
                    sql.push_str(line);
                    sql.push('\n');
                }
            }
            (None, line) => {
                if let Some(rest) = line.strip_prefix("yusuan sql \"") {
                    if let Some((sql, _)) = rest.split_once('"') {
                        examples.push(sql.to_string());
                    }
                }
            }
        }
    }
    examples
}

fn demo_db(scratch: &Scratch) -> PathBuf {
    let db = scratch.path("demo.db");
    let output = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("demo")
        .arg("--out")
        .arg(&db)
        .env_remove("YUSUAN_DB")
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    db
}

fn json(db: &Path, args: &[&str]) -> Vec<serde_json::Map<String, Value>> {
    let output = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("--db")
        .arg(db)
        .args(args)
        .args(["--format", "json"])
        .env_remove("YUSUAN_DB")
        .output()
        .unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
    let records: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    records
        .into_iter()
        .map(|r| r.as_object().unwrap().clone())
        .collect()
}

fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// An amount in 分 from an SQL row: a `fen` column, or 万元 as a decimal.
fn fen_of(row: &serde_json::Map<String, Value>) -> Option<i64> {
    if let Some(fen) = row.get("fen").and_then(Value::as_i64) {
        return Some(fen);
    }
    let wan = row.get("万元")?;
    let wan: f64 = match wan {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.parse().ok()?,
        _ => return None,
    };
    Some((wan * 1_000_000.0).round() as i64)
}

#[test]
fn every_sql_example_runs_and_agrees_with_its_command() {
    let scratch = Scratch::new();
    let db = demo_db(&scratch);
    let sangong: BTreeSet<(String, String, i64)> = json(&db, &["sangong"])
        .iter()
        .filter(|r| text(r.get("unit_code")) != "合计")
        .filter_map(|r| {
            let fen = r.get("total_fen")?.as_i64()?;
            Some((text(r.get("unit_code")), text(r.get("year")), fen))
        })
        .collect();
    let mut yoy: BTreeSet<(String, String, String, i64)> = BTreeSet::new();
    for record in json(&db, &["yoy"]) {
        let code = text(record.get("code"));
        if code.is_empty() {
            continue;
        }
        for (key, value) in &record {
            let Some(year) = key.strip_suffix("_fen") else {
                continue;
            };
            if let (true, Some(fen)) = (year.parse::<i32>().is_ok(), value.as_i64()) {
                let unit = text(record.get("unit_code"));
                yoy.insert((unit, year.to_string(), code.clone(), fen));
            }
        }
    }
    assert!(!sangong.is_empty() && !yoy.is_empty());
    let mut compared = BTreeSet::new();
    for (name, text_of_doc) in documents() {
        for sql in sql_examples(&text_of_doc) {
            let rows = json(&db, &["sql", &sql]);
            assert!(!rows.is_empty(), "{name}: no rows from {sql}");
            if sql.contains("三公经费表") {
                let answered: BTreeSet<(String, String, i64)> = rows
                    .iter()
                    .filter_map(|r| {
                        Some((text(r.get("unit_code")), text(r.get("year")), fen_of(r)?))
                    })
                    .collect();
                for row in &sangong {
                    assert!(answered.contains(row), "{name}: {sql}\nmisses {row:?}");
                }
                let unit_years =
                    |set: &BTreeSet<(String, String, i64)>| -> BTreeSet<(String, String)> {
                        set.iter().map(|(u, y, _)| (u.clone(), y.clone())).collect()
                    };
                assert_eq!(unit_years(&answered), unit_years(&sangong), "{name}: {sql}");
                compared.insert("sangong");
            } else if sql.contains("yoy_packs") {
                let answered: BTreeSet<(String, String, String, i64)> = rows
                    .iter()
                    .filter_map(|r| {
                        Some((
                            text(r.get("unit_code")),
                            text(r.get("year")),
                            text(r.get("code")),
                            r.get("fen")?.as_i64()?,
                        ))
                    })
                    .collect();
                for row in &yoy {
                    assert!(answered.contains(row), "{name}: {sql}\nmisses {row:?}");
                }
                compared.insert("yoy");
            }
        }
    }
    assert_eq!(
        compared,
        BTreeSet::from(["sangong", "yoy"]),
        "the README's 三公 and yoy_packs examples were found and compared"
    );
}

#[test]
fn the_sample_finding_count_in_docs_is_what_check_counts() {
    let checks = doc("docs/checks.md");
    let stated: usize = checks
        .split("**")
        .find_map(|part| part.strip_suffix(" findings")?.parse().ok())
        .expect("docs/checks.md states the sample's finding count as **N findings**");
    let scratch = Scratch::new();
    common::import(&scratch, &common::sample());
    let output = scratch
        .yusuan()
        .args(["check", "--format", "csv"])
        .output()
        .unwrap();
    let counted = stdout_of(&output).lines().count() - 1;
    assert_eq!(stated, counted);
}

#[test]
fn the_readme_opens_with_what_yusuan_does_and_the_two_commands() {
    let readme = doc("README.md");
    let first_screen: String = readme.lines().take(24).collect::<Vec<_>>().join("\n");
    assert!(
        first_screen.contains("cargo run --release -- demo"),
        "{first_screen}"
    );
    assert!(first_screen.contains("cargo test"), "{first_screen}");
    assert!(readme.contains("cargo install --path . --locked"));
    assert!(!readme.contains("../shared"), "a clone has no ../shared");
}

#[test]
fn the_license_file_is_the_license_cargo_names() {
    let manifest = doc("Cargo.toml");
    let license = manifest
        .lines()
        .find_map(|l| l.strip_prefix("license = "))
        .map(|l| l.trim_matches('"').to_string())
        .expect("Cargo.toml names a license");
    let text = doc("LICENSE");
    assert!(text.starts_with(&format!("{license} License")), "{license}");
}

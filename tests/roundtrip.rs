//! Generated documents, imported through the binary, give back exactly the
//! figures they were generated from: several units and years, 万元 and 元
//! (with thousands separators), UTF-8, UTF-8 with BOM + CRLF, and GBK.

mod common;

use common::Scratch;
use rusqlite::Connection;
use yusuan_fixture::{
    realistic_unit, render_bytes, unit_roster, AmountUnit, RenderOptions, TextEncoding, UnitSpec,
};

const SEED: u64 = 11;

fn options(
    amount_unit: AmountUnit,
    thousands: bool,
    encoding: TextEncoding,
    crlf: bool,
) -> RenderOptions {
    RenderOptions {
        amount_unit,
        thousands_separators: thousands,
        encoding,
        crlf,
        bookmark: crlf,
    }
}

/// Every way a document reaches an analyst, cycled over the corpus.
fn renderings() -> Vec<RenderOptions> {
    vec![
        options(AmountUnit::Wanyuan, false, TextEncoding::Utf8, false),
        options(AmountUnit::Yuan, true, TextEncoding::Gbk, false),
        options(AmountUnit::Yuan, false, TextEncoding::Utf8Bom, true),
        options(AmountUnit::Wanyuan, true, TextEncoding::Gbk, true),
    ]
}

/// 3 units × 3 years, one file per unit-year, plus one department file
/// holding two more units' sections.
fn corpus(scratch: &Scratch) -> Vec<(UnitSpec, AmountUnit)> {
    let mut written = Vec::new();
    let styles = renderings();
    let mut n = 0;
    for year in 2021..=2023 {
        for (code, name) in unit_roster(3, SEED, year) {
            let spec = realistic_unit(&code, &name, year, SEED);
            let style = styles[n % styles.len()];
            n += 1;
            scratch.write(
                &format!("corpus/{code}-{year}.txt"),
                render_bytes(std::slice::from_ref(&spec), &style),
            );
            written.push((spec, style.amount_unit));
        }
    }
    let department: Vec<UnitSpec> = [("439001", "测试局本级"), ("439002", "测试局所属中心")]
        .iter()
        .map(|(code, name)| realistic_unit(code, name, 2023, SEED))
        .collect();
    let style = options(AmountUnit::Yuan, true, TextEncoding::Utf8Bom, true);
    scratch.write(
        "corpus/department-2023.txt",
        render_bytes(&department, &style),
    );
    written.extend(department.into_iter().map(|spec| (spec, AmountUnit::Yuan)));
    written
}

type Printed = (String, String, Option<i64>, Option<i64>, Option<i64>);

/// What the generator prints for a row: zero is printed blank except on the 合计 row.
fn printed(code: &str, value: i64) -> Option<i64> {
    (code.is_empty() || value != 0).then_some(value)
}

fn stored_rows(
    conn: &Connection,
    unit: &str,
    year: i32,
    table: &str,
    columns: [&str; 3],
) -> Vec<Printed> {
    let sql = "
        SELECT coalesce(l.code, ''), l.name,
               (SELECT fen FROM figures f WHERE f.unit_code = ?1 AND f.year = ?2 AND f.table_kind = ?3
                  AND f.row_no = l.row_no AND f.column_key = ?4),
               (SELECT fen FROM figures f WHERE f.unit_code = ?1 AND f.year = ?2 AND f.table_kind = ?3
                  AND f.row_no = l.row_no AND f.column_key = ?5),
               (SELECT fen FROM figures f WHERE f.unit_code = ?1 AND f.year = ?2 AND f.table_kind = ?3
                  AND f.row_no = l.row_no AND f.column_key = ?6)
        FROM lines l
        JOIN tables t ON t.id = l.table_id
        JOIN disclosures d ON d.id = t.disclosure_id
        WHERE d.unit_code = ?1 AND d.year = ?2 AND t.kind = ?3
        ORDER BY l.row_no";
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map(
        rusqlite::params![unit, year, table, columns[0], columns[1], columns[2]],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn fen(
    conn: &Connection,
    unit: &str,
    year: i32,
    table: &str,
    item: &str,
    column: &str,
) -> Option<i64> {
    conn.query_row(
        "SELECT fen FROM figures WHERE unit_code = ?1 AND year = ?2 AND table_kind = ?3
           AND item = ?4 AND column_key = ?5",
        rusqlite::params![unit, year, table, item, column],
        |r| r.get(0),
    )
    .unwrap_or_else(|e| panic!("{unit} {year} {table} {item} {column}: {e}"))
}

fn check_unit(conn: &Connection, spec: &UnitSpec, unit: AmountUnit) {
    let (code, year) = (spec.code.as_str(), spec.year);
    let (name, stored_unit): (String, String) = conn
        .query_row(
            "SELECT unit_name, amount_unit FROM disclosures WHERE unit_code = ?1 AND year = ?2",
            rusqlite::params![code, year],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), stored_unit.as_str()),
        (spec.name.as_str(), unit.label())
    );

    let function: Vec<Printed> = spec
        .function_rows()
        .into_iter()
        .map(|(c, n, basic, project)| {
            let total = printed(&c, basic + project);
            let (basic, project) = (printed(&c, basic), printed(&c, project));
            (c, n, total, basic, project)
        })
        .collect();
    for table in ["支出总表", "一般公共预算支出表"] {
        let stored = stored_rows(conn, code, year, table, ["合计", "基本支出", "项目支出"]);
        assert_eq!(stored, function, "{code} {year} {table}");
    }
    let income: Vec<Printed> = function
        .iter()
        .map(|(c, n, total, _, _)| (c.clone(), n.clone(), *total, *total, *total))
        .collect();
    let stored = stored_rows(
        conn,
        code,
        year,
        "收入总表",
        ["合计", "本年收入", "财政拨款收入"],
    );
    assert_eq!(stored, income, "{code} {year} 收入总表");

    let economic: Vec<Printed> = spec
        .economic_rows()
        .into_iter()
        .map(|(c, n, personnel, public)| {
            let total = printed(&c, personnel + public);
            let (personnel, public) = (printed(&c, personnel), printed(&c, public));
            (c, n, total, personnel, public)
        })
        .collect();
    let stored = stored_rows(
        conn,
        code,
        year,
        "基本支出表",
        ["合计", "人员经费", "公用经费"],
    );
    assert_eq!(stored, economic, "{code} {year} 基本支出表");

    let s = &spec.sangong;
    for (item, value) in [
        ("小计", s.total_fen()),
        ("因公出国（境）费", s.overseas_fen),
        (
            "公务用车购置及运行维护费",
            s.vehicle_purchase_fen + s.vehicle_operation_fen,
        ),
        ("公务用车购置费", s.vehicle_purchase_fen),
        ("公务用车运行维护费", s.vehicle_operation_fen),
        ("公务接待费", s.reception_fen),
    ] {
        let want = if item == "小计" {
            Some(value)
        } else {
            printed("x", value)
        };
        assert_eq!(
            fen(conn, code, year, "三公经费表", item, "合计"),
            want,
            "{code} {year} {item}"
        );
    }

    let total = Some(spec.total_fen());
    for item in ["本年收入合计", "收入总计", "本年支出合计", "支出总计"] {
        assert_eq!(
            fen(conn, code, year, "收支总表", item, "预算数"),
            total,
            "{code} {year} {item}"
        );
    }
}

#[test]
fn generated_documents_round_trip_exactly() {
    let scratch = Scratch::new();
    let written = corpus(&scratch);
    let output = scratch
        .yusuan()
        .arg("import")
        .arg(scratch.path("corpus"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
    let conn = scratch.conn();
    let stored: i64 = conn
        .query_row("SELECT count(*) FROM disclosures", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored as usize, written.len());
    for (spec, unit) in &written {
        check_unit(&conn, spec, *unit);
    }
    let encodings: Vec<String> = conn
        .prepare("SELECT DISTINCT encoding FROM documents ORDER BY 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(encodings, vec!["GB18030", "UTF-8"]);
}

/// (table, row, side, column, fen, state) of every cell.
type Figure = (String, i64, Option<String>, i64, Option<i64>, String);

fn all_figures(conn: &Connection) -> Vec<Figure> {
    common::tuples(
        conn,
        "SELECT table_kind, row_no, side, position, fen, state FROM figures
         ORDER BY table_kind, row_no, side, position",
    )
}

#[test]
fn the_same_figures_in_yuan_and_in_wanyuan_are_stored_identically() {
    let spec = realistic_unit(
        "434001",
        "区政府办秦皇岛市山海关区人民政府办公室本级",
        2022,
        SEED,
    );
    let mut stored = Vec::new();
    for style in [
        options(AmountUnit::Wanyuan, false, TextEncoding::Utf8, false),
        options(AmountUnit::Yuan, true, TextEncoding::Gbk, true),
        options(AmountUnit::Yuan, false, TextEncoding::Utf8Bom, false),
    ] {
        let scratch = Scratch::new();
        let file = scratch.write("doc.txt", render_bytes(std::slice::from_ref(&spec), &style));
        scratch.yusuan().arg("import").arg(&file).assert().success();
        let figures = all_figures(&scratch.conn());
        assert!(figures.len() > 500, "{}", figures.len());
        stored.push(figures);
    }
    assert_eq!(stored[0], stored[1], "万元 vs 元 with separators");
    assert_eq!(stored[0], stored[2], "万元 vs 元");
}

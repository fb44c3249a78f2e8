//! A 情况说明 published apart from its tables (Jiangsu prints the two as
//! separate PDFs) joins its unit-year's tables in either import order: one
//! disclosure that names both files, whose stated figures are held against
//! the tables, each placed in its own file.

mod common;
mod pdf_writer;

use common::{assert_failed_exit, fixture, stdout_of, tuples, Scratch};
use std::path::{Path, PathBuf};

const TABLES_2018: &str = "JS_江苏省政协办公厅_江苏省政协办公厅2018度部门预算公开表";
const NARRATIVE_2018: &str = "JS_江苏省政协办公厅_江苏省政协办公厅2018年度部门预算";

fn real(stem: &str) -> PathBuf {
    fixture(&format!("pdf/real/{stem}.pdf"))
}

fn import(scratch: &Scratch, files: &[&Path]) -> String {
    let output = scratch.yusuan().arg("import").args(files).output().unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
    stdout_of(&output)
}

/// Each stored disclosure: year, scope, tables file, 情况说明 file (by file
/// name), tables, stated figures.
type Stored = (i64, String, String, String, i64, i64);

fn stored(scratch: &Scratch) -> Vec<Stored> {
    tuples(
        &scratch.conn(),
        "SELECT d.year, d.scope,
                replace(doc.source_path, rtrim(doc.source_path, replace(doc.source_path, '/', '')), ''),
                coalesce(replace(nd.source_path, rtrim(nd.source_path, replace(nd.source_path, '/', '')), ''), ''),
                (SELECT count(*) FROM tables t WHERE t.disclosure_id = d.id),
                (SELECT count(*) FROM stated_figures f WHERE f.disclosure_id = d.id)
         FROM disclosures d JOIN documents doc ON doc.id = d.document_id
         LEFT JOIN documents nd ON nd.id = d.narrative_document_id
         ORDER BY d.year",
    )
}

/// Every finding: rule, severity, table, column, evidence.
fn findings(scratch: &Scratch) -> Vec<(String, String, String, String, String)> {
    tuples(
        &scratch.conn(),
        "SELECT rule, severity, coalesce(table_kind, ''), coalesce(column_key, ''), evidence
         FROM findings ORDER BY rule, evidence",
    )
}

#[test]
fn a_jiangsu_情况说明_and_its_tables_are_one_disclosure_in_either_order() {
    let narrative_first = Scratch::new();
    let waiting = import(&narrative_first, &[&real(NARRATIVE_2018)]);
    assert!(
        waiting.contains("0 张表") && waiting.contains("表格尚未导入"),
        "{waiting}"
    );
    let joined = import(&narrative_first, &[&real(TABLES_2018)]);
    assert!(
        joined.contains("⇄") && joined.contains(NARRATIVE_2018),
        "{joined}"
    );

    let tables_first = Scratch::new();
    import(&tables_first, &[&real(TABLES_2018)]);
    let joined = import(&tables_first, &[&real(NARRATIVE_2018)]);
    assert!(
        joined.contains("⇄") && joined.contains(TABLES_2018),
        "{joined}"
    );

    for scratch in [&narrative_first, &tables_first] {
        let rows = stored(scratch);
        assert_eq!(rows.len(), 1, "{rows:?}");
        let (year, scope, tables_file, narrative_file, tables, figures) = &rows[0];
        assert_eq!(*year, 2018);
        // The 公开表 names no scope; the 情况说明's title page says 部门预算.
        assert_eq!(scope, "部门");
        assert_eq!(tables_file, &format!("{TABLES_2018}.pdf"));
        assert_eq!(narrative_file, &format!("{NARRATIVE_2018}.pdf"));
        assert_eq!(*tables, 10);
        assert!(
            *figures > 50,
            "the 情况说明's figures are stored: {figures}"
        );
        // `docs` lists both files, each holding the one unit-year.
        let docs: Vec<(String, i64)> =
            tuples(&scratch.conn(), "SELECT source_path, 1 FROM documents");
        assert_eq!(docs.len(), 2, "{docs:?}");
    }
    assert_eq!(findings(&narrative_first), findings(&tables_first));
}

#[test]
fn a_folder_of_both_parts_joins_every_year_in_one_import() {
    let scratch = Scratch::new();
    let stems = [
        "JS_江苏省政协办公厅_2017年度部门预算公开表",
        "JS_江苏省政协办公厅_江苏省政协办公厅2017年度部门预算",
        NARRATIVE_2018,
        TABLES_2018,
        "JS_江苏省政协办公厅_江苏省政协办公厅2019年度部门预算",
        "JS_江苏省政协办公厅_江苏省政协办公厅2019年预算公开表",
    ];
    let folder = scratch.path("江苏");
    std::fs::create_dir_all(&folder).unwrap();
    for stem in stems {
        std::fs::copy(real(stem), folder.join(format!("{stem}.pdf"))).unwrap();
    }
    import(&scratch, &[&folder]);
    let rows = stored(&scratch);
    let years: Vec<i64> = rows.iter().map(|r| r.0).collect();
    assert_eq!(years, [2017, 2018, 2019], "{rows:?}");
    for (year, _, tables_file, narrative_file, tables, figures) in &rows {
        assert!(tables_file.contains("公开表"), "{year}: {tables_file}");
        assert!(
            narrative_file.ends_with("部门预算.pdf") && !narrative_file.contains("公开表"),
            "{year}: {narrative_file}"
        );
        assert_eq!(*tables, 10, "{year}");
        assert!(*figures > 50, "{year}: {figures}");
    }
    // Held against the tables, the 情况说明 of all three years agree with
    // them. What is left is what the documents lack: the 国有资本经营 table
    // Jiangsu does not publish, and sections the 情况说明 do not have (2017
    // says nothing of 绩效 or 国有资产 — its only 绩效 is 绩效工资 — and 2018
    // nothing of 国有资产).
    let found: Vec<(i64, String, String)> = tuples(
        &scratch.conn(),
        "SELECT d.year, f.rule, f.message FROM findings f JOIN disclosures d ON d.id = f.disclosure_id
         ORDER BY 1, 2",
    );
    let expected: Vec<(i64, &str, &str)> = vec![
        (
            2017,
            "completeness.narrative",
            "情况说明缺少：绩效、国有资产 (narrative sections missing)",
        ),
        (
            2017,
            "completeness.table",
            "缺少国有资本经营支出表 (standard table missing)",
        ),
        (
            2018,
            "completeness.narrative",
            "情况说明缺少：国有资产 (narrative sections missing)",
        ),
        (
            2018,
            "completeness.table",
            "缺少国有资本经营支出表 (standard table missing)",
        ),
        (
            2019,
            "completeness.table",
            "缺少国有资本经营支出表 (standard table missing)",
        ),
    ];
    let expected: Vec<(i64, String, String)> = expected
        .into_iter()
        .map(|(y, r, m)| (y, r.to_string(), m.to_string()))
        .collect();
    assert_eq!(found, expected);
}

/// The tables as a web page (one 收支预算总表, 万元), and the 情况说明 of the
/// same office and year as a PDF of its own: the two parts need not share
/// a format.
fn pair(scratch: &Scratch, stated_total: &str) -> (PathBuf, PathBuf) {
    let tables = scratch.write(
        "江苏省测试厅2018年度部门预算公开表.html",
        "<html><body>\n<p>江苏省测试厅2018年度部门预算公开表</p>\n\
         <p>收支预算总表</p>\n<p>部门：江苏省测试厅          单位：万元</p>\n<table>\n\
         <tr><td colspan=\"2\">收入</td><td colspan=\"2\">支出</td></tr>\n\
         <tr><td>项目</td><td>预算数</td><td>项目</td><td>预算数</td></tr>\n\
         <tr><td>一、财政拨款</td><td>1,234.56</td><td>一、一般公共服务支出</td><td>1,234.56</td></tr>\n\
         <tr><td>收入合计</td><td>1,234.56</td><td>支出合计</td><td>1,234.56</td></tr>\n\
         </table>\n</body></html>\n",
    );
    let lines = [
        "江苏省测试厅2018年度部门预算".to_string(),
        "第三部分 2018年度部门预算情况说明".to_string(),
        "一、收支预算总体情况说明".to_string(),
        format!("江苏省测试厅2018年度收入、支出预算总计{stated_total}万元。"),
    ];
    let mut page = pdf_writer::Page::a4_portrait();
    for (i, line) in lines.iter().enumerate() {
        page.text(60.0, 100.0 + 40.0 * i as f32, 12.0, line);
    }
    let mut pdf = pdf_writer::Document::new();
    pdf.push(page);
    let narrative = scratch.write("情况说明.pdf", pdf.into_bytes());
    (tables, narrative)
}

#[test]
fn the_stated_figures_are_held_against_the_tables_of_the_other_file() {
    let scratch = Scratch::new();
    let (tables, narrative) = pair(&scratch, "1,334.56");
    import(&scratch, &[&narrative]);
    import(&scratch, &[&tables]);
    let stated: Vec<(String, String, String, String, String)> = findings(&scratch)
        .into_iter()
        .filter(|f| f.0.starts_with("narrative."))
        .collect();
    assert!(!stated.is_empty(), "{:?}", findings(&scratch));
    for (rule, severity, _, _, evidence) in &stated {
        assert_eq!(severity, "error", "{rule}: {evidence}");
        // Placed in the 情况说明's own file, with the figures in their units.
        assert!(evidence.contains("《情况说明.pdf》第"), "{evidence}");
        assert!(
            evidence.contains("1,334.56万元") && evidence.contains("1234.56 万元"),
            "{evidence}"
        );
    }

    // Stated as the tables print it, the same pair has nothing to say.
    let agreeing = Scratch::new();
    let (tables, narrative) = pair(&agreeing, "1,234.56");
    import(&agreeing, &[&tables]);
    import(&agreeing, &[&narrative]);
    let rules: Vec<String> = findings(&agreeing).into_iter().map(|f| f.0).collect();
    assert!(
        rules.iter().all(|r| !r.starts_with("narrative.")),
        "{rules:?}"
    );
}

#[test]
fn a_second_情况说明_replaces_the_first_only_when_asked() {
    let scratch = Scratch::new();
    let (tables, narrative) = pair(&scratch, "1,234.56");
    import(&scratch, &[&tables, &narrative]);
    // The same office's 情况说明 again, with another figure: other bytes.
    let other = scratch.write(
        "情况说明（更正）.pdf",
        std::fs::read(pair(&Scratch::new(), "1,234.57").1).unwrap(),
    );
    let before = scratch.db_bytes();
    let output = scratch.yusuan().arg("import").arg(&other).output().unwrap();
    assert_failed_exit(&output);
    let message = common::stderr_of(&output);
    assert!(
        message.contains("情况说明.pdf") && message.contains("--replace"),
        "{message}"
    );
    assert_eq!(scratch.db_bytes(), before, "a refused file changes nothing");

    let output = scratch
        .yusuan()
        .args(["import", "--replace"])
        .arg(&other)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
    let rows = stored(&scratch);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].3, "情况说明（更正）.pdf");
    // The replaced 情况说明's file is no longer listed.
    let files: Vec<(String,)> = tuples(&scratch.conn(), "SELECT source_path FROM documents");
    assert!(
        files.iter().all(|(f,)| !f.ends_with("/情况说明.pdf")),
        "{files:?}"
    );
}

#[test]
fn a_part_whose_partner_file_moved_is_refused_by_name_and_nothing_changes() {
    let scratch = Scratch::new();
    let (tables, narrative) = pair(&scratch, "1,234.56");
    import(&scratch, &[&narrative]);
    let bytes = std::fs::read(&narrative).unwrap();
    std::fs::remove_file(&narrative).unwrap();
    let before = scratch.db_bytes();
    let output = scratch
        .yusuan()
        .arg("import")
        .arg(&tables)
        .output()
        .unwrap();
    assert_failed_exit(&output);
    let message = common::stderr_of(&output);
    assert!(
        message.contains(&narrative.display().to_string())
            && message.contains("gone or has changed"),
        "{message}"
    );
    assert_eq!(scratch.db_bytes(), before);

    // Imported again from where it is now, the 情况说明 is the same bytes:
    // nothing is stored twice, its path follows the file, and the tables join.
    let moved = scratch.write("归档/情况说明.pdf", bytes);
    let again = import(&scratch, &[&moved]);
    assert!(
        again.contains("is gone: its path is now this one"),
        "{again}"
    );
    let joined = import(&scratch, &[&tables]);
    assert!(joined.contains("⇄") && joined.contains("归档"), "{joined}");
}

//! An office renamed between years (or printed differently) is made one
//! unit with `yusuan units --alias OLD NEW` or an alias file: what is stored
//! under OLD moves to NEW, later imports of OLD land there, and every
//! question sees one unit across the years.

mod common;

use common::{assert_failed_exit, stdout_of, tuples, Scratch};
use std::path::PathBuf;

/// A web page of one office's 收支预算总表 for a year, in 万元.
fn tables(scratch: &Scratch, office: &str, year: i32, total: &str) -> PathBuf {
    scratch.write(
        &format!("{office}{year}年度部门预算公开表.html"),
        format!(
            "<html><body>\n<p>{office}{year}年度部门预算公开表</p>\n\
             <p>收支预算总表</p>\n<p>部门：{office}          单位：万元</p>\n<table>\n\
             <tr><td colspan=\"2\">收入</td><td colspan=\"2\">支出</td></tr>\n\
             <tr><td>项目</td><td>预算数</td><td>项目</td><td>预算数</td></tr>\n\
             <tr><td>一、财政拨款</td><td>{total}</td><td>一、一般公共服务支出</td><td>{total}</td></tr>\n\
             <tr><td>收入合计</td><td>{total}</td><td>支出合计</td><td>{total}</td></tr>\n\
             </table>\n</body></html>\n"
        ),
    )
}

fn run(scratch: &Scratch, args: &[&str]) -> String {
    let output = scratch.yusuan().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        common::stderr_of(&output)
    );
    stdout_of(&output)
}

/// (unit_code, year) of every stored disclosure.
fn stored(scratch: &Scratch) -> Vec<(String, i64)> {
    tuples(
        &scratch.conn(),
        "SELECT unit_code, year FROM disclosures ORDER BY year",
    )
}

#[test]
fn a_renamed_office_is_one_unit_across_the_years() {
    let scratch = Scratch::new();
    let old = tables(&scratch, "江苏省测试厅", 2018, "1,234.56");
    let new = tables(&scratch, "江苏省测验厅", 2019, "1,334.56");
    run(
        &scratch,
        &["import", old.to_str().unwrap(), new.to_str().unwrap()],
    );
    assert_eq!(
        stored(&scratch),
        [("江苏省测试厅".into(), 2018), ("江苏省测验厅".into(), 2019)]
    );

    // Names as printed; spaces and bracket styles do not matter.
    let said = run(
        &scratch,
        &["units", "--alias", "江苏省 测试厅", "江苏省测验厅"],
    );
    assert!(
        said.contains("江苏省测试厅 → 江苏省测验厅") && said.contains("1 stored"),
        "{said}"
    );
    assert_eq!(
        stored(&scratch),
        [("江苏省测验厅".into(), 2018), ("江苏省测验厅".into(), 2019)]
    );
    // One unit for every question: `units` lists both years under it.
    let units = run(
        &scratch,
        &["units", "--unit", "江苏省测验厅", "--format", "csv"],
    );
    let years: Vec<&str> = units
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("江苏省测验厅,"))
        .collect();
    assert_eq!(years.len(), 2, "{units}");

    // A later import under the old name lands on the unit it now means.
    let late = tables(&scratch, "江苏省测试厅", 2020, "1,434.56");
    run(&scratch, &["import", late.to_str().unwrap()]);
    assert_eq!(
        stored(&scratch).last(),
        Some(&("江苏省测验厅".into(), 2020))
    );

    let listed = run(&scratch, &["units", "--aliases", "--format", "csv"]);
    assert!(listed.contains("江苏省测试厅,江苏省测验厅"), "{listed}");
}

#[test]
fn two_units_with_the_same_year_are_not_merged_and_nothing_changes() {
    let scratch = Scratch::new();
    let a = tables(&scratch, "江苏省测试厅", 2018, "1,234.56");
    let b = tables(&scratch, "江苏省测验厅", 2018, "1,334.56");
    run(
        &scratch,
        &["import", a.to_str().unwrap(), b.to_str().unwrap()],
    );
    let before = scratch.db_bytes();
    let output = scratch
        .yusuan()
        .args(["units", "--alias", "江苏省测试厅", "江苏省测验厅"])
        .output()
        .unwrap();
    assert_failed_exit(&output);
    let message = common::stderr_of(&output);
    assert!(
        message.contains("2018 预算") && message.contains("cannot be made one unit"),
        "{message}"
    );
    assert_eq!(scratch.db_bytes(), before);

    let same = scratch
        .yusuan()
        .args(["units", "--alias", "江苏省测试厅", "江苏省测试厅"])
        .output()
        .unwrap();
    assert_failed_exit(&same);
}

#[test]
fn an_alias_file_renames_in_order_and_chains_resolve() {
    let scratch = Scratch::new();
    for (office, year) in [("甲局", 2017), ("乙局", 2018), ("丙局", 2019)] {
        let file = tables(&scratch, &format!("江苏省{office}"), year, "10.00");
        run(&scratch, &["import", file.to_str().unwrap()]);
    }
    let file = scratch.write(
        "aliases.csv",
        "old,new\n江苏省甲局,江苏省乙局\n\n江苏省乙局,江苏省丙局\n",
    );
    run(&scratch, &["units", "--alias-file", file.to_str().unwrap()]);
    let codes: Vec<String> = stored(&scratch).into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes, ["江苏省丙局"; 3]);
    // 甲局 pointed at 乙局, which now points at 丙局: both mean 丙局.
    let aliases: Vec<(String, String)> = tuples(
        &scratch.conn(),
        "SELECT alias, code FROM unit_aliases ORDER BY alias",
    );
    assert!(
        aliases.iter().all(|(_, code)| code == "江苏省丙局"),
        "{aliases:?}"
    );

    let bad = scratch.write("bad.csv", "江苏省甲局\n");
    let output = scratch
        .yusuan()
        .args(["units", "--alias-file", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_failed_exit(&output);
    assert!(
        common::stderr_of(&output).contains("bad.csv"),
        "{}",
        common::stderr_of(&output)
    );
}

//! The national template (财政部's 部门/单位预算 and 决算 tables) lands the same
//! whatever reader brought it: here the hand-checked tables of real PDFs
//! (tests/fixtures/pdf/expected/) are laid out as a web page, with the
//! 编制部门 and 单位 lines the documents print, and imported through the
//! binary. Every figure checked is one the page prints.

mod common;

use common::Scratch;
use std::fmt::Write;

/// One cell of the golden notation: text, columns spanned, continues the
/// cell above.
struct Cell {
    text: String,
    span: usize,
    continues: bool,
}

fn cell(notation: &str) -> Cell {
    if let Some(n) = notation.strip_prefix('^') {
        return Cell {
            text: String::new(),
            span: n.parse().unwrap_or(1),
            continues: true,
        };
    }
    if let (Some(open), true) = (notation.rfind('<'), notation.ends_with('>')) {
        if let Ok(span) = notation[open + 1..notation.len() - 1].parse() {
            return Cell {
                text: notation[..open].to_string(),
                span,
                continues: false,
            };
        }
    }
    Cell {
        text: notation.to_string(),
        span: 1,
        continues: false,
    }
}

/// A golden file's tables, each with its title.
fn tables(golden: &str) -> Vec<(String, Vec<Vec<Cell>>)> {
    let mut out: Vec<(String, Vec<Vec<Cell>>)> = Vec::new();
    for line in golden.lines() {
        if line.starts_with("# ") || line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("## ") {
            let title = rest.split_once(": ").map_or(rest, |(_, t)| t);
            out.push((title.to_string(), Vec::new()));
        } else if let Some((_, rows)) = out.last_mut() {
            rows.push(line.split('|').map(cell).collect());
        }
    }
    out
}

/// A table as HTML: a cell continued below gets a rowspan, the cells that
/// continue it are left out, as a browser expects.
fn html_table(rows: &[Vec<Cell>]) -> String {
    let starts = |row: &[Cell]| -> Vec<usize> {
        let mut at = 0;
        row.iter()
            .map(|c| {
                let start = at;
                at += c.span;
                start
            })
            .collect()
    };
    let mut html = String::from("<table>\n");
    for (r, row) in rows.iter().enumerate() {
        html.push_str("<tr>");
        for (cell, start) in row.iter().zip(starts(row)) {
            if cell.continues {
                continue;
            }
            let below = rows[r + 1..]
                .iter()
                .take_while(|lower| {
                    lower
                        .iter()
                        .zip(starts(lower))
                        .any(|(c, s)| s == start && c.continues)
                })
                .count();
            write!(
                html,
                "<td colspan=\"{}\" rowspan=\"{}\">",
                cell.span,
                below + 1
            )
            .unwrap();
            html.push_str(&cell.text);
            html.push_str("</td>");
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
    html
}

/// The page a publisher could have put online: title, 编制部门 line with the
/// table's unit, table.
fn page(golden: &str, publisher: &str, unit_of: impl Fn(&str) -> &'static str) -> String {
    let mut html = String::from("<html><body>\n");
    for (title, rows) in tables(golden) {
        write!(
            html,
            "<p>{title}</p>\n<p>{publisher}          单位：{}</p>\n",
            unit_of(&title)
        )
        .unwrap();
        html.push_str(&html_table(&rows));
    }
    html.push_str("</body></html>\n");
    html
}

fn golden(name: &str) -> String {
    std::fs::read_to_string(common::fixture(&format!("pdf/expected/{name}.txt"))).unwrap()
}

fn one<T: rusqlite::types::FromSql>(scratch: &Scratch, sql: &str) -> T {
    scratch.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_shanghai_department_budget_lands_with_its_unit_year_stage_and_scope() {
    let scratch = Scratch::new();
    let html = page(
        &golden("SH-Putuo_司法局_2026_部门预算"),
        "编制部门：上海市普陀区司法局",
        |title| {
            if title.contains("三公") {
                "万元"
            } else {
                "元"
            }
        },
    );
    let file = scratch.write("司法局2026部门预算.html", html);
    let output = scratch.yusuan().arg("import").arg(&file).output().unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));

    let (code, name, year, stage, scope): (String, String, i64, String, String) = scratch
        .conn()
        .query_row(
            "SELECT unit_code, unit_name, year, stage, scope FROM disclosures",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (
            code.as_str(),
            name.as_str(),
            year,
            stage.as_str(),
            scope.as_str()
        ),
        (
            "上海市普陀区司法局",
            "上海市普陀区司法局",
            2026,
            "预算",
            "部门"
        )
    );
    // 收入总计 of the 财务收支预算总表: 96,282,213.44 元.
    let total: i64 = one(
        &scratch,
        "SELECT fen FROM figures WHERE table_kind = '收支总表' AND item = '收入总计'",
    );
    assert_eq!(total, 9_628_221_344);
    // 204 06 01 行政运行 in the 支出预算总表: 合计 16,726,725.44, 基本支出 the same.
    let row: (i64, i64) = scratch
        .conn()
        .query_row(
            "SELECT max(CASE WHEN column_key = '合计' THEN fen END),
                    max(CASE WHEN column_key = '基本支出' THEN fen END)
             FROM figures WHERE table_kind = '支出总表' AND code = '2040601'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(row, (1_672_672_544, 1_672_672_544));
    // The 三公 table prints its items as columns, in 万元: 10.81 in all, 9.98
    // for 公务用车 运行费, 217.83 机关运行经费.
    let sangong: Vec<(String, i64)> = common::tuples(
        &scratch.conn(),
        "SELECT item, fen FROM figures WHERE table_kind = '三公经费表' AND fen IS NOT NULL ORDER BY row_no",
    );
    assert!(
        sangong.contains(&("小计".to_string(), 10_810_000)),
        "{sangong:?}"
    );
    assert!(sangong.contains(&("公务用车运行维护费".to_string(), 9_980_000)));
    assert!(sangong.contains(&("机关运行经费".to_string(), 217_830_000)));
    let published_unit: String = one(
        &scratch,
        "SELECT DISTINCT published_unit FROM figures WHERE table_kind = '三公经费表'",
    );
    assert_eq!(published_unit, "万元");
}

#[test]
fn jiangsu_tables_with_whole_codes_and_a_second_expenditure_group() {
    let scratch = Scratch::new();
    let html = page(
        &golden("JS_江苏省政协办公厅_江苏省政协办公厅2019年预算公开表"),
        "部门：江苏省政协办公厅",
        |_| "万元",
    );
    let file = scratch.write("江苏省政协办公厅2019年预算公开表.html", html);
    let output = scratch.yusuan().arg("import").arg(&file).output().unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
    let (name, year): (String, i64) = scratch
        .conn()
        .query_row("SELECT unit_name, year FROM disclosures", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((name.as_str(), year), ("江苏省政协办公厅", 2019));
    // 财政拨款支出预算表（功能科目）: 2010201 行政运行 5,223.22 万元.
    let fen: i64 = one(
        &scratch,
        "SELECT fen FROM figures WHERE table_kind = '财政拨款支出表' AND code = '2010201' AND column_key = '合计'",
    );
    assert_eq!(fen, 5_223_220_000);
    // The 收支预算总表's 支出用途 group: 一、基本支出 6,522.75 beside the
    // 功能分类 line of the same row.
    let basic: i64 = one(
        &scratch,
        "SELECT fen FROM figures WHERE table_kind = '收支总表' AND item = '基本支出' AND fen IS NOT NULL",
    );
    assert_eq!(basic, 6_522_750_000);
    // 三公 as columns, with 会议费 and 培训费 beside them: 三公 小计 660.10,
    // the table's 合计 (会议费 and 培训费 included) 2,224.43.
    let sangong: Vec<(String, i64)> = common::tuples(
        &scratch.conn(),
        "SELECT item, fen FROM figures WHERE table_kind = '三公经费表' AND fen IS NOT NULL",
    );
    assert!(
        sangong.contains(&("小计".to_string(), 660_100_000)),
        "{sangong:?}"
    );
    assert!(sangong.contains(&("合计".to_string(), 2_224_430_000)));
}

#[test]
fn final_accounts_are_stored_as_such_with_budget_and_actual_三公() {
    let scratch = Scratch::new();
    let html = page(
        &golden("SH-Putuo_财政局_2024_部门决算"),
        "编制部门：上海市普陀区财政局",
        |_| "万元",
    );
    let file = scratch.write("上海市普陀区财政局2024年度部门决算.html", html);
    let output = scratch.yusuan().arg("import").arg(&file).output().unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
    let stage: String = one(&scratch, "SELECT stage FROM disclosures");
    assert_eq!(stage, "决算");
    // 收入决算表 合计: 本年收入合计 2,946.25 万元 (its 类/款/项 labels share the row).
    let total: i64 = one(
        &scratch,
        "SELECT fen FROM figures WHERE table_kind = '收入总表' AND item = '合计' AND column_key = '本年收入合计'",
    );
    assert_eq!(total, 2_946_250_000);
    // 基本支出决算表 printed in two halves: 30201 办公费 21.21 in the right half.
    let office: i64 = one(
        &scratch,
        "SELECT fen FROM figures WHERE table_kind = '基本支出表' AND code = '30201' AND fen IS NOT NULL",
    );
    assert_eq!(office, 21_210_000);
    // 三公 决算: 预算数 0.95 for the 合计, 决算数 0.95 for 公务接待费.
    let pairs: Vec<(String, String, i64)> = common::tuples(
        &scratch.conn(),
        "SELECT item, column_key, fen FROM figures WHERE table_kind = '三公经费表' AND fen IS NOT NULL",
    );
    assert!(
        pairs.contains(&("小计".into(), "预算数".into(), 950_000)),
        "{pairs:?}"
    );
}

#[test]
fn a_department_and_a_unit_budget_of_one_office_are_both_stored() {
    let scratch = Scratch::new();
    for (name, publisher) in [
        (
            "SH-Putuo_司法局_2026_部门预算",
            "编制部门：上海市普陀区司法局",
        ),
        (
            "SH-Putuo_区政府办公室_2025_单位预算",
            "编制单位：上海市普陀区人民政府办公室",
        ),
    ] {
        let html = page(&golden(name), publisher, |t| {
            if t.contains("三公") {
                "万元"
            } else {
                "元"
            }
        });
        let file = scratch.write(&format!("{name}.html"), html);
        let output = scratch.yusuan().arg("import").arg(&file).output().unwrap();
        assert!(output.status.success(), "{}", common::stderr_of(&output));
    }
    let scopes: Vec<(String, String)> = common::tuples(
        &scratch.conn(),
        "SELECT unit_name, scope FROM disclosures ORDER BY unit_name",
    );
    assert_eq!(
        scopes,
        [
            ("上海市普陀区人民政府办公室".to_string(), "单位".to_string()),
            ("上海市普陀区司法局".to_string(), "部门".to_string())
        ]
    );
}

fn import_page(scratch: &Scratch, stem: &str, publisher: &str, file: &str) {
    let html = page(&golden(stem), publisher, |title| {
        // The 决算 prints 万元 throughout; the budgets 元 but in the 三公 table.
        if title.contains("三公") || stem.contains("决算") {
            "万元"
        } else {
            "元"
        }
    });
    let path = scratch.write(file, html);
    let output = scratch.yusuan().arg("import").arg(&path).output().unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
}

#[test]
fn questions_read_the_department_document_and_say_so_unless_scope_chooses() {
    let scratch = Scratch::new();
    import_page(
        &scratch,
        "SH-Putuo_司法局_2026_部门预算",
        "编制部门：上海市普陀区司法局",
        "上海市普陀区司法局2026年部门预算.html",
    );
    import_page(
        &scratch,
        "SH-Putuo_司法局_2026_单位预算",
        "编制单位：上海市普陀区司法局",
        "上海市普陀区司法局2026年单位预算.html",
    );
    let sangong = |extra: &[&str]| {
        let output = scratch
            .yusuan()
            .args(["sangong", "--format", "csv"])
            .args(extra)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", common::stderr_of(&output));
        output
    };
    // The 部门 table prints 10.81 in all, the 单位 table 10.71.
    let chosen = sangong(&[]);
    assert!(common::stdout_of(&chosen).contains("上海市普陀区司法局,上海市普陀区司法局,2026,10.81"));
    assert!(
        common::stderr_of(&chosen).contains("--scope 单位"),
        "{}",
        common::stderr_of(&chosen)
    );
    let unit = sangong(&["--scope", "单位"]);
    assert!(
        common::stdout_of(&unit).contains(",2026,10.71"),
        "{}",
        common::stdout_of(&unit)
    );
    assert!(!common::stderr_of(&unit).contains("注意"));
    let department = sangong(&["--scope", "部门"]);
    assert_eq!(common::stdout_of(&department), common::stdout_of(&chosen));
}

#[test]
fn show_reads_one_document_of_the_year_and_says_which() {
    let scratch = Scratch::new();
    import_page(
        &scratch,
        "SH-Putuo_司法局_2026_部门预算",
        "编制部门：上海市普陀区司法局",
        "上海市普陀区司法局2026年部门预算.html",
    );
    import_page(
        &scratch,
        "SH-Putuo_司法局_2026_单位预算",
        "编制单位：上海市普陀区司法局",
        "上海市普陀区司法局2026年单位预算.html",
    );
    let show = |extra: &[&str]| {
        scratch
            .yusuan()
            .args(["show", "司法局", "2026", "tables", "--format", "csv"])
            .args(extra)
            .output()
            .unwrap()
    };
    // The 三公 table's total: 10.81 in the 部门 document, 10.71 in the 单位 one.
    let sangong_total = |output: &std::process::Output| -> Vec<String> {
        assert!(output.status.success(), "{}", common::stderr_of(output));
        let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
        let headers = reader.headers().unwrap().clone();
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (kind, raw) = (column("table_kind"), column("raw"));
        reader
            .records()
            .map(Result::unwrap)
            .filter(|r| &r[kind] == "三公经费表" && ["10.81", "10.71"].contains(&&r[raw]))
            .map(|r| r[raw].to_string())
            .collect()
    };
    let chosen = show(&[]);
    assert_eq!(sangong_total(&chosen), ["10.81"]);
    assert!(
        common::stderr_of(&chosen).contains("此处用部门的"),
        "{}",
        common::stderr_of(&chosen)
    );
    let department = show(&["--scope", "部门"]);
    assert_eq!(common::stdout_of(&department), common::stdout_of(&chosen));
    assert!(!common::stderr_of(&department).contains("注意"));
    let unit = show(&["--scope", "单位"]);
    assert_eq!(sangong_total(&unit), ["10.71"]);
    // The overview says which document it is.
    let overview = scratch
        .yusuan()
        .args(["show", "司法局", "2026", "--scope", "单位"])
        .output()
        .unwrap();
    assert!(common::stdout_of(&overview).contains("2026 年 单位预算 概览"));
    // No 决算 is stored: refused, naming what is.
    let refused = show(&["--stage", "决算"]);
    assert!(!refused.status.success());
    common::assert_contains_all(
        &common::stderr_of(&refused),
        &["没有决算", "部门预算", "单位预算"],
    );
}

#[test]
fn show_takes_the_final_accounts_when_they_are_all_the_year_has() {
    let scratch = Scratch::new();
    import_page(
        &scratch,
        "SH-Putuo_财政局_2024_部门决算",
        "编制部门：上海市普陀区财政局",
        "上海市普陀区财政局2024年度部门决算.html",
    );
    let output = scratch
        .yusuan()
        .args(["show", "财政局", "2024"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
    assert!(common::stdout_of(&output).contains("2024 年 部门决算 概览"));
    assert!(!common::stderr_of(&output).contains("注意"));
    let budget = scratch
        .yusuan()
        .args(["show", "财政局", "2024", "--stage", "预算"])
        .output()
        .unwrap();
    assert!(!budget.status.success());
    assert!(common::stderr_of(&budget).contains("没有预算"));
}

#[test]
fn final_accounts_answer_with_stage_决算_and_read_their_actuals() {
    let scratch = Scratch::new();
    import_page(
        &scratch,
        "SH-Putuo_财政局_2024_部门决算",
        "编制部门：上海市普陀区财政局",
        "上海市普陀区财政局2024年度部门决算.html",
    );
    // A budget question finds nothing: the document is a 决算.
    let budget = scratch
        .yusuan()
        .args(["sangong", "--format", "csv"])
        .output()
        .unwrap();
    assert!(!common::stdout_of(&budget).contains("2024"));
    // 三公 决算: the table prints 预算数 0.95 and 决算数 0.00 (blank) in all;
    // the actual is the answer.
    let output = scratch
        .yusuan()
        .args(["sangong", "--stage", "决算", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
    assert!(
        common::stdout_of(&output).contains("上海市普陀区财政局,上海市普陀区财政局,2024,0.00"),
        "{}",
        common::stdout_of(&output)
    );
    // yoy on actuals: the 基本支出决算表 (printed in two halves), 301
    // 工资福利支出 2,082.85 万元.
    let output = scratch
        .yusuan()
        .args([
            "yoy", "--stage", "决算", "--by", "economic", "--format", "csv",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
    assert!(
        common::stdout_of(&output).contains("301,工资福利支出,2082.85"),
        "{}",
        common::stdout_of(&output)
    );
}

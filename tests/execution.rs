//! `yusuan execution` and the cross_stage audit through the binary: a
//! generated 预算/决算 pair of known figures (written as national-template
//! web pages), and the real 决算 of 上海市普陀区财政局, whose 预算 is not there.

mod common;

use common::Scratch;

/// A national-template page: each table under its title and 编制部门 line,
/// amounts in 万元.
fn page(tables: &[(&str, &[&[&str]])]) -> String {
    let mut html = String::from("<html><body>\n");
    for (title, rows) in tables {
        html.push_str(&format!(
            "<p>{title}</p>\n<p>编制部门：上海市测试局          单位：万元</p>\n<table>\n"
        ));
        for row in *rows {
            html.push_str("<tr>");
            for cell in *row {
                html.push_str(&format!("<td>{cell}</td>"));
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</table>\n");
    }
    html.push_str("</body></html>\n");
    html
}

const FUNCTION_HEADER: &[&str] = &[
    "功能分类科目编码",
    "功能分类科目名称",
    "合计",
    "基本支出",
    "项目支出",
];

/// The 预算: 2010101 200, 2010102 100, 2080505 50 (the 决算 has none).
fn budget_page() -> String {
    page(&[
        (
            "2023年部门支出预算总表",
            &[
                FUNCTION_HEADER,
                &["201", "一般公共服务支出", "300.00", "200.00", "100.00"],
                &["20101", "人大事务", "300.00", "200.00", "100.00"],
                &["2010101", "行政运行", "200.00", "200.00", ""],
                &["2010102", "一般行政管理事务", "100.00", "", "100.00"],
                &["208", "社会保障和就业支出", "50.00", "50.00", ""],
                &["20805", "行政事业单位养老支出", "50.00", "50.00", ""],
                &[
                    "2080505",
                    "机关事业单位基本养老保险缴费支出",
                    "50.00",
                    "50.00",
                    "",
                ],
                &["合计", "", "350.00", "250.00", "100.00"],
            ],
        ),
        (
            "2023年部门一般公共预算支出功能分类预算表",
            &[
                FUNCTION_HEADER,
                &["201", "一般公共服务支出", "280.00", "180.00", "100.00"],
                &["20101", "人大事务", "280.00", "180.00", "100.00"],
                &["2010101", "行政运行", "180.00", "180.00", ""],
                &["2010102", "一般行政管理事务", "100.00", "", "100.00"],
                &["合计", "", "280.00", "180.00", "100.00"],
            ],
        ),
    ])
}

/// The 决算: 2010101 190 (95%), 2010102 80 (80%), 2120101 20 (no budget);
/// its 一般公共预算 table prints 年初预算数 (2010102's `start` given) and
/// 全年预算数.
fn final_page(start: &str) -> String {
    page(&[
        (
            "支出决算表",
            &[
                &[
                    "科目编码",
                    "科目名称",
                    "本年支出合计",
                    "基本支出",
                    "项目支出",
                ],
                &["201", "一般公共服务支出", "270.00", "190.00", "80.00"],
                &["20101", "人大事务", "270.00", "190.00", "80.00"],
                &["2010101", "行政运行", "190.00", "190.00", ""],
                &["2010102", "一般行政管理事务", "80.00", "", "80.00"],
                &["212", "城乡社区支出", "20.00", "", "20.00"],
                &["21201", "城乡社区管理事务", "20.00", "", "20.00"],
                &["2120101", "行政运行", "20.00", "", "20.00"],
                &["合计", "", "290.00", "190.00", "100.00"],
            ],
        ),
        (
            "一般公共预算财政拨款支出决算表",
            &[
                &["科目编码", "科目名称", "年初预算数", "全年预算数", "决算数"],
                &["201", "一般公共服务支出", "280.00", "300.00", "270.00"],
                &["20101", "人大事务", "280.00", "300.00", "270.00"],
                &["2010101", "行政运行", "180.00", "200.00", "190.00"],
                &["2010102", "一般行政管理事务", start, "100.00", "80.00"],
                &["合计", "", "280.00", "300.00", "270.00"],
            ],
        ),
    ])
}

fn import(scratch: &Scratch, name: &str, html: String) {
    let path = scratch.write(name, html);
    let output = scratch.yusuan().arg("import").arg(&path).output().unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
}

fn execution(scratch: &Scratch, args: &[&str]) -> (String, String) {
    let output = scratch
        .yusuan()
        .arg("execution")
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
    (common::stdout_of(&output), common::stderr_of(&output))
}

/// The CSV row of `code` (the 合计 row for "").
fn row<'a>(csv: &'a str, code: &str) -> Vec<&'a str> {
    csv.lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|cells| {
            cells.get(4) == Some(&code) && (!code.is_empty() || cells.get(5) == Some(&"合计"))
        })
        .unwrap_or_else(|| panic!("no row {code} in\n{csv}"))
}

#[test]
fn a_budget_and_its_final_accounts_give_each_lines_rate() {
    let scratch = Scratch::new();
    import(
        &scratch,
        "上海市测试局2023年度部门决算.html",
        final_page("100.00"),
    );
    import(&scratch, "上海市测试局2023年部门预算.html", budget_page());
    let (csv, _) = execution(&scratch, &["--level", "项", "--format", "csv"]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    // Amount headers carry their unit (budget_万元).
    let at = |name: &str| {
        header
            .iter()
            .position(|h| {
                *h == name
                    || h.strip_prefix(name)
                        .is_some_and(|u| u.starts_with('_') && !u[1..].contains('_'))
            })
            .unwrap()
    };
    let running = row(&csv, "2010101");
    assert_eq!(running[at("budget")], "200.00");
    assert_eq!(running[at("actual")], "190.00");
    assert_eq!(running[at("difference")], "-10.00");
    assert_eq!(running[at("rate")], "95.00");
    // The 决算's own columns: 年初 180, 全年 200; its 决算数 190 → 95%.
    assert_eq!(running[at("printed_start")], "180.00");
    assert_eq!(running[at("printed_full_year")], "200.00");
    assert_eq!(running[at("printed_rate")], "95.00");
    assert_eq!(running[at("printed_in")], "一般公共预算财政拨款支出决算表");
    assert_eq!(row(&csv, "2010102")[at("rate")], "80.00");
    // Lines in one stage only are flagged, with no rate.
    let budget_only = row(&csv, "2080505");
    assert_eq!(budget_only[at("status")], "仅预算 (budget only)");
    assert_eq!(budget_only[at("rate")], "");
    assert_eq!(row(&csv, "2120101")[at("status")], "仅决算 (actual only)");
    // 合计 from the published totals: 290 of 350 = 82.86%; printed 270 of 300.
    let total = row(&csv, "");
    assert_eq!(total[at("budget")], "350.00");
    assert_eq!(total[at("actual")], "290.00");
    assert_eq!(total[at("rate")], "82.86");
    assert_eq!(total[at("printed_rate")], "90.00");
    // At 类: 201 is 270 of 300.
    let (csv, _) = execution(&scratch, &["--format", "csv", "--money", "元"]);
    assert_eq!(row(&csv, "201")[at("budget")], "3000000.00");
    assert_eq!(row(&csv, "201")[at("rate")], "90.00");
}

#[test]
fn the_chart_draws_budget_beside_actual() {
    let scratch = Scratch::new();
    import(
        &scratch,
        "上海市测试局2023年度部门决算.html",
        final_page("100.00"),
    );
    import(&scratch, "上海市测试局2023年部门预算.html", budget_page());
    let svg = scratch.path("execution.svg");
    let (_, stderr) = execution(
        &scratch,
        &["--level", "3", "--chart", svg.to_str().unwrap()],
    );
    assert!(stderr.contains("图表已写入"), "{stderr}");
    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(
        svg.contains("预算数（预算文件） 行政运行：200.00 万元"),
        "{svg}"
    );
    assert!(svg.contains("决算数 一般行政管理事务：80.00 万元"));
    assert!(svg.contains("预算数（决算表自列）"));
}

#[test]
fn a_printed_budget_that_differs_from_the_budget_document_is_found_in_either_order() {
    for budget_first in [true, false] {
        let scratch = Scratch::new();
        let pages = [
            ("上海市测试局2023年部门预算.html", budget_page()),
            ("上海市测试局2023年度部门决算.html", final_page("105.00")),
        ];
        let order: Vec<_> = if budget_first {
            pages.into_iter().collect()
        } else {
            pages.into_iter().rev().collect()
        };
        for (name, html) in order {
            import(&scratch, name, html);
        }
        let found: Vec<(String, String, i64, i64)> = common::tuples(
            &scratch.conn(),
            "SELECT severity, code, published_fen, expected_fen FROM findings WHERE rule = 'cross_stage.budget'",
        );
        assert_eq!(
            found,
            [(
                "error".to_string(),
                "2010102".to_string(),
                10_500_000_000 / 100,
                10_000_000_000 / 100
            )],
            "budget first: {budget_first}"
        );
        // `yusuan check` lists it with the others, citing both documents.
        let check = scratch
            .yusuan()
            .args(["check", "--format", "csv"])
            .output()
            .unwrap();
        let listed = common::stdout_of(&check);
        assert!(
            listed.contains("cross_stage.budget") && listed.contains("105.00 万元"),
            "{listed}"
        );
    }
}

#[test]
fn the_opening_carry_over_is_held_to_last_years_closing() {
    let summary = |year: i32, opening: &str, closing: &str| {
        let title = format!("{year}年度收入支出决算总表");
        let html = page(&[(
            &title,
            &[
                &["项目", "决算数", "项目", "决算数"],
                &[
                    "一、一般公共预算财政拨款收入",
                    "100.00",
                    "一、一般公共服务支出",
                    "100.00",
                ],
                &["本年收入合计", "100.00", "本年支出合计", "100.00"],
                &["年初结转和结余", opening, "年末结转和结余", closing],
                &["总计", "110.00", "总计", "110.00"],
            ],
        )]);
        (format!("上海市测试局{year}年度部门决算.html"), html)
    };
    let scratch = Scratch::new();
    // 2023 closes with 10.00; 2024 opens with 12.00.
    let (name, html) = summary(2024, "12.00", "22.00");
    import(&scratch, &name, html);
    let (name, html) = summary(2023, "10.00", "10.00");
    import(&scratch, &name, html);
    let found: Vec<(i64, i64, i64)> = common::tuples(
        &scratch.conn(),
        "SELECT d.year, f.published_fen, f.expected_fen FROM findings f JOIN disclosures d ON d.id = f.disclosure_id
         WHERE f.rule = 'cross_stage.carry_over'",
    );
    assert_eq!(found, [(2024, 12_000_000, 10_000_000)]);
}

/// The real 2024 决算 of 上海市普陀区财政局 beside its 2025 预算: the 2024
/// 预算 is not there. The command says so and still shows the 决算's
/// actuals and the rate its 三公 table prints itself (预算数 0.95, 决算数 0).
#[test]
fn the_real_final_accounts_without_their_budget_say_so() {
    let scratch = Scratch::new();
    for name in [
        "SH-Putuo_财政局_2024_部门决算.pdf",
        "SH-Putuo_财政局_2025_部门预算.pdf",
    ] {
        let pdf = common::fixture(&format!("pdf/real/{name}"));
        let output = scratch.yusuan().arg("import").arg(&pdf).output().unwrap();
        assert!(output.status.success(), "{}", common::stderr_of(&output));
    }
    let (csv, stderr) = execution(&scratch, &["--format", "csv"]);
    assert!(stderr.contains("2024 年没有导入预算文件"), "{stderr}");
    assert!(stderr.contains("2025 年只有预算"), "{stderr}");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    // Amount headers carry their unit (budget_万元).
    let at = |name: &str| {
        header
            .iter()
            .position(|h| {
                *h == name
                    || h.strip_prefix(name)
                        .is_some_and(|u| u.starts_with('_') && !u[1..].contains('_'))
            })
            .unwrap()
    };
    // 201 一般公共服务支出: 2,106.66 万元 spent, no budget to hold it to.
    let general = row(&csv, "201");
    assert_eq!(general[at("actual")], "2106.66");
    assert_eq!((general[at("budget")], general[at("rate")]), ("", ""));
    let (csv, _) = execution(&scratch, &["--by", "sangong", "--format", "csv"]);
    let reception = csv
        .lines()
        .find(|l| l.contains("公务接待费"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        reception.ends_with(",0.95,0.00,,,0.00,"),
        "printed 预算数 0.95, 决算数 0, rate 0%: {reception}"
    );
    // Year on year on actuals reads the same 决算.
    let output = scratch
        .yusuan()
        .args(["yoy", "--stage", "决算", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        common::stdout_of(&output).contains("201,一般公共服务支出,2106.66"),
        "{}",
        common::stdout_of(&output)
    );
}

#[test]
fn stage_and_levels_that_do_not_apply_are_refused() {
    let scratch = Scratch::new();
    import(
        &scratch,
        "上海市测试局2023年度部门决算.html",
        final_page("100.00"),
    );
    for args in [
        &["execution", "--stage", "决算"][..],
        &["execution", "--by", "sangong", "--level", "2"],
        &["execution", "--by", "economic", "--level", "3"],
    ] {
        let output = scratch.yusuan().args(args).output().unwrap();
        assert!(!output.status.success(), "{args:?}");
    }
}

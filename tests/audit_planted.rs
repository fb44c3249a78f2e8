//! One planted error per audit rule in an otherwise clean generated
//! document: each is found under its rule, at the right place, with the
//! planted figure in its evidence; the clean document has no finding at all.

use std::path::Path;
use yusuan::amount::{format_fen, parse_cell, AmountUnit};
use yusuan::import::prepare_bytes;
use yusuan_fixture::{realistic_unit, render_text, RenderOptions, UnitSpec};

fn spec() -> UnitSpec {
    realistic_unit("437001", "区测试局本级", 2023, 3)
}

fn clean_text() -> String {
    render_text(&[spec()], &RenderOptions::default())
}

/// (line index of each cell) for every data row of the table titled `title`.
fn rows(lines: &[String], title: &str) -> Vec<Vec<usize>> {
    let start = lines
        .iter()
        .position(|l| l == title)
        .unwrap_or_else(|| panic!("{title}"))
        + 1;
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut blanks = 0;
    for (i, line) in lines.iter().enumerate().skip(start) {
        if line.is_empty() {
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            blanks += 1;
            continue;
        }
        if !line.starts_with('\t') || blanks >= 2 {
            break;
        }
        blanks = 0;
        row.push(i);
    }
    let lanci = rows
        .iter()
        .position(|r| lines[r[0]] == "\t栏次")
        .expect("栏次");
    rows.split_off(lanci + 1)
}

fn cell(lines: &[String], index: usize) -> &str {
    lines[index].strip_prefix('\t').unwrap()
}

/// Edit cell `column` (0 = 序号) of the first row matching `pick`.
fn plant(
    lines: &mut [String],
    title: &str,
    pick: impl Fn(&[&str]) -> bool,
    column: usize,
    edit: impl Fn(Option<i64>) -> i64,
) -> String {
    let row = rows(lines, title)
        .into_iter()
        .find(|r| pick(&r.iter().map(|&i| cell(lines, i)).collect::<Vec<_>>()))
        .unwrap_or_else(|| panic!("no such row in {title}"));
    let old = parse_cell(cell(lines, row[column]), AmountUnit::Wanyuan)
        .unwrap()
        .fen();
    let new = format_fen(edit(old), AmountUnit::Wanyuan, 2);
    lines[row[column]] = format!("\t{new}");
    new
}

fn plus(delta: i64) -> impl Fn(Option<i64>) -> i64 {
    move |old| old.unwrap_or(0) + delta
}

const ONE: i64 = 1_000_000; // 1.00 万元 in 分

fn findings(text: &str) -> Vec<yusuan::audit::Finding> {
    let prepared = prepare_bytes(Path::new("planted.txt"), text.as_bytes()).expect("imports");
    prepared
        .document
        .units
        .into_iter()
        .flat_map(|u| u.findings)
        .collect()
}

fn first_code(len: usize, economic: bool) -> String {
    let s = spec();
    let rows = if economic {
        s.economic_rows()
    } else {
        s.function_rows()
    };
    rows.into_iter()
        .find(|(code, _, a, b)| code.len() == len && a + b != 0)
        .map(|(code, ..)| code)
        .unwrap()
}

struct Expect {
    rule: &'static str,
    table: &'static str,
    column: &'static str,
    /// The finding's code (coded lines) or 序号 (uncoded lines).
    at: String,
    /// Text the evidence must contain (the planted figure).
    evidence: String,
}

fn assert_found(text: &str, expect: Expect) {
    let found = findings(text);
    let hit = found.iter().find(|f| {
        f.rule == expect.rule
            && f.table == Some(expect.table)
            && f.column.as_deref() == Some(expect.column)
            && (f.code.as_deref() == Some(expect.at.as_str())
                || f.seq.as_deref() == Some(expect.at.as_str())
                || (expect.at.is_empty() && f.seq.is_none()))
    });
    let hit = hit.unwrap_or_else(|| {
        panic!(
            "{} not found at {} {} {}; found: {found:#?}",
            expect.rule, expect.table, expect.at, expect.column
        )
    });
    assert!(
        hit.evidence.contains(&expect.evidence),
        "{}: {}",
        expect.rule,
        hit.evidence
    );
    assert_eq!(
        hit.severity,
        yusuan::audit::Severity::Error,
        "{}",
        expect.rule
    );
}

fn lines() -> Vec<String> {
    clean_text().lines().map(str::to_string).collect()
}

fn joined(lines: &[String]) -> String {
    lines.join("\n") + "\n"
}

#[test]
fn a_clean_generated_document_has_no_finding_not_even_rounding() {
    assert_eq!(findings(&clean_text()), vec![]);
    for seed in 0..20 {
        let unit = realistic_unit("437002", "区测试中心", 2019 + (seed % 5) as i32, seed);
        assert_eq!(
            findings(&render_text(&[unit], &RenderOptions::default())),
            vec![],
            "seed {seed}"
        );
    }
}

#[test]
fn hierarchy_rules() {
    let kuan = first_code(5, false);
    let mut l = lines();
    let new = plant(&mut l, "单位预算支出总表", |c| c[1] == kuan, 3, plus(ONE));
    assert_found(
        &joined(&l),
        Expect {
            rule: "hierarchy.parent",
            table: "支出总表",
            column: "合计",
            at: kuan.clone(),
            evidence: format!("支出总表[{kuan} "),
        },
    );
    assert!(findings(&joined(&l))
        .iter()
        .any(|f| f.rule == "hierarchy.parent" && f.evidence.contains(&new)));

    let mut l = lines();
    let new = plant(&mut l, "单位预算收入总表", |c| c[2] == "合计", 3, plus(ONE));
    assert_found(
        &joined(&l),
        Expect {
            rule: "hierarchy.total",
            table: "收入总表",
            column: "合计",
            at: "1".into(),
            evidence: format!("收入总表[合计 合计] {new}"),
        },
    );
}

/// (rule, table title, which row, which cell, table kind, column key, code or 序号)
type Plant<'a> = (
    &'static str,
    &'static str,
    Box<dyn Fn(&[&str]) -> bool + 'a>,
    usize,
    &'static str,
    &'static str,
    String,
);

#[test]
fn row_identity_rules() {
    let xiang = first_code(7, false);
    let econ = first_code(5, true);
    let cases: Vec<Plant<'_>> = vec![
        (
            "identity.expenditure",
            "单位预算一般公共预算财政拨款支出表",
            Box::new(|c: &[&str]| c[1] == xiang),
            3,
            "一般公共预算支出表",
            "合计",
            xiang.clone(),
        ),
        (
            "identity.basic",
            "单位预算一般公共预算财政拨款基本支出表",
            Box::new(|c: &[&str]| c[1] == econ),
            3,
            "基本支出表",
            "合计",
            econ.clone(),
        ),
        (
            "identity.income",
            "单位预算收入总表",
            Box::new(|c: &[&str]| c[1] == xiang),
            3,
            "收入总表",
            "合计",
            xiang.clone(),
        ),
        (
            "identity.income_sources",
            "单位预算收入总表",
            Box::new(|c: &[&str]| c[1] == xiang),
            4,
            "收入总表",
            "本年收入",
            xiang.clone(),
        ),
        (
            "identity.sangong_total",
            "单位预算财政拨款“三公”经费支出表",
            Box::new(|c: &[&str]| c[1].contains("小计")),
            2,
            "三公经费表",
            "合计",
            "1".into(),
        ),
        (
            "identity.sangong_vehicle",
            "单位预算财政拨款“三公”经费支出表",
            Box::new(|c: &[&str]| c[1].contains("购置及运维费")),
            2,
            "三公经费表",
            "合计",
            "3".into(),
        ),
        (
            "identity.sangong_funds",
            "单位预算财政拨款“三公”经费支出表",
            Box::new(|c: &[&str]| c[1].contains("接待")),
            2,
            "三公经费表",
            "合计",
            "6".into(),
        ),
        (
            "identity.fiscal_funds",
            "单位预算财政拨款收支总表",
            Box::new(|c: &[&str]| c[0] == "1"),
            4,
            "财政拨款收支总表",
            "合计",
            "1".into(),
        ),
    ];
    for (rule, title, pick, column, table, key, at) in cases {
        let mut l = lines();
        let new = plant(&mut l, title, pick, column, plus(ONE));
        assert_found(
            &joined(&l),
            Expect {
                rule,
                table,
                column: key,
                at,
                evidence: new,
            },
        );
    }
}

#[test]
fn balance_rules() {
    let mut l = lines();
    let new = plant(&mut l, "单位预算收支总表", |c| c[0] == "32", 2, plus(ONE));
    assert_found(
        &joined(&l),
        Expect {
            rule: "balance.subtotal",
            table: "收支总表",
            column: "预算数",
            at: "32".into(),
            evidence: format!("本年收入合计 预算数] {new}"),
        },
    );

    let mut l = lines();
    let new = plant(&mut l, "单位预算收支总表", |c| c[0] == "34", 2, plus(ONE));
    assert_found(
        &joined(&l),
        Expect {
            rule: "balance.grand_total",
            table: "收支总表",
            column: "预算数",
            at: "34".into(),
            evidence: format!("收入总计 预算数] {new}"),
        },
    );

    // 年终结转结余 1.00 and 支出总计 raised to match: the expenditure side adds
    // up, but it no longer equals the income side.
    let mut l = lines();
    plant(&mut l, "单位预算收支总表", |c| c[0] == "33", 4, |_| ONE);
    let spent = plant(&mut l, "单位预算收支总表", |c| c[0] == "34", 4, plus(ONE));
    assert_found(
        &joined(&l),
        Expect {
            rule: "balance.sides",
            table: "收支总表",
            column: "预算数",
            at: "34".into(),
            evidence: format!("支出总计 预算数] {spent}"),
        },
    );

    // 年初结转和结余 1.00 over sub-lines that say 2.00.
    let mut l = lines();
    plant(
        &mut l,
        "单位预算财政拨款收支总表",
        |c| c[0] == "33",
        2,
        |_| ONE,
    );
    plant(
        &mut l,
        "单位预算财政拨款收支总表",
        |c| c[0] == "34",
        2,
        |_| 2 * ONE,
    );
    plant(
        &mut l,
        "单位预算财政拨款收支总表",
        |c| c[0] == "37",
        2,
        plus(ONE),
    );
    assert_found(
        &joined(&l),
        Expect {
            rule: "balance.carry_over",
            table: "财政拨款收支总表",
            column: "金额",
            at: "33".into(),
            evidence: "年初财政拨款结转和结余 金额] 1.00".into(),
        },
    );
}

#[test]
fn cross_table_rules() {
    let mut l = lines();
    let new = plant(
        &mut l,
        "单位预算收支总表",
        |c| (1..=31).contains(&c[0].parse::<i32>().unwrap_or(0)) && !c[4].is_empty(),
        4,
        plus(ONE),
    );
    let seq = rows(&l, "单位预算收支总表")
        .into_iter()
        .map(|r| {
            r.iter()
                .map(|&i| cell(&l, i).to_string())
                .collect::<Vec<_>>()
        })
        .find(|c| c[4] == new)
        .map(|c| c[0].clone())
        .unwrap();
    assert_found(
        &joined(&l),
        Expect {
            rule: "cross_table.class",
            table: "收支总表",
            column: "预算数",
            at: seq,
            evidence: new,
        },
    );

    let xiang = first_code(7, false);
    let mut l = lines();
    let mut new = String::new();
    for column in [3, 4, 5] {
        new = plant(
            &mut l,
            "单位预算收入总表",
            |c| c[1] == xiang,
            column,
            plus(ONE),
        );
    }
    assert_found(
        &joined(&l),
        Expect {
            rule: "cross_table.income_expenditure",
            table: "收入总表",
            column: "合计",
            at: xiang,
            evidence: new,
        },
    );

    let mut l = lines();
    let new = plant(
        &mut l,
        "单位预算一般公共预算财政拨款支出表",
        |c| c[2] == "合计",
        4,
        plus(ONE),
    );
    assert_found(
        &joined(&l),
        Expect {
            rule: "cross_table.basic",
            table: "一般公共预算支出表",
            column: "基本支出",
            at: "1".into(),
            evidence: new,
        },
    );

    let mut l = lines();
    let new = plant(
        &mut l,
        "单位预算财政拨款收支总表",
        |c| c[0] == "2",
        2,
        |_| 5 * ONE,
    );
    assert_found(
        &joined(&l),
        Expect {
            rule: "cross_table.empty_fund",
            table: "财政拨款收支总表",
            column: "金额",
            at: "2".into(),
            evidence: new,
        },
    );
}

#[test]
fn completeness_rules() {
    // The 三公 table taken out, the narrative after it kept.
    let l = lines();
    let start = l
        .iter()
        .position(|x| x == "单位预算财政拨款“三公”经费支出表")
        .unwrap();
    let end = l
        .iter()
        .position(|x| x.ends_with("年单位预算信息公开情况说明"))
        .unwrap();
    let cut: Vec<String> = l[..start].iter().chain(&l[end..]).cloned().collect();
    let found = findings(&joined(&cut));
    assert!(
        found
            .iter()
            .any(|f| f.rule == "completeness.table" && f.table == Some("三公经费表")),
        "{found:#?}"
    );

    let without_note: Vec<String> = lines()
        .into_iter()
        .filter(|x| !x.starts_with("注：无政府"))
        .collect();
    let found = findings(&joined(&without_note));
    assert!(
        found
            .iter()
            .any(|f| f.rule == "completeness.empty_note" && f.table == Some("政府性基金支出表")),
        "{found:#?}"
    );
    assert!(
        found.iter().all(|f| f.rule == "completeness.empty_note"),
        "{found:#?}"
    );
}

/// Replace the first occurrence of `from` (in the narrative) with `to`.
fn narrative_edit(from: &str, to: &str) -> String {
    let text = clean_text();
    let at = text.find("年单位预算信息公开情况说明").expect("narrative");
    let (tables, narrative) = text.split_at(at);
    assert!(narrative.contains(from), "{from}");
    format!("{tables}{}", narrative.replacen(from, to, 1))
}

/// The generated 支出说明 states this year's 预算支出 as the tables do.
fn stated_expenditure() -> String {
    let spec = spec();
    format!(
        "预算支出为{}万元",
        format_fen(spec.total_fen(), AmountUnit::Wanyuan, 2)
    )
}

#[test]
fn narrative_rules() {
    let spec = spec();
    let total = format_fen(spec.total_fen(), AmountUnit::Wanyuan, 2);
    // A stated total that is not the table's.
    let text = narrative_edit(&stated_expenditure(), "预算支出为1.00万元");
    assert_found(
        &text,
        Expect {
            rule: "narrative.stated",
            table: "收支总表",
            column: "预算数",
            at: String::new(),
            evidence: format!("预算支出为1.00万元 ≠ 收支总表[本年支出合计 预算数] {total}"),
        },
    );
    // The same number written in 元: a unit slip, not a wrong figure.
    let text = narrative_edit(&stated_expenditure(), &format!("预算支出为{total}元"));
    let found = findings(&text);
    assert!(
        found
            .iter()
            .any(|f| f.rule == "narrative.unit_slip" && f.evidence.contains(&format!("{total}元"))),
        "{found:#?}"
    );
    // A change that is not this year − last year.
    let text = clean_text();
    let sentence = text
        .lines()
        .find(|l| l.contains("较") && l.contains("年预算") && l.contains("万元"))
        .unwrap();
    let changed = sentence
        .replacen("增加", "增加1", 1)
        .replacen("减少", "减少1", 1);
    let text = text.replacen(sentence, &changed, 1);
    let found = findings(&text);
    assert!(
        found.iter().any(|f| f.rule == "narrative.change"),
        "{found:#?}"
    );
}

/// Add 1 to the first "<number>万元" after `marker` on the line containing it.
fn bump_after(marker: &str) -> String {
    let text = clean_text();
    let line = text
        .lines()
        .find(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("{marker}"));
    let start = line.find(marker).unwrap() + marker.len();
    let rest = &line[start..];
    let digits_at = rest.find(|c: char| c.is_ascii_digit()).unwrap();
    let number: String = rest[digits_at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let fen = parse_cell(&number, AmountUnit::Wanyuan)
        .unwrap()
        .fen()
        .unwrap();
    let bumped = format_fen(fen + ONE, AmountUnit::Wanyuan, 2);
    let changed = format!(
        "{}{}{}",
        &line[..start + digits_at],
        bumped,
        &rest[digits_at + number.len()..]
    );
    text.replacen(line, &changed, 1)
}

#[test]
fn narrative_sum_rules() {
    // One listed project 1.00万元 more: the projects no longer add up to 项目支出.
    let found = findings(&bump_after("主要为"));
    assert!(found.iter().any(|f| f.rule == "narrative.projects" && f.severity == yusuan::audit::Severity::Error), "{found:#?}");
    // One 机关运行经费 item 1.00万元 more: the items no longer add up to the total.
    let found = findings(&bump_after("主要用于"));
    assert!(
        found.iter().any(|f| f.rule == "narrative.operating_items"
            && f.severity == yusuan::audit::Severity::Error),
        "{found:#?}"
    );
}

#[test]
fn a_missing_narrative_section_is_reported() {
    let text = clean_text();
    let heading = text
        .lines()
        .find(|l| l.contains("政府采购预算情况"))
        .expect("the procurement heading")
        .to_string();
    let without: String = text
        .lines()
        .filter(|l| *l != heading)
        .map(|l| format!("{l}\n"))
        .collect();
    let found = findings(&without);
    assert!(
        found
            .iter()
            .any(|f| f.rule == "completeness.narrative" && f.message.contains("政府采购")),
        "{found:#?}"
    );
}

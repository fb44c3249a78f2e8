//! `yusuan yoy` on a generated 3-unit × 4-year corpus: every cell of the CSV
//! at each level and column, by function, by economic class and by summary
//! line, per unit and summed, against figures computed from the specs.

mod analyst_corpus;
mod common;

use analyst_corpus::{csv, wan, yoy_headers, yoy_rows, Corpus, Year, DROPPED, NEW, YEARS};
use common::Scratch;
use std::collections::BTreeMap;
use yusuan_fixture::UnitSpec;

/// (code, name, amount) of every line a spec prints in one column, and the 合计.
type Extract = fn(&UnitSpec, &str) -> (Vec<(String, String, i64)>, i64);

fn function(spec: &UnitSpec, column: &str) -> (Vec<(String, String, i64)>, i64) {
    let pick = |basic: i64, project: i64| match column {
        "合计" => basic + project,
        "基本支出" => basic,
        "项目支出" => project,
        other => panic!("{other}"),
    };
    let rows = spec
        .function_rows()
        .into_iter()
        .filter(|(code, ..)| !code.is_empty())
        .map(|(code, name, basic, project)| (code, name, pick(basic, project)))
        .collect();
    (rows, pick(spec.basic_fen(), spec.project_fen()))
}

fn economic(spec: &UnitSpec, column: &str) -> (Vec<(String, String, i64)>, i64) {
    let pick = |personnel: i64, public: i64| match column {
        "合计" => personnel + public,
        "人员经费" => personnel,
        "公用经费" => public,
        other => panic!("{other}"),
    };
    let rows = spec
        .economic_rows()
        .into_iter()
        .filter(|(code, ..)| !code.is_empty())
        .map(|(code, name, personnel, public)| (code, name, pick(personnel, public)))
        .collect();
    (rows, pick(spec.personnel_fen(), spec.public_fen()))
}

fn code_length(level: u8) -> usize {
    [3, 5, 7][usize::from(level) - 1]
}

/// Per section (unit code, or "" when summed): year → lines at `level`.
fn sections(
    corpus: &Corpus,
    extract: Extract,
    column: &str,
    level: u8,
    sum: bool,
) -> BTreeMap<String, BTreeMap<i32, Year>> {
    let mut out: BTreeMap<String, BTreeMap<i32, Year>> = BTreeMap::new();
    for (code, specs) in corpus {
        let section = out
            .entry(if sum { String::new() } else { code.clone() })
            .or_default();
        for spec in specs {
            let year = section.entry(spec.year).or_default();
            let (rows, total) = extract(spec, column);
            for (line, name, amount) in rows {
                if line.len() == code_length(level) {
                    year.add(&line, &name, amount);
                }
            }
            year.total += total;
        }
    }
    out
}

fn expected(corpus: &Corpus, extract: Extract, column: &str, level: u8) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for (unit, data) in sections(corpus, extract, column, level, false) {
        let latest_name = corpus[&unit].last().unwrap().name.clone();
        for row in yoy_rows(
            &YEARS,
            &data,
            |c| c.to_string(),
            |c| (0, 0, c.to_string()),
            true,
        ) {
            let mut full = vec![unit.clone(), latest_name.clone()];
            full.extend(row);
            rows.push(full);
        }
    }
    rows
}

fn unit_headers() -> Vec<String> {
    let mut headers = vec!["unit_code".to_string(), "unit_name".to_string()];
    headers.extend(yoy_headers("code", &YEARS));
    headers
}

#[test]
fn by_function_every_level_and_column() {
    let scratch = Scratch::new();
    let corpus = analyst_corpus::import(&scratch);
    for level in 1..=3u8 {
        for column in ["合计", "基本支出", "项目支出"] {
            let level_arg = level.to_string();
            let (headers, rows) = csv(
                &scratch,
                &[
                    "yoy", "--by", "function", "--level", &level_arg, "--column", column,
                ],
            );
            assert_eq!(headers, unit_headers());
            let want = expected(&corpus, function, column, level);
            assert!(want.len() > 3, "level {level} {column}");
            assert_eq!(rows.len(), want.len(), "level {level} {column}");
            for (got, want) in rows.iter().zip(&want) {
                assert_eq!(got, want, "level {level} {column}");
            }
        }
    }
}

#[test]
fn by_economic_class_every_level_and_column() {
    let scratch = Scratch::new();
    let corpus = analyst_corpus::import(&scratch);
    for (level, level_arg) in [(1u8, "类"), (2, "款")] {
        for column in ["合计", "人员经费", "公用经费"] {
            // 人员经费 and 公用经费 choose the 基本支出表 without --by.
            let mut args = vec!["yoy", "--level", level_arg, "--column", column];
            if column == "合计" {
                args.extend(["--by", "economic"]);
            }
            let (headers, rows) = csv(&scratch, &args);
            assert_eq!(headers, unit_headers());
            assert_eq!(
                rows,
                expected(&corpus, economic, column, level),
                "{level} {column}"
            );
        }
    }
}

#[test]
fn new_dropped_and_renamed_lines_are_marked() {
    let scratch = Scratch::new();
    let corpus = analyst_corpus::import(&scratch);
    let units: Vec<&String> = corpus.keys().collect();
    let (headers, rows) = csv(&scratch, &["yoy", "--level", "项"]);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let find = |unit: &str, code: &str| {
        rows.iter()
            .find(|r| r[0] == unit && r[col("code")] == code)
            .unwrap_or_else(|| panic!("{unit} {code}"))
            .clone()
    };

    let dropped = find(units[0], DROPPED);
    assert_eq!(dropped[col("2020")], wan(12_340_000 + 5_670_000));
    assert_eq!(dropped[col("2021")], "");
    assert_eq!(dropped[col("change_2020_2021")], wan(-18_010_000));
    assert_eq!(dropped[col("pct_2020_2021")], "-100.00");
    assert_eq!(dropped[col("change_2021_2022")], "0.00");
    assert_eq!(dropped[col("pct_2021_2022")], "", "no % of nothing");
    assert_eq!(dropped[col("status")], "取消 dropped 2021");

    let new = find(units[1], NEW);
    assert_eq!(new[col("2023")], "98.76");
    assert_eq!(new[col("change_2022_2023")], "98.76");
    assert_eq!(
        new[col("pct_2022_2023")],
        "",
        "a % from zero is never a number"
    );
    assert_eq!(new[col("pct_2020_2023")], "");
    assert_eq!(new[col("status")], "新增 new 2023");

    let last = corpus[units[2]].last().unwrap();
    let renamed = &last.function_lines[0];
    let row = find(units[2], &renamed.code);
    assert_eq!(row[col("name")], renamed.name);
    assert_eq!(
        row[col("former_names")],
        format!(
            "{}{} (2020–2021)",
            analyst_corpus::OLD_NAME_PREFIX,
            renamed.name
        )
    );

    // The new line has no 基本支出: with that column there is nothing to compare.
    let (_, basic) = csv(&scratch, &["yoy", "--level", "3", "--column", "基本支出"]);
    assert!(basic.iter().all(|r| r[col("code")] != NEW));
    // The dropped 类 is marked at 类 level too.
    let (_, classes) = csv(&scratch, &["yoy", "--unit", units[0]]);
    let class = classes.iter().find(|r| r[col("code")] == "230").unwrap();
    assert_eq!(class[col("name")], "转移性支出");
    assert_eq!(class[col("status")], "取消 dropped 2021");
}

#[test]
fn summed_units_and_year_range() {
    let scratch = Scratch::new();
    let corpus = analyst_corpus::import(&scratch);
    let (headers, rows) = csv(&scratch, &["yoy", "--level", "2", "--sum"]);
    assert_eq!(headers, yoy_headers("code", &YEARS));
    let data = sections(&corpus, function, "合计", 2, true)
        .remove("")
        .unwrap();
    let want = yoy_rows(
        &YEARS,
        &data,
        |c| c.to_string(),
        |c| (0, 0, c.to_string()),
        true,
    );
    assert_eq!(rows, want);

    // Two years: one change column pair, no first-to-last pair.
    let (headers, rows) = csv(
        &scratch,
        &[
            "yoy",
            "--from",
            "2021",
            "--to",
            "2022",
            "--column",
            "项目支出",
        ],
    );
    let years = [2021, 2022];
    let mut want_headers = vec!["unit_code".to_string(), "unit_name".to_string()];
    want_headers.extend(yoy_headers("code", &years));
    assert_eq!(headers, want_headers);
    let mut want = Vec::new();
    for (unit, mut data) in sections(&corpus, function, "项目支出", 1, false) {
        data.retain(|y, _| years.contains(y));
        for row in yoy_rows(
            &years,
            &data,
            |c| c.to_string(),
            |c| (0, 0, c.to_string()),
            true,
        ) {
            let mut full = vec![unit.clone(), corpus[&unit][2].name.clone()];
            full.extend(row);
            want.push(full);
        }
    }
    assert_eq!(rows, want);
}

/// The 收支总表 lines that carry figures in the generated documents.
fn summary(spec: &UnitSpec, _: &str) -> (Vec<(String, String, i64)>, i64) {
    // The 31 expenditure lines total their 类 (the 2023 names the generator prints).
    const CLASSES: [(&str, &str); 10] = [
        ("201", "一般公共服务支出"),
        ("207", "文化旅游体育与传媒支出"),
        ("208", "社会保障和就业支出"),
        ("210", "卫生健康支出"),
        ("211", "节能环保支出"),
        ("212", "城乡社区支出"),
        ("213", "农林水支出"),
        ("221", "住房保障支出"),
        ("224", "灾害防治及应急管理支出"),
        ("229", "其他支出"),
    ];
    let total = spec.total_fen();
    let mut rows = vec![
        ("a1".to_string(), "一般公共预算拨款收入".to_string(), total),
        ("a32".to_string(), "本年收入合计".to_string(), total),
        ("a34".to_string(), "收入总计".to_string(), total),
        ("b32".to_string(), "本年支出合计".to_string(), total),
        ("b34".to_string(), "支出总计".to_string(), total),
    ];
    let planted = [("227", "预备费", "b24"), ("230", "转移性支出", "b26")];
    for line in &spec.function_lines {
        let class = &line.code[..3];
        let (key, name) = match CLASSES.iter().position(|(c, _)| *c == class) {
            Some(i) => {
                // Rows 1..: 201 is row 1, … in the order of the 31 lines.
                let row = [1, 7, 8, 10, 11, 12, 13, 20, 23, 25][i];
                (format!("b{row:02}"), CLASSES[i].1)
            }
            None => {
                let (_, name, key) = planted.iter().find(|(c, ..)| *c == class).unwrap();
                (key.to_string(), *name)
            }
        };
        rows.push((key, name.to_string(), line.basic_fen + line.project_fen));
    }
    (rows, 0)
}

#[test]
fn by_summary_line() {
    let scratch = Scratch::new();
    let corpus = analyst_corpus::import(&scratch);
    let (headers, rows) = csv(&scratch, &["yoy", "--by", "summary", "--sum"]);
    assert_eq!(headers, yoy_headers("side", &YEARS));
    let mut data: BTreeMap<i32, Year> = BTreeMap::new();
    for spec in corpus.values().flatten() {
        let year = data.entry(spec.year).or_default();
        let (lines, _) = summary(spec, "");
        for (key, name, amount) in lines {
            year.add(&key, &name, amount);
        }
    }
    // Every summary line is printed every year, but one left blank is one
    // the units do not have that year: a line is there where it has an
    // amount, and new or dropped as in the other tables.
    let want = yoy_rows(
        &YEARS,
        &data,
        |key| {
            if key.starts_with('a') {
                "收入"
            } else {
                "支出"
            }
            .to_string()
        },
        |key| (0, 0, key.to_string()),
        false,
    );
    assert_eq!(rows, want);
}

#[test]
fn unit_by_name_part_across_renames_and_refusals() {
    let scratch = Scratch::new();
    let corpus = analyst_corpus::import(&scratch);
    let (unit, specs) = corpus.iter().next().unwrap();
    // A part of the latest name that no other unit has.
    let latest = &specs.last().unwrap().name;
    let part: String = latest
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let (_, rows) = csv(&scratch, &["yoy", "--unit", &part]);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| &r[0] == unit), "{part}");
    // Every year is there, even those published under another name.
    let total = rows.iter().find(|r| r[3] == "合计").unwrap();
    for (i, spec) in specs.iter().enumerate() {
        assert_eq!(total[4 + i], wan(spec.total_fen()));
    }

    for (args, message) in [
        (
            vec!["yoy", "--by", "function", "--column", "人员经费"],
            "--by economic",
        ),
        (vec!["yoy", "--by", "economic", "--level", "3"], "level 3"),
        (vec!["yoy", "--by", "summary", "--level", "1"], "no level"),
        (vec!["yoy", "--level", "目"], "level must be"),
        (
            vec!["yoy", "--chart", "x.svg"],
            "--chart needs one unit or --sum",
        ),
    ] {
        let output = scratch.yusuan().args(&args).output().unwrap();
        assert!(!output.status.success(), "{args:?}");
        let stderr = common::stderr_of(&output);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn formats_and_money_units() {
    let scratch = Scratch::new();
    let corpus = analyst_corpus::import(&scratch);
    let (unit, specs) = corpus.iter().next().unwrap();
    let total = specs[3].total_fen();

    let (_, rows) = csv(&scratch, &["yoy", "--unit", unit, "--money", "元"]);
    let row = rows.last().unwrap();
    assert_eq!(row[7], format!("{}.00", total / 100));

    let output = scratch
        .yusuan()
        .args(["yoy", "--unit", unit, "--format", "json"])
        .output()
        .unwrap();
    let records: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let last = records.as_array().unwrap().last().unwrap();
    assert_eq!(last["name"], "合计");
    assert_eq!(last["2023"], wan(total));
    assert_eq!(last["2023_fen"], total);

    let path = scratch.path("out.csv");
    scratch
        .yusuan()
        .args([
            "yoy", "--unit", unit, "--format", "csv", "--bom", "--output",
        ])
        .arg(&path)
        .assert()
        .success();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFunit_code,"));

    let output = scratch
        .yusuan()
        .args(["yoy", "--unit", unit])
        .output()
        .unwrap();
    let table = common::stdout_of(&output);
    assert!(
        table.contains(&format!("{unit} {}", specs[3].name)),
        "{table}"
    );
    assert!(table.contains("金额单位：万元"), "{table}");
    let md = common::stdout_of(
        &scratch
            .yusuan()
            .args(["yoy", "--unit", unit, "--format", "md"])
            .output()
            .unwrap(),
    );
    assert!(md.contains(&format!("### {unit} ")), "{md}");
}

/// yusuan counts every unit in parts, each a range of unit codes read by
/// queries/yoy.sql on a connection of its own: the ranges split the rows
/// between them, none lost and none read twice, at every level and by
/// every table.
#[test]
fn unit_code_ranges_split_the_rows_of_every_unit() {
    let scratch = Scratch::new();
    let corpus = analyst_corpus::import(&scratch);
    let units: Vec<&String> = corpus.keys().collect();
    assert!(units.len() >= 3);
    let split = units[1].as_str();
    for (by, level) in [("function", "3"), ("economic", "2"), ("summary", "1")] {
        let query = |bounds: &[&str]| {
            let mut args = vec!["query", "yoy", "-p"];
            let by_param = format!("by={by}");
            let level_param = format!("level={level}");
            args.extend([by_param.as_str(), "-p", level_param.as_str()]);
            for bound in bounds {
                args.extend(["-p", bound]);
            }
            let (_, mut rows) = csv(&scratch, &args);
            rows.sort();
            rows
        };
        let all = query(&[]);
        assert!(all.len() >= units.len(), "{by}");
        let below = query(&[&format!("units_below={split}")]);
        let from = query(&[&format!("units_from={split}")]);
        assert!(below.iter().all(|r| r[0].as_str() < split), "{by}");
        assert!(from.iter().all(|r| r[0].as_str() >= split), "{by}");
        let mut parts = [below, from].concat();
        parts.sort();
        assert_eq!(parts, all, "{by}");
        let middle = query(&[
            &format!("units_from={split}"),
            &format!("units_below={}", units[2]),
        ]);
        assert!(
            !middle.is_empty() && middle.iter().all(|r| r[0] == split),
            "{by}"
        );
    }
}

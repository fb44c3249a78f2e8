//! `--chart FILE.svg` on yoy and sangong: the SVG parses as XML and carries
//! the title, the years, the legend and each series' exact figures.

mod analyst_corpus;
mod common;

use analyst_corpus::{wan, YEARS};
use common::Scratch;

struct Drawn {
    title: String,
    x_labels: Vec<String>,
    legend: Vec<String>,
    /// Per series: its name and the tooltip of each point.
    series: Vec<(String, Vec<String>)>,
}

fn read(path: &std::path::Path) -> Drawn {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    let class = |n: &roxmltree::Node, c: &str| n.attribute("class") == Some(c);
    let texts = |group: &str| -> Vec<String> {
        root.descendants()
            .filter(|n| class(n, group))
            .flat_map(|g| g.children().filter(|n| n.has_tag_name("text")))
            .filter(|n| n.attribute("class").is_none())
            .map(|n| n.text().unwrap_or("").to_string())
            .collect()
    };
    let series = root
        .descendants()
        .filter(|n| class(n, "series"))
        .map(|g| {
            let points = g
                .children()
                .filter(|n| n.has_tag_name("circle"))
                .map(|c| c.first_element_child().unwrap().text().unwrap().to_string())
                .collect();
            (g.attribute("data-name").unwrap().to_string(), points)
        })
        .collect();
    Drawn {
        title: root
            .children()
            .find(|n| n.has_tag_name("title"))
            .unwrap()
            .text()
            .unwrap()
            .to_string(),
        x_labels: texts("x-axis"),
        legend: texts("legend"),
        series,
    }
}

#[test]
fn yoy_chart_draws_the_largest_lines() {
    let scratch = Scratch::new();
    let corpus = analyst_corpus::import(&scratch);
    let (unit, specs) = corpus.iter().next().unwrap();
    let path = scratch.path("yoy.svg");
    scratch
        .yusuan()
        .args(["yoy", "--unit", unit, "--top", "3", "--chart"])
        .arg(&path)
        .assert()
        .success();
    let drawn = read(&path);
    let name = &specs.last().unwrap().name;
    assert!(
        drawn.title.starts_with(&format!("{unit} {name} — ")),
        "{}",
        drawn.title
    );
    assert!(drawn.title.contains("功能分类 类"));
    let years: Vec<String> = YEARS.iter().map(|y| y.to_string()).collect();
    assert_eq!(drawn.x_labels, years);

    // The three 类 with the largest amount in any year, largest first.
    let mut classes: std::collections::BTreeMap<String, (String, Vec<Option<i64>>)> =
        Default::default();
    for (i, spec) in specs.iter().enumerate() {
        for (code, class_name, basic, project) in spec.function_rows() {
            if code.len() == 3 {
                let entry = classes
                    .entry(code)
                    .or_insert_with(|| (String::new(), vec![None; YEARS.len()]));
                entry.0 = class_name;
                entry.1[i] = Some(basic + project);
            }
        }
    }
    let mut ranked: Vec<_> = classes.into_iter().collect();
    let size = |v: &Vec<Option<i64>>| v.iter().map(|a| a.unwrap_or(0)).max().unwrap();
    ranked.sort_by_key(|(_, (_, amounts))| std::cmp::Reverse(size(amounts)));
    let top: Vec<_> = ranked.into_iter().take(3).collect();
    let names: Vec<String> = top.iter().map(|(c, (n, _))| format!("{c} {n}")).collect();
    assert_eq!(drawn.legend, names);
    for ((code, (line_name, amounts)), (drawn_name, points)) in top.iter().zip(&drawn.series) {
        assert_eq!(drawn_name, &format!("{code} {line_name}"));
        let want: Vec<String> = YEARS
            .iter()
            .zip(amounts)
            .filter_map(|(y, a)| Some(format!("{code} {line_name} {y}：{} 万元", wan((*a)?))))
            .collect();
        assert_eq!(points, &want);
    }
}

#[test]
fn sangong_chart_for_one_unit_and_for_several() {
    let scratch = Scratch::new();
    let corpus = analyst_corpus::import(&scratch);
    let (unit, specs) = corpus.iter().nth(1).unwrap();
    let path = scratch.path("sangong.svg");
    scratch
        .yusuan()
        .args(["sangong", "--unit", unit, "--money", "元", "--chart"])
        .arg(&path)
        .assert()
        .success();
    let drawn = read(&path);
    assert!(drawn.title.contains("“三公”经费"), "{}", drawn.title);
    let parts = [
        "“三公”经费合计",
        "因公出国（境）费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    ];
    assert_eq!(drawn.legend, parts);
    let yuan = |fen: i64| format!("{}.{:02}", fen / 100, fen % 100);
    let totals: Vec<String> = specs
        .iter()
        .map(|s| {
            format!(
                "“三公”经费合计 {}：{} 元",
                s.year,
                yuan(s.sangong.total_fen())
            )
        })
        .collect();
    assert_eq!(drawn.series[0].1, totals);
    let reception: Vec<String> = specs
        .iter()
        .map(|s| {
            format!(
                "公务接待费 {}：{} 元",
                s.year,
                yuan(s.sangong.reception_fen)
            )
        })
        .collect();
    assert_eq!(drawn.series[4].1, reception);

    let path = scratch.path("all.svg");
    scratch
        .yusuan()
        .args(["sangong", "--top", "3", "--chart"])
        .arg(&path)
        .assert()
        .success();
    let drawn = read(&path);
    assert_eq!(drawn.legend.len(), 3);
    assert_eq!(drawn.legend[0], "合计（3 个单位）");
    let sum: Vec<String> = YEARS
        .iter()
        .map(|y| {
            let fen: i64 = corpus
                .values()
                .flatten()
                .filter(|s| s.year == *y)
                .map(|s| s.sangong.total_fen())
                .sum();
            format!("合计（3 个单位） {y}：{} 万元", wan(fen))
        })
        .collect();
    assert_eq!(drawn.series[0].1, sum);
}

//! `yusuan projects`: project expenditure with its 绩效 targets. One row
//! per project (its stated amount, its purchases and its targets in one
//! cell), or with `--indicators` one row per indicator.
//!
//! Input: the rows of queries/projects.sql (one per indicator).

use super::{columns, int, money, text, ReportError};
use crate::render::{Field, Report, Section, Tabular, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub level1: String,
    pub level2: String,
    pub level3: String,
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub unit_code: String,
    pub unit_name: String,
    pub year: i64,
    pub name: String,
    /// What the 情况说明 says the project gets, in 分.
    pub stated: Option<i64>,
    /// Its purchases in the 政府采购预算, in 分.
    pub procurement: Option<i64>,
    pub indicators: Vec<Indicator>,
}

pub fn build(data: &Tabular) -> Result<Vec<Project>, ReportError> {
    let [code, name, year, number, project, stated, procurement] = columns(
        data,
        [
            "unit_code",
            "unit_name",
            "year",
            "project_no",
            "project",
            "stated_fen",
            "procurement_fen",
        ],
    )?;
    let [indicator, level1, level2, level3, target] = columns(
        data,
        ["indicator_no", "level1", "level2", "level3", "target"],
    )?;
    let mut projects: Vec<Project> = Vec::new();
    let mut last_key: Option<(String, i64, i64)> = None;
    for row in &data.rows {
        let key = (
            text(&row[code]),
            int(&row[year]).unwrap_or(0),
            int(&row[number]).unwrap_or(0),
        );
        if last_key.as_ref() != Some(&key) {
            projects.push(Project {
                unit_code: key.0.clone(),
                unit_name: text(&row[name]),
                year: key.1,
                name: text(&row[project]),
                stated: int(&row[stated]),
                procurement: int(&row[procurement]),
                indicators: Vec::new(),
            });
            last_key = Some(key);
        }
        if let (Some(p), false) = (projects.last_mut(), matches!(row[indicator], Value::Null)) {
            p.indicators.push(Indicator {
                level1: text(&row[level1]),
                level2: text(&row[level2]),
                level3: text(&row[level3]),
                target: text(&row[target]),
            });
        }
    }
    Ok(projects)
}

pub fn report(projects: &[Project], indicators: bool) -> Report {
    let unit = |p: &Project| {
        vec![
            Field::Text(p.unit_code.clone()),
            Field::Text(p.unit_name.clone()),
            Field::Int(p.year),
            Field::Text(p.name.clone()),
            money(p.stated),
            money(p.procurement),
        ]
    };
    let mut headers: Vec<&str> = vec![
        "unit_code",
        "unit_name",
        "year",
        "project",
        "stated",
        "procurement",
    ];
    let rows: Vec<Vec<Field>> = if indicators {
        headers.extend(["level1", "level2", "level3", "target"]);
        projects
            .iter()
            .flat_map(|p| {
                p.indicators.iter().map(move |i| {
                    let mut row = unit(p);
                    row.extend(
                        [&i.level1, &i.level2, &i.level3, &i.target]
                            .map(|t| Field::Text(t.clone())),
                    );
                    row
                })
            })
            .collect()
    } else {
        headers.extend(["indicators", "targets"]);
        projects
            .iter()
            .map(|p| {
                let mut row = unit(p);
                row.push(Field::Int(p.indicators.len() as i64));
                row.push(Field::Text(
                    p.indicators
                        .iter()
                        .map(|i| format!("{}：{}", i.level3, i.target))
                        .collect::<Vec<_>>()
                        .join("; "),
                ));
                row
            })
            .collect()
    };
    Report {
        caption: Some(
            "项目绩效目标 (projects and their targets)；stated = 情况说明所列金额，procurement = 政府采购金额"
                .into(),
        ),
        key_headers: Vec::new(),
        headers: headers.into_iter().map(String::from).collect(),
        sections: vec![Section {
            title: String::new(),
            keys: Vec::new(),
            rows,
        }],
        detail: vec![vec!["unit_code".to_string()]],
    }
}

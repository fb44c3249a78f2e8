//! Project 绩效目标表: a title paragraph (`1、车辆保险费绩效目标表`), a
//! one-row table `绩效目标 | <goal>`, a paragraph of one space, then the
//! indicator table (一级/二级/三级指标, 绩效指标描述, 指标值, 指标值确定依据).
//! Goal and indicators may also come as one table. Vertically merged 一级
//! and 二级 cells are exported blank and filled down here.

use super::{cells, target};
use crate::model::{Indicator, Project};
use crate::read::{Row, Table};
use crate::text::{contains, squeeze, squeezed_eq, trim};

/// Whether the table holds a goal row or an indicator header.
pub fn is_performance(table: &Table<'_>) -> bool {
    table
        .rows
        .iter()
        .any(|r| is_goal(r) || is_indicator_header(r))
}

fn is_goal(row: &Row<'_>) -> bool {
    row.cells
        .first()
        .is_some_and(|c| cells::squeezed(c).starts_with("绩效目标"))
}

fn is_indicator_header(row: &Row<'_>) -> bool {
    row.cells.iter().any(|c| squeezed_eq(c, "一级指标"))
}

/// Collects projects as their tables arrive.
#[derive(Default)]
pub struct Builder {
    projects: Vec<Project>,
    /// The last project still waiting for its indicator table.
    open: bool,
}

impl Builder {
    /// One performance table, with the paragraph directly before it (its
    /// title) if there is one.
    pub fn table(&mut self, title: Option<(usize, &str)>, table: &Table<'_>) {
        let header = table.rows.iter().position(is_indicator_header);
        let goal_rows: Vec<&Row<'_>> = table.rows[..header.unwrap_or(table.rows.len())]
            .iter()
            .filter(|r| is_goal(r))
            .collect();
        // An indicator table right after its goal row (a paragraph of one
        // space between them) belongs to that project.
        let titled = title.is_some_and(|(_, t)| contains(t, "绩效"));
        let attach = goal_rows.is_empty() && self.open && !titled;
        if !attach {
            self.projects.push(new_project(title, table, &goal_rows));
        }
        self.open = header.is_none();
        if let (Some(header), Some(project)) = (header, self.projects.last_mut()) {
            project.indicators = indicators(&table.rows[header], &table.rows[header + 1..]);
        }
    }

    pub fn finish(self) -> Vec<Project> {
        self.projects
    }
}

fn new_project(title: Option<(usize, &str)>, table: &Table<'_>, goal_rows: &[&Row<'_>]) -> Project {
    let (number, name) = title.map(|(_, t)| split_title(t)).unwrap_or_default();
    let goal: Vec<String> = goal_rows
        .iter()
        .filter_map(|r| {
            let parts: Vec<&str> = r.cells[1..]
                .iter()
                .map(|c| trim(c))
                .filter(|c| !c.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        })
        .collect();
    Project {
        ordinal: 0,
        number,
        name,
        title: title.map(|(_, t)| trim(t).to_string()),
        goal: (!goal.is_empty()).then(|| goal.join("\n")),
        source_line: title.map_or(table.line, |(line, _)| line),
        indicators: Vec::new(),
    }
}

/// `1、车辆保险费绩效目标表` → ("1", "车辆保险费").
fn split_title(title: &str) -> (Option<String>, String) {
    let t = crate::text::strip_bookmarks(title);
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .collect();
    let (number, rest) = match t[digits.len()..].strip_prefix(['、', '.', '．']) {
        Some(rest) if !digits.is_empty() => (Some(digits), trim(rest)),
        _ => (None, t),
    };
    let mut name = rest;
    for suffix in ["绩效目标表", "绩效目标申报表", "绩效目标"] {
        if let Some(stripped) = name.strip_suffix(suffix) {
            name = trim(stripped);
            break;
        }
    }
    (number, name.to_string())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Level1,
    Level2,
    Level3,
    Description,
    Value,
    Basis,
}

fn field(header: &str) -> Option<Field> {
    if contains(header, "依据") {
        Some(Field::Basis)
    } else if contains(header, "一级") {
        Some(Field::Level1)
    } else if contains(header, "二级") {
        Some(Field::Level2)
    } else if contains(header, "三级") {
        Some(Field::Level3)
    } else if contains(header, "描述") || contains(header, "内容") {
        Some(Field::Description)
    } else if contains(header, "指标值") || contains(header, "目标值") {
        Some(Field::Value)
    } else {
        None
    }
}

fn indicators(header: &Row<'_>, rows: &[Row<'_>]) -> Vec<Indicator> {
    let fields: Vec<Option<Field>> = header.cells.iter().map(|c| field(&squeeze(c))).collect();
    let mut out: Vec<Indicator> = Vec::new();
    for row in rows {
        if row.cells.iter().all(|c| trim(c).is_empty()) {
            continue;
        }
        let get = |f: Field| {
            fields
                .iter()
                .position(|x| *x == Some(f))
                .and_then(|i| row.cells.get(i))
                .and_then(|c| cells::text(c))
        };
        let mut indicator = Indicator {
            row_no: out.len() + 1,
            level1: get(Field::Level1),
            level2: get(Field::Level2),
            level3: get(Field::Level3),
            description: get(Field::Description),
            value: get(Field::Value),
            target: None,
            basis: get(Field::Basis),
            filled_down: 0,
            source_line: row.line,
        };
        if let Some(above) = out.last() {
            if indicator.level1.is_none() && above.level1.is_some() {
                indicator.level1 = above.level1.clone();
                indicator.filled_down |= 1;
            }
            let same_group = indicator.filled_down & 1 == 1 || indicator.level1 == above.level1;
            if indicator.level2.is_none() && above.level2.is_some() && same_group {
                indicator.level2 = above.level2.clone();
                indicator.filled_down |= 2;
            }
        }
        indicator.target = indicator.value.as_deref().and_then(target::parse);
        out.push(indicator);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(
            split_title("1、车辆保险费绩效目标表"),
            (Some("1".into()), "车辆保险费".into())
        );
        assert_eq!(
            split_title("10、综合事务保障经费绩效目标表"),
            (Some("10".into()), "综合事务保障经费".into())
        );
        assert_eq!(
            split_title("大气污染防治项目绩效目标表"),
            (None, "大气污染防治项目".into())
        );
    }

    #[test]
    fn merged_levels_fill_down_within_their_group() {
        let text = "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n\
                    \t产出指标\n\t数量指标\n\t甲\n\t7辆\n\n\
                    \t\n\t\n\t乙\n\t≥95%\n\n\
                    \t效益指标\n\t\n\t丙\n\t好\n";
        let blocks = crate::read::blocks(text);
        let Some(crate::read::Block::Table(table)) = blocks.first() else {
            panic!("one table");
        };
        let got = indicators(&table.rows[0], &table.rows[1..]);
        let levels: Vec<_> = got
            .iter()
            .map(|i| (i.level1.as_deref(), i.level2.as_deref(), i.filled_down))
            .collect();
        assert_eq!(
            levels,
            [
                (Some("产出指标"), Some("数量指标"), 0),
                (Some("产出指标"), Some("数量指标"), 3),
                (Some("效益指标"), None, 0),
            ]
        );
        assert_eq!(got[1].target.as_ref().unwrap().number, "95");
    }
}

//! `--unit`, `--from`, `--to`, `--stage` and `--scope`: which disclosures
//! the analyst's commands read, turned into the canned queries' parameters.

use std::collections::BTreeMap;
use std::path::Path;
use yusuan::model::{Scope, Stage};
use yusuan::queries;

/// Which units, years, stage and scope.
#[derive(Debug, Default, clap::Args)]
pub struct Selection {
    /// Unit code, or part of a unit name in any year (单位编码或名称的一部分).
    #[arg(long)]
    pub unit: Option<String>,
    /// First year (起始年度).
    #[arg(long)]
    pub from: Option<i32>,
    /// Last year (截止年度).
    #[arg(long)]
    pub to: Option<i32>,
    /// 预算 (the budget, default) or 决算 (the final accounts) (阶段).
    #[arg(long, value_enum)]
    pub stage: Option<StageArg>,
    /// 部门 (a department with its units) or 单位 (one office) where an office
    /// publishes both; default: 部门 where both are stored (口径).
    #[arg(long, value_enum)]
    pub scope: Option<ScopeArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StageArg {
    #[value(name = "预算", alias = "budget")]
    Budget,
    #[value(name = "决算", alias = "final")]
    Final,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScopeArg {
    #[value(name = "部门", alias = "department")]
    Department,
    #[value(name = "单位", alias = "unit")]
    Unit,
}

impl StageArg {
    pub fn stage(self) -> Stage {
        match self {
            StageArg::Budget => Stage::Budget,
            StageArg::Final => Stage::Final,
        }
    }
}

impl ScopeArg {
    pub fn scope(self) -> Scope {
        match self {
            ScopeArg::Department => Scope::Department,
            ScopeArg::Unit => Scope::Unit,
        }
    }
}

impl Selection {
    pub fn params(&self) -> BTreeMap<String, String> {
        let mut params = BTreeMap::new();
        if let Some(unit) = &self.unit {
            params.insert("unit".to_string(), unit.trim().to_string());
        }
        if let Some(from) = self.from {
            params.insert("from".to_string(), from.to_string());
        }
        if let Some(to) = self.to {
            params.insert("to".to_string(), to.to_string());
        }
        if let Some(stage) = self.stage {
            params.insert("stage".to_string(), stage.stage().key().to_string());
        }
        if let Some(scope) = self.scope {
            params.insert("scope".to_string(), scope.scope().key().to_string());
        }
        params
    }
}

impl Selection {
    /// Why this selection cannot match anything, when that is known before
    /// asking: `--from` after `--to`, or a `--unit` no stored unit matches
    /// (with the stored names nearest to it). The commands print it on
    /// standard error and end with status 0: nothing went wrong, there is
    /// just nothing to show.
    pub fn why_nothing(&self, db: &Path) -> Result<Option<String>, String> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Ok(Some(format!(
                    "--from {from} 晚于 --to {to}，没有年份可选 (--from {from} is after --to {to}: no years to show)"
                )));
            }
        }
        let Some(unit) = self.unit.as_deref().map(str::trim) else {
            return Ok(None);
        };
        let matching = |unit: &str| {
            queries::run_read_only(
                db,
                "units",
                &BTreeMap::from([("unit".to_string(), unit.to_string())]),
            )
        };
        if !matching(unit)?.rows.is_empty() {
            return Ok(None);
        }
        let stored = matching("")?;
        let mut units: Vec<(String, String)> = stored
            .rows
            .iter()
            .map(|row| (text(row, 0), text(row, 1)))
            .collect();
        units.dedup();
        let near = nearest(unit, &units);
        let listed = if near.is_empty() {
            "yusuan units 列出已导入的单位 (yusuan units lists the stored units)".to_string()
        } else {
            format!("相近的单位 (nearest): {}", near.join("；"))
        };
        Ok(Some(format!(
            "没有单位的编码或名称含「{unit}」(no unit's code or name contains \"{unit}\")；{listed}"
        )))
    }

    /// Say on stderr which document was read where an office has both a
    /// 部门 and a 单位 one and `--scope` did not choose: yusuan does not
    /// assume one is what the analyst meant.
    pub fn note_scopes(&self, db: &Path) -> Result<(), String> {
        if self.scope.is_some() {
            return Ok(());
        }
        let mut params = self.params();
        params.retain(|key, _| key == "unit" || key == "stage");
        let both = queries::run_read_only(db, "scopes", &params)?;
        for row in &both.rows {
            let text = |i: usize| text(row, i);
            eprintln!(
                "注意 (note): {} {} 年既有部门预算也有单位预算，此处用部门的；--scope 单位 看单位的 (both a 部门 and a 单位 document are stored; this shows the 部门 one, --scope 单位 shows the other)",
                text(1),
                text(2)
            );
        }
        Ok(())
    }
}

/// Cell `i` of a query row as text.
fn text(row: &[yusuan::render::Value], i: usize) -> String {
    match row.get(i) {
        Some(yusuan::render::Value::Text(t)) => yusuan::text::quote(t),
        Some(yusuan::render::Value::Int(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// Up to five stored units ("code name") sharing the most characters with
/// what was typed, the closest first.
fn nearest(typed: &str, units: &[(String, String)]) -> Vec<String> {
    let wanted: std::collections::BTreeSet<char> =
        typed.chars().filter(|c| !c.is_whitespace()).collect();
    let mut scored: Vec<(usize, String)> = units
        .iter()
        .map(|(code, name)| {
            let shared = wanted
                .iter()
                .filter(|c| name.contains(**c) || code.contains(**c))
                .count();
            let label = if code == name {
                code.clone()
            } else {
                format!("{code} {name}")
            };
            (shared, label)
        })
        .filter(|(shared, _)| *shared > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(5).map(|(_, label)| label).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_units_share_the_most_characters() {
        let units = [
            ("434001".to_string(), "山海关区人民政府办公室".to_string()),
            (
                "上海市普陀区财政局".to_string(),
                "上海市普陀区财政局".to_string(),
            ),
            ("999".to_string(), "无关单位".to_string()),
        ];
        let near = nearest("区财政局", &units);
        assert_eq!(near.first().map(String::as_str), Some("上海市普陀区财政局"));
        assert!(!near.iter().any(|n| n.contains("无关")), "{near:?}");
    }
}

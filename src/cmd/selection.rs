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
            let text = |i: usize| match row.get(i) {
                Some(yusuan::render::Value::Text(t)) => yusuan::text::quote(t),
                Some(yusuan::render::Value::Int(n)) => n.to_string(),
                _ => String::new(),
            };
            eprintln!(
                "注意 (note): {} {} 年既有部门预算也有单位预算，此处用部门的；--scope 单位 看单位的 (both a 部门 and a 单位 document are stored; this shows the 部门 one, --scope 单位 shows the other)",
                text(1),
                text(2)
            );
        }
        Ok(())
    }
}

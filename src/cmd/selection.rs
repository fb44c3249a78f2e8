//! `--unit`, `--from` and `--to`: which units and years the analyst's
//! commands read, turned into the canned queries' parameters.

use std::collections::BTreeMap;

/// Which units and years.
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
        params
    }
}

//! `yusuan show UNIT YEAR [SECTION]`: read one stored disclosure back —
//! its standard tables, narrative, 机构设置, 政府采购, 固定资产, project
//! indicators or stated figures — in any output format.

use super::output::{self, OutputArgs};
use super::selection::{ScopeArg, StageArg};
use clap::ValueEnum;
use std::path::Path;
use yusuan::report::show::{self, Part};

/// Read one stored disclosure back: overview, or tables, narrative, institution,
/// procurement, assets, projects, figures (查看某单位某年的预算公开).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  yusuan show 434001 2023\n  yusuan show 区财政局 2023 projects --format md\n  yusuan show 司法局 2026 narrative --scope 单位"
)]
pub struct Args {
    /// Unit code, or part of its name (单位编码或名称的一部分).
    pub unit: String,
    /// Budget year (预算年度).
    pub year: i32,
    /// What to show (显示内容); without it, an overview of what is stored.
    #[arg(value_enum)]
    pub section: Option<Section>,
    /// 预算 or 决算 where both are stored for the year; default: 预算 (阶段).
    #[arg(long, value_enum)]
    pub stage: Option<StageArg>,
    /// 部门 (a department with its units) or 单位 (one office) where both are
    /// stored; default: 部门 (口径).
    #[arg(long, value_enum)]
    pub scope: Option<ScopeArg>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The parts of a stored disclosure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Section {
    /// The nine standard tables, cell by cell (标准表).
    Tables,
    /// The 情况说明, section by section.
    Narrative,
    /// 机构设置.
    Institution,
    /// 政府采购预算.
    Procurement,
    /// 单位固定资产占用情况表.
    Assets,
    /// Project 绩效目标 and indicators (项目绩效目标).
    Projects,
    /// Figures the 情况说明 states (情况说明所述金额).
    Figures,
}

impl From<Section> for Part {
    fn from(section: Section) -> Part {
        match section {
            Section::Tables => Part::Tables,
            Section::Narrative => Part::Narrative,
            Section::Institution => Part::Institution,
            Section::Procurement => Part::Procurement,
            Section::Assets => Part::Assets,
            Section::Projects => Part::Projects,
            Section::Figures => Part::Figures,
        }
    }
}

pub fn run(db: &Path, args: &Args) -> Result<i32, String> {
    let part = args.section.map(Part::from);
    let pick = show::Pick {
        stage: args.stage.map(StageArg::stage),
        scope: args.scope.map(ScopeArg::scope),
    };
    let shown = show::disclosure(db, &args.unit, args.year, part, pick)?;
    for note in &shown.notes {
        eprintln!("{note}");
    }
    output::emit(&shown.report, &args.output, db)?;
    Ok(0)
}

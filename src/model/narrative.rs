//! What the 情况说明 (narrative) of a unit section says, and the tables
//! printed inside it: 机构设置, 政府采购预算, 单位固定资产占用情况表 and the
//! project 绩效目标表. Re-exported from [`crate::model`].
//!
//! Everything is kept as published: amounts are exact 分 with the raw text
//! beside them (blank, "-" and 0 stay apart), and figures the narrative
//! states keep the unit they were written in, slips included.

use super::AmountCell;
use crate::amount::AmountUnit;

/// The narrative of one unit section and the tables printed in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Narrative {
    /// The text, in order: a preamble (the 情况说明 title and what precedes
    /// the first numbered heading), then one section per numbered heading.
    pub sections: Vec<NarrativeSection>,
    /// Rows of the 机构设置 table.
    pub institutions: Vec<Institution>,
    /// Rows of the 政府采购预算 table: 合计, 小计 per unit, items.
    pub procurement: Vec<ProcurementRow>,
    /// Lines of the 单位固定资产占用情况表.
    pub assets: Vec<AssetLine>,
    /// One per project 绩效目标表.
    pub projects: Vec<Project>,
    /// Every amount the text states, with what it claims to be.
    pub figures: Vec<StatedFigure>,
}

impl Narrative {
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
            && self.institutions.is_empty()
            && self.procurement.is_empty()
            && self.assets.is_empty()
            && self.projects.is_empty()
            && self.figures.is_empty()
    }

    /// The section a figure was stated in.
    pub fn section_of(&self, figure: &StatedFigure) -> Option<&NarrativeSection> {
        self.sections.get(figure.section)
    }
}

/// What a narrative section is about, from its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// The 情况说明 title and the text before the first numbered heading.
    Preamble,
    /// 单位职责及机构设置
    Duties,
    /// 单位预算安排的总体情况 (收入说明, 支出说明, 比上年增减)
    Overview,
    /// 机关运行经费
    OperatingCosts,
    /// 财政拨款“三公”经费
    Sangong,
    /// 预算绩效信息
    Performance,
    /// 政府采购预算
    Procurement,
    /// 国有资产信息
    Assets,
    /// 名词解释
    Glossary,
    /// Anything else (其他需要说明的事项, …)
    Other,
}

impl Topic {
    /// The name stored in `narrative_sections.topic`.
    pub fn key(self) -> &'static str {
        match self {
            Topic::Preamble => "前言",
            Topic::Duties => "职责",
            Topic::Overview => "总体情况",
            Topic::OperatingCosts => "机关运行经费",
            Topic::Sangong => "三公",
            Topic::Performance => "绩效",
            Topic::Procurement => "政府采购",
            Topic::Assets => "国有资产",
            Topic::Glossary => "名词解释",
            Topic::Other => "其他",
        }
    }
}

/// One numbered section of the narrative (or the preamble before them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NarrativeSection {
    /// 0-based position in the narrative.
    pub ordinal: usize,
    /// The number as printed ("一", "5"); `None` for the preamble.
    pub number_label: Option<String>,
    /// Its value (一 → 1, 5 → 5).
    pub number: Option<u32>,
    /// The heading without its number and bookmarks ("单位职责及机构设置情况");
    /// for the preamble, the 情况说明 title when there is one.
    pub heading: Option<String>,
    pub topic: Topic,
    /// The paragraphs after the heading, as published, one per line
    /// (table titles included; table cells are stored in their own rows).
    pub text: String,
    /// Line of the heading (or of the first paragraph).
    pub source_line: usize,
}

/// A row of the 机构设置 table. Cells that are blank or absent are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Institution {
    /// 1-based among the table's data rows.
    pub row_no: usize,
    /// 单位名称
    pub name: Option<String>,
    /// 单位性质 (行政, 事业, …)
    pub nature: Option<String>,
    /// 单位规格 (正科级, …)
    pub grade: Option<String>,
    /// 经费保障形式 (财政拨款, …)
    pub funding_form: Option<String>,
    pub source_line: usize,
}

/// What a row of the 政府采购预算 table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProcurementRowKind {
    /// 合计
    Total,
    /// `<unit>小计`
    Subtotal,
    /// A project's purchase.
    Item,
}

impl ProcurementRowKind {
    pub fn key(self) -> &'static str {
        match self {
            ProcurementRowKind::Total => "total",
            ProcurementRowKind::Subtotal => "subtotal",
            ProcurementRowKind::Item => "item",
        }
    }
}

/// A number that is not money (数量 of a purchase or an asset), as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The cell as published (trimmed).
    pub text: String,
    /// Its exact value in thousandths (3911 → 3_911_000, 12.5 → 12_500);
    /// `None` when the text is not a plain decimal or is finer than 0.001.
    pub milli: Option<i64>,
}

/// One amount column of a 政府采购金额 group other than its 合计 (one per
/// fund source: 一般公共预算拨款, 基金预算拨款, 单位资金, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundAmount {
    /// The column's header as published, whitespace removed.
    pub source: String,
    /// `position` is the 1-based column of the row.
    pub cell: AmountCell,
}

/// A row of the 政府采购预算 table. Amount columns the table does not have
/// are `None`; cells it prints blank are [`crate::amount::Cell::Blank`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcurementRow {
    /// 1-based among the table's data rows.
    pub row_no: usize,
    pub kind: ProcurementRowKind,
    /// The unit a 小计 row sums (its label without 小计), also given to the
    /// items after it.
    pub unit_name: Option<String>,
    /// 项目名称 as published; for 合计/小计 rows, the row's label.
    pub project: Option<String>,
    /// 预算资金 of the project.
    pub budget: Option<AmountCell>,
    /// 采购物品名称
    pub item: Option<String>,
    /// 政府采购目录序号 (B02149900, …)
    pub catalogue_code: Option<String>,
    /// 计量单位 (批, 台, …)
    pub measure_unit: Option<String>,
    /// 数量
    pub quantity: Option<Quantity>,
    /// 单价
    pub unit_price: Option<AmountCell>,
    /// 政府采购金额 合计
    pub total: Option<AmountCell>,
    /// The other 政府采购金额 columns that are not blank.
    pub funds: Vec<FundAmount>,
    /// 预留中小微企业份额
    pub sme_reserved: Option<AmountCell>,
    pub amount_unit: AmountUnit,
    pub source_line: usize,
}

/// What an asset line's 数量 counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuantityKind {
    /// An area (平方米, ㎡).
    Area,
    /// A count (台, 辆, 个, 件, 套).
    Count,
}

impl QuantityKind {
    pub fn key(self) -> &'static str {
        match self {
            QuantityKind::Area => "area",
            QuantityKind::Count => "count",
        }
    }
}

/// A line of the 单位固定资产占用情况表.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetLine {
    /// 1-based among the table's data rows.
    pub row_no: usize,
    /// The 项目 cell as published (trimmed): `1、房屋（平方米）`.
    pub name: String,
    /// The same without ordinal, 其中 and the parenthetical: 房屋, 办公用房,
    /// 车辆, 单价在20万元以上的设备, 其他固定资产, 资产总额.
    pub item: String,
    /// For a 其中 line, the item of the line it is part of.
    pub part_of: Option<String>,
    /// What the line says 数量 is in: 平方米, 台、辆; `None` when unsaid.
    pub measure: Option<String>,
    pub quantity_kind: Option<QuantityKind>,
    /// 数量; `None` when blank.
    pub quantity: Option<Quantity>,
    /// 价值
    pub value: AmountCell,
    pub amount_unit: AmountUnit,
    /// 截止时间: ISO date (2022-12-31) when it reads as one, else as printed.
    pub as_of: Option<String>,
    pub source_line: usize,
}

/// A project 绩效目标表: the goal and the indicators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// 1-based order in the narrative.
    pub ordinal: usize,
    /// The number its title gives it ("1" of `1、车辆保险费绩效目标表`).
    pub number: Option<String>,
    /// The project's name from the title (车辆保险费); empty when untitled.
    pub name: String,
    /// The title as published.
    pub title: Option<String>,
    /// 绩效目标 as published (rows joined by a line break).
    pub goal: Option<String>,
    pub source_line: usize,
    pub indicators: Vec<Indicator>,
}

/// `≤ ≥ < > =` of a numeric 指标值.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    Le,
    Ge,
    Lt,
    Gt,
    /// Written without a comparator (`7辆`, `100%`), or with `=`.
    Eq,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Le => "≤",
            Comparator::Ge => "≥",
            Comparator::Lt => "<",
            Comparator::Gt => ">",
            Comparator::Eq => "=",
        }
    }
}

/// A 指标值 that compares with a number: `≤2.8万元` → (≤, "2.8", 万元).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub comparator: Comparator,
    /// The number as exact decimal text ("2.8", "95").
    pub number: String,
    /// The unit as written (万元, %, 次, 辆, 各 …); `None` for a bare number.
    pub unit: Option<String>,
}

/// One indicator row of a project 绩效目标表. Vertically merged 一级/二级
/// cells are filled down from the row above.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// 1-based among the project's indicator rows.
    pub row_no: usize,
    /// 一级指标 (产出指标, 效益指标, 满意度指标)
    pub level1: Option<String>,
    /// 二级指标 (数量指标, 质量指标, …)
    pub level2: Option<String>,
    /// 三级指标
    pub level3: Option<String>,
    /// 绩效指标描述
    pub description: Option<String>,
    /// 指标值 as published.
    pub value: Option<String>,
    /// The comparison when 指标值 is one with a number.
    pub target: Option<Target>,
    /// 指标值确定依据
    pub basis: Option<String>,
    /// Bit 1: 一级 was blank and filled from above; bit 2: 二级 likewise.
    pub filled_down: u8,
    pub source_line: usize,
}

/// What a stated figure claims to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Claim {
    /// 预算收入 (total income)
    Income,
    /// One source of income (一般公共预算收入, 基金预算收入, …): see `item`.
    IncomeSource,
    /// 预算支出 (total expenditure)
    Expenditure,
    /// 基本支出
    Basic,
    /// 项目支出 (total)
    ProjectTotal,
    /// 人员经费
    Personnel,
    /// 公用经费 / 日常公用经费
    Public,
    /// One project's amount: see `item`.
    Project,
    /// 机关运行经费 (total)
    OperatingCosts,
    /// One item of the 机关运行经费 (办公费, …): see `item`.
    OperatingItem,
    /// “三公”经费 (total)
    Sangong,
    /// One part of the 三公 (因公出国（境）费, …): see `item`.
    SangongPart,
    /// 政府采购预算 (total)
    Procurement,
    /// 固定资产 (total value)
    FixedAssets,
    /// 拟购置固定资产
    AssetPurchase,
    /// An amount whose meaning was not recognised: see `label`.
    Other,
}

impl Claim {
    /// The name stored in `stated_figures.claim`.
    pub fn key(self) -> &'static str {
        match self {
            Claim::Income => "预算收入",
            Claim::IncomeSource => "收入来源",
            Claim::Expenditure => "预算支出",
            Claim::Basic => "基本支出",
            Claim::ProjectTotal => "项目支出",
            Claim::Personnel => "人员经费",
            Claim::Public => "公用经费",
            Claim::Project => "项目",
            Claim::OperatingCosts => "机关运行经费",
            Claim::OperatingItem => "机关运行经费明细",
            Claim::Sangong => "三公经费",
            Claim::SangongPart => "三公经费明细",
            Claim::Procurement => "政府采购",
            Claim::FixedAssets => "固定资产",
            Claim::AssetPurchase => "固定资产购置",
            Claim::Other => "其他",
        }
    }
}

/// Which year's figure, or a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// The previous year's figure (较2022年预算702.04万元).
    PreviousYear,
    /// The change from the previous year; the figure's `fen` is signed
    /// (增加 +, 减少 −).
    Change,
    /// As of the end of the previous year (上年末固定资产金额).
    PreviousYearEnd,
}

impl Qualifier {
    pub fn key(self) -> &'static str {
        match self {
            Qualifier::PreviousYear => "上年",
            Qualifier::Change => "增减",
            Qualifier::PreviousYearEnd => "上年末",
        }
    }
}

/// An amount the narrative states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedFigure {
    /// 0-based order in the narrative.
    pub ordinal: usize,
    /// [`NarrativeSection::ordinal`] of the section it is stated in.
    pub section: usize,
    pub claim: Claim,
    /// The item named (a project, an income source, a 机关运行经费 item, a 三公
    /// part, 日常公用经费 for 公用经费), as written.
    pub item: Option<String>,
    /// `None`: this year's budget.
    pub qualifier: Option<Qualifier>,
    /// The amount in 分, computed in the unit as written (0.34元 → 34);
    /// negative for a decrease. `None` when finer than 0.01 元.
    pub fen: Option<i64>,
    /// 元, 万元, 万, 亿元 or 亿, exactly as written.
    pub unit_as_written: &'static str,
    /// Number and unit as written: `0.34元`, `10万`.
    pub raw: String,
    /// The words before the number that say what it is, as written.
    pub label: String,
    /// The sentence it is stated in.
    pub sentence: String,
    /// Where that sentence starts in the section's `text`, in characters.
    pub sentence_start: usize,
    pub source_line: usize,
}

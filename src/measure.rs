//! A 决算 table's amount column → what it measures: a budget the 决算
//! prints (年初预算数, 调整预算数, 全年预算数, 预算数) or the actual (决算数), and
//! whether it is the line's total or a part of it (基本支出, 项目支出 …).
//!
//! The header path says it as published (年初预算数/合计, 全年预算数,
//! 决算数/基本支出); the column key alone cannot, since it is the leaf.

/// What a 决算 table's column measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Measure {
    /// 年初预算数: the budget as passed at the start of the year.
    StartBudget,
    /// 调整预算数: the budget after adjustments.
    AdjustedBudget,
    /// 全年预算数: the whole year's budget.
    FullYearBudget,
    /// 预算数, unqualified.
    Budget,
    /// 决算数, or a total column with no measure named (本年支出合计).
    Actual,
}

impl Measure {
    /// The budgets a 决算 prints, in the order the rate prefers them: the
    /// last word on the budget first.
    pub const BUDGETS_BY_PREFERENCE: [Measure; 4] = [
        Measure::FullYearBudget,
        Measure::AdjustedBudget,
        Measure::StartBudget,
        Measure::Budget,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Measure::StartBudget => "年初预算数",
            Measure::AdjustedBudget => "调整预算数",
            Measure::FullYearBudget => "全年预算数",
            Measure::Budget => "预算数",
            Measure::Actual => "决算数",
        }
    }

    fn of_part(part: &str) -> Option<Measure> {
        let part: String = part.chars().filter(|c| !c.is_whitespace()).collect();
        match part.as_str() {
            "年初预算数" | "年初预算" => Some(Measure::StartBudget),
            "调整预算数" | "调整后预算数" | "调整预算" => {
                Some(Measure::AdjustedBudget)
            }
            "全年预算数" | "全年预算" => Some(Measure::FullYearBudget),
            "预算数" => Some(Measure::Budget),
            "决算数" => Some(Measure::Actual),
            _ => None,
        }
    }
}

/// The part of a line a column holds.
const TOTAL_KEYS: [&str; 4] = ["合计", "小计", "本年支出合计", "本年支出"];

/// The measure of a total column (`header` as published, `key` its
/// canonical leaf); `None` for a part (基本支出, 项目支出 …) or a column
/// that is neither budget nor actual (年初结转和结余 …).
pub fn total_measure(header: &str, key: &str) -> Option<Measure> {
    let parts: Vec<&str> = header.split('/').collect();
    let named = parts.iter().find_map(|p| Measure::of_part(p));
    let leaf_is_measure = parts.last().and_then(|p| Measure::of_part(p)).is_some();
    let is_total = leaf_is_measure || TOTAL_KEYS.contains(&key);
    match (named, is_total) {
        (Some(measure), true) => Some(measure),
        // 本年支出合计 without a measure over it is what was spent.
        (None, true) => Some(Measure::Actual),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_say_the_measure_and_whether_it_is_the_total() {
        assert_eq!(
            total_measure("年初预算数/合计", "合计"),
            Some(Measure::StartBudget)
        );
        assert_eq!(
            total_measure("全年预算数", "全年预算数"),
            Some(Measure::FullYearBudget)
        );
        assert_eq!(total_measure("调整预算数/基本支出", "基本支出"), None);
        assert_eq!(total_measure("决算数/合计", "合计"), Some(Measure::Actual));
        assert_eq!(
            total_measure("本年支出合计", "本年支出合计"),
            Some(Measure::Actual)
        );
        assert_eq!(total_measure("预算数", "预算数"), Some(Measure::Budget));
        assert_eq!(total_measure("年初结转和结余", "年初结转和结余"), None);
    }
}

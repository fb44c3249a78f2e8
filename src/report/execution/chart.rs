//! The execution report → a bar chart of budget beside actual: one
//! unit-year's lines, or the 合计 of several unit-years.

use super::{Execution, Line};
use crate::amount::AmountUnit;
use crate::chart::{Chart, Point, Series};
use crate::render::money_exact;

impl Execution {
    /// One unit-year: its `top` largest lines. Several: the `top` largest
    /// unit-years by their 合计. Bars: the 预算 document's budget, the
    /// budget the 决算 prints (where any does), the actual.
    pub fn chart(&self, top: usize, money: AmountUnit) -> Chart {
        let (title, picked): (String, Vec<(String, &Line)>) = match self.sections.as_slice() {
            [one] => {
                let mut lines: Vec<&Line> = one.lines.iter().collect();
                lines.sort_by_key(|l| std::cmp::Reverse(size(l)));
                lines.truncate(top.max(1));
                (
                    format!("{} — 预算 vs 决算", one.title()),
                    lines.into_iter().map(|l| (l.name.clone(), l)).collect(),
                )
            }
            many => {
                let mut sections: Vec<_> = many.iter().collect();
                sections.sort_by_key(|s| std::cmp::Reverse(size(&s.total)));
                sections.truncate(top.max(1));
                (
                    "预算 vs 决算：合计（各单位年度）".to_string(),
                    sections
                        .into_iter()
                        .map(|s| (format!("{} {}", s.name, s.year), &s.total))
                        .collect(),
                )
            }
        };
        let per_unit = money.fen_per_unit() as f64;
        let point = |fen: Option<i64>| {
            fen.map(|fen| Point {
                value: fen as f64 / per_unit,
                label: money_exact(fen.into(), money),
            })
        };
        let series = |name: &str, pick: &dyn Fn(&Line) -> Option<i64>| Series {
            name: name.to_string(),
            points: picked.iter().map(|(_, l)| point(pick(l))).collect(),
        };
        let mut all = vec![series("预算数（预算文件）", &|l| l.budget)];
        if picked.iter().any(|(_, l)| l.printed_budget().is_some()) {
            all.push(series("预算数（决算表自列）", &|l| {
                l.printed_budget().map(|(_, fen)| fen)
            }));
        }
        all.push(series("决算数", &|l| l.actual));
        Chart {
            title,
            unit: money.label().to_string(),
            x: picked.iter().map(|(name, _)| name.clone()).collect(),
            series: all,
        }
    }
}

/// How large a line is for ranking: its largest figure.
fn size(line: &Line) -> u64 {
    [
        line.budget,
        line.actual,
        line.printed_budget().map(|(_, f)| f),
    ]
    .into_iter()
    .flatten()
    .map(i64::unsigned_abs)
    .max()
    .unwrap_or(0)
}

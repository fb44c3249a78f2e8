//! Comparing a published figure with the figures it should equal.

use super::lookup::{cell, label};
use crate::amount::{format_fen, sum_fen, AmountUnit, FenSum};
use crate::model::{Line, Severity, StandardTable};

/// 0.01 万元 per summed figure: published tables round each figure to
/// 0.01 万元, so a sum of n figures may drift by up to n such steps. Reported
/// as `rounding`, separately from errors, never hidden.
pub const TOLERANCE_FEN_PER_FIGURE: i64 = 10_000;

/// `rounding` when `difference` is within the tolerance for `figures`
/// summed figures, else `error`. The one place that draws the line.
/// Differences and sums of amounts are taken in [`FenSum`]: a document's
/// figures near an amount's range must not wrap into a false verdict.
pub fn severity_of(difference: FenSum, figures: i64) -> Severity {
    let tolerance = FenSum::from(TOLERANCE_FEN_PER_FIGURE) * FenSum::from(figures.max(1));
    if difference.unsigned_abs() <= tolerance.unsigned_abs() {
        Severity::Rounding
    } else {
        Severity::Error
    }
}

/// A figure taking part in a comparison, and how to cite it. The citation
/// is written out only for a mismatch: building labels for every cell of
/// every sum made the audit cost more than reading the document.
#[derive(Debug, Clone)]
pub struct Term<'a> {
    /// `None` when the cell is blank or "-" (counted as 0).
    pub fen: Option<i64>,
    cite: Cite<'a>,
}

#[derive(Debug, Clone)]
enum Cite<'a> {
    Cell(&'a StandardTable, &'a Line, &'a str),
    #[cfg(test)]
    Text(String),
}

impl<'a> Term<'a> {
    /// Column `key` of `line` in `table`.
    pub fn at(table: &'a StandardTable, line: &'a Line, key: &'a str) -> Term<'a> {
        Term {
            fen: cell(table, line, key).flatten(),
            cite: Cite::Cell(table, line, key),
        }
    }

    #[cfg(test)]
    pub fn new(label: impl Into<String>, fen: Option<i64>) -> Term<'a> {
        Term {
            fen,
            cite: Cite::Text(label.into()),
        }
    }

    pub fn label(&self) -> String {
        match &self.cite {
            Cite::Cell(table, line, key) => label(table, line, key),
            #[cfg(test)]
            Cite::Text(text) => text.clone(),
        }
    }
}

/// The outcome of `published = Σ parts`.
pub struct Mismatch {
    pub severity: Severity,
    pub published: i64,
    pub expected: FenSum,
    pub evidence: String,
}

/// Compare a published figure with the sum of `parts`. Blank and "-" count
/// as 0; a blank total over blank parts is consistent.
pub fn check_sum(published: &Term, parts: &[Term], unit: AmountUnit) -> Option<Mismatch> {
    let expected = sum_fen(parts.iter().map(|t| t.fen.unwrap_or(0)));
    let actual = published.fen.unwrap_or(0);
    let difference = FenSum::from(actual) - expected;
    if difference == 0 {
        return None;
    }
    let figures = parts.iter().filter(|t| t.fen.is_some()).count().max(1) as i64;
    let severity = severity_of(difference, figures);
    let shown = |t: &Term| format!("{} {}", t.label(), show(t.fen, unit));
    // Blank parts add nothing; name them only by count so that a 收支总表
    // line sum does not list thirty empty 类.
    let printed: Vec<String> = parts
        .iter()
        .filter(|t| t.fen.is_some())
        .map(shown)
        .collect();
    let blank = parts.len() - printed.len();
    let sum_text = if parts.len() <= 3 || blank == 0 {
        parts.iter().map(shown).collect::<Vec<_>>().join(" + ")
    } else if printed.is_empty() {
        "空".to_string()
    } else {
        format!("{}（另 {blank} 项为空）", printed.join(" + "))
    };
    let evidence = format!(
        "{} ≠ {} = {}（差 {} {}）",
        shown(published),
        sum_text,
        format_fen(expected, unit, 2),
        format_fen(difference, unit, 2),
        unit.label()
    );
    Some(Mismatch {
        severity,
        published: actual,
        expected,
        evidence,
    })
}

/// A figure in the table's own unit; blank cells shown as 空.
pub fn show(fen: Option<i64>, unit: AmountUnit) -> String {
    match fen {
        Some(fen) => format_fen(fen, unit, 2),
        None => "空".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_bounded_per_summed_figure() {
        let unit = AmountUnit::Wanyuan;
        let total = Term::new("小计", Some(12_360_000));
        let parts = [
            Term::new("出国", None),
            Term::new("车", Some(10_860_000)),
            Term::new("接待", Some(1_490_000)),
        ];
        let found = check_sum(&total, &parts, unit).unwrap();
        assert_eq!(found.severity, Severity::Rounding);
        assert_eq!((found.published, found.expected), (12_360_000, 12_350_000));
        assert!(
            found
                .evidence
                .contains("小计 12.36 ≠ 出国 空 + 车 10.86 + 接待 1.49 = 12.35（差 0.01 万元）"),
            "{}",
            found.evidence
        );
        let far = Term::new("小计", Some(12_400_000));
        assert_eq!(
            check_sum(&far, &parts, unit).unwrap().severity,
            Severity::Error
        );
        assert!(check_sum(&Term::new("x", None), &[Term::new("y", None)], unit).is_none());
    }
}

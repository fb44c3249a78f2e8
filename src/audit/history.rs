//! narrative.previous_year: what a disclosure says last year's 预算支出 was,
//! held against last year's document → a finding. The one rule that needs
//! another year: the years come through [`History`], which whoever keeps
//! them (the store) implements, so the rule is written here and the keeper
//! only answers questions.

use super::compare::severity_of;
use crate::amount::{format_fen, AmountUnit};
use crate::model::{Claim, Finding, Qualifier, UnitDisclosure};

/// The rule id, also used by the keeper to clear findings made against a
/// document that has been replaced.
pub const RULE: &str = "narrative.previous_year";

/// A statement about last year's 预算支出.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub fen: i64,
    /// The figure as written.
    pub raw: String,
    /// Line (position) of the sentence in its document.
    pub line: i64,
    /// The file the statement is in (its name), so that a finding names
    /// both documents it compared.
    pub document: String,
}

/// A year's 收支总表 本年支出合计 (预算数), as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    /// `None` when the cell is blank or "-".
    pub fen: Option<i64>,
    /// The unit the table was published in.
    pub unit: AmountUnit,
    /// The file it was read from (its name).
    pub document: String,
}

/// The other years of a unit's 预算, as far as they are known.
pub trait History {
    type Error;

    /// The first statement (in text order) with a figure that `unit`'s
    /// stored 预算 of `year` makes about last year's 预算支出.
    fn statement(&self, unit: &str, year: i32) -> Result<Option<Statement>, Self::Error>;

    /// The stored total of `unit`'s 预算 of `year`; `None` when there is
    /// no such document or its 收支总表 has no such line.
    fn total(&self, unit: &str, year: i32) -> Result<Option<Total>, Self::Error>;
}

/// The disclosure's own statement about last year, read from memory (it
/// need not be stored yet): the same choice as [`History::statement`].
pub fn statement(unit: &UnitDisclosure) -> Option<Statement> {
    unit.narrative
        .figures
        .iter()
        .filter(|f| f.claim == Claim::Expenditure && f.qualifier == Some(Qualifier::PreviousYear))
        .filter_map(|f| Some((f.ordinal, f.fen?, f.raw.clone(), f.source_line as i64)))
        .min_by_key(|(ordinal, ..)| *ordinal)
        .map(|(_, fen, raw, line)| Statement {
            fen,
            raw,
            line,
            document: String::new(),
        })
}

/// Hold what the `stating` year's disclosure of `unit` says (`said`)
/// against the stored document of the year before: a finding when they
/// differ, nothing when they agree or last year is not known.
pub fn check<H: History>(
    history: &H,
    unit: &str,
    stating: i32,
    said: Statement,
) -> Result<Option<Finding>, H::Error> {
    let stated = stating - 1;
    let Some(total) = history.total(unit, stated)? else {
        return Ok(None);
    };
    let actual = total.fen.unwrap_or(0);
    if said.fen == actual {
        return Ok(None);
    }
    let Statement {
        fen,
        raw,
        line,
        document,
    } = said;
    Ok(Some(Finding {
        column: Some("预算数".to_string()),
        published_fen: Some(fen),
        expected_fen: Some(actual),
        ..Finding::notice(
            RULE,
            severity_of(
                crate::amount::FenSum::from(fen) - crate::amount::FenSum::from(actual),
                1,
            ),
            "情况说明所述上年预算支出与上年已导入的文件不符 (stated last-year figure differs from last year's document)".to_string(),
            Some("收支总表"),
            format!(
                "{stating} 年文件「{document}」情况说明（第 {line} 行）称 {stated} 年预算支出为 {raw}；\
                 {stated} 年文件「{}」收支总表本年支出合计为 {} {} \
                 (compares two documents: either may be the one that is wrong)",
                total.document,
                format_fen(actual, total.unit, 2),
                total.unit.label()
            ),
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Years kept in memory.
    #[derive(Default)]
    struct Years(HashMap<i32, Total>);

    impl History for Years {
        type Error = std::convert::Infallible;
        fn statement(&self, _: &str, _: i32) -> Result<Option<Statement>, Self::Error> {
            Ok(None)
        }
        fn total(&self, _: &str, year: i32) -> Result<Option<Total>, Self::Error> {
            Ok(self.0.get(&year).cloned())
        }
    }

    fn said(fen: i64) -> Statement {
        Statement {
            fen,
            raw: "100.00万元".into(),
            line: 7,
            document: "434001-2023.txt".into(),
        }
    }

    #[test]
    fn a_statement_differing_from_last_years_total_is_a_finding_citing_both() {
        let mut years = Years::default();
        years.0.insert(
            2022,
            Total {
                fen: Some(90_000_000),
                unit: AmountUnit::Wanyuan,
                document: "434001-2022.txt".into(),
            },
        );
        let found = check(&years, "434001", 2023, said(100_000_000))
            .unwrap()
            .expect("a finding");
        assert_eq!(found.rule, RULE);
        assert_eq!(found.severity, crate::model::Severity::Error);
        assert_eq!(found.difference_fen(), Some(10_000_000));
        assert!(
            found
                .evidence
                .contains("2023 年文件「434001-2023.txt」情况说明（第 7 行）"),
            "{}",
            found.evidence
        );
        assert!(
            found.evidence.contains("2022 年文件「434001-2022.txt」"),
            "{}",
            found.evidence
        );
        assert!(found.evidence.contains("90.00 万元"), "{}", found.evidence);
    }

    #[test]
    fn an_agreeing_statement_or_an_unknown_year_is_no_finding() {
        let mut years = Years::default();
        assert_eq!(check(&years, "434001", 2023, said(1)).unwrap(), None);
        years.0.insert(
            2022,
            Total {
                fen: Some(1),
                unit: AmountUnit::Yuan,
                document: "434001-2022.txt".into(),
            },
        );
        assert_eq!(check(&years, "434001", 2023, said(1)).unwrap(), None);
    }
}

//! Audit: do the published figures add up?
//!
//! Rules run on a recognised disclosure (the same typed tables the store
//! writes), at import, and their findings are stored with it. Nothing is
//! corrected: a finding says what was compared, with the figures.

mod balance;
mod classes;
mod compare;
mod completeness;
pub mod cross_stage;
mod cross_table;
mod hierarchy;
pub mod history;
mod identities;
mod lookup;
mod narrative;

pub use crate::model::{Finding, Severity};
pub use compare::{severity_of, TOLERANCE_FEN_PER_FIGURE};

use crate::model::{Line, StandardTable, UnitDisclosure};
use crate::read::Place;

/// A finding about one cell: `column` of `line` in `table`.
fn finding(
    table: &StandardTable,
    line: &Line,
    column: &str,
    rule: &'static str,
    message: &str,
    m: compare::Mismatch,
) -> Finding {
    Finding {
        rule,
        severity: m.severity,
        message: message.to_string(),
        table: Some(table.kind.key()),
        seq: Some(line.seq.clone()),
        code: line.code.clone(),
        column: Some(column.to_string()),
        published_fen: Some(m.published),
        // A sum past an amount's range is in the evidence only.
        expected_fen: i64::try_from(m.expected).ok(),
        evidence: m.evidence,
    }
}

/// For each column in `columns`: `total` line = Σ `parts` lines. The
/// columns come looked up (see [`lookup::ColumnValues::each`]) so that a
/// rule summing many groups of one table finds each column once.
fn sum_of_lines(
    table: &StandardTable,
    total: &Line,
    parts: &[&Line],
    columns: &mut [lookup::ColumnValues<'_>],
    rule: &'static str,
    message: &str,
    out: &mut Vec<Finding>,
) {
    use compare::{check_sum, Term};
    for values in columns {
        if sum_agrees(values, total, parts) {
            continue;
        }
        let key = values.key();
        let published = Term::at(table, total, key);
        let terms: Vec<Term> = parts.iter().map(|p| Term::at(table, p, key)).collect();
        if let Some(m) = check_sum(&published, &terms, table.amount_unit) {
            out.push(finding(table, total, key, rule, message, m));
        }
    }
}

/// Whether `total` = Σ `parts` in the column of `values` (blank and "-" as
/// 0), as [`compare::check_sum`] decides it, without building the cited
/// terms that only a mismatch needs.
fn sum_agrees(values: &mut lookup::ColumnValues<'_>, total: &Line, parts: &[&Line]) -> bool {
    let expected = crate::amount::sum_fen(parts.iter().map(|p| values.fen(p).unwrap_or(0)));
    crate::amount::FenSum::from(values.fen(total).unwrap_or(0)) == expected
}

/// How evidence names a place in the document: by line for text exports,
/// by the reader's description (sheet, table, row) for other formats.
pub type Locate<'a> = &'a dyn Fn(usize) -> Place;

/// Places of a text export: its line numbers.
pub fn by_line(line: usize) -> Place {
    Place::Line(line)
}

/// Every rule over one unit's disclosure.
pub fn audit_unit(unit: &UnitDisclosure, locate: Locate<'_>) -> Vec<Finding> {
    audit_joined(unit, locate, locate)
}

/// Every rule over a disclosure whose 情况说明 came in another file than its
/// tables: each part's positions are named by its own file's places.
pub fn audit_joined(
    unit: &UnitDisclosure,
    tables: Locate<'_>,
    narrative: Locate<'_>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    hierarchy::check(unit, &mut findings);
    identities::check(unit, &mut findings);
    balance::check(unit, &mut findings);
    cross_table::check(unit, &mut findings);
    completeness::check(unit, tables, &mut findings);
    narrative::check(unit, narrative, &mut findings);
    findings
}

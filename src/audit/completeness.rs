//! completeness: which of the nine standard tables are present, whether an
//! empty 政府性基金 / 国有资本经营 table carries its 空表说明, and which of the
//! 情况说明's sections are there.

use super::{Finding, Severity};
use crate::model::{TableKind, Topic, UnitDisclosure};

/// The sections a 情况说明 is expected to have.
pub const EXPECTED_TOPICS: [Topic; 7] = [
    Topic::Duties,
    Topic::Overview,
    Topic::OperatingCosts,
    Topic::Sangong,
    Topic::Performance,
    Topic::Procurement,
    Topic::Assets,
];

pub fn check(unit: &UnitDisclosure, locate: super::Locate<'_>, out: &mut Vec<Finding>) {
    for kind in TableKind::ALL {
        match unit.table(kind) {
            None => out.push(Finding::notice(
                "completeness.table",
                Severity::Warning,
                format!("缺少{} (standard table missing)", kind.key()),
                Some(kind.key()),
                format!(
                    "单位 {} {} 年的文件中没有{}",
                    unit.code,
                    unit.year,
                    kind.key()
                ),
            )),
            Some(table) if table.is_empty && table.note.is_none() => out.push(Finding::notice(
                "completeness.empty_note",
                Severity::Warning,
                format!(
                    "{}为空表，但没有空表说明 (empty table without a note)",
                    kind.key()
                ),
                Some(kind.key()),
                format!(
                    "「{}」（{}）只有一行空单元格，其后没有“注：…”",
                    table.title,
                    locate(table.source_line)
                ),
            )),
            Some(_) => {}
        }
    }
    let sections = &unit.narrative.sections;
    let missing: Vec<&str> = EXPECTED_TOPICS
        .iter()
        .filter(|t| !sections.iter().any(|s| s.topic == **t))
        .map(|t| t.key())
        .collect();
    if !missing.is_empty() {
        out.push(Finding::notice(
            "completeness.narrative",
            Severity::Warning,
            format!(
                "情况说明缺少：{} (narrative sections missing)",
                missing.join("、")
            ),
            None,
            format!(
                "单位 {} {} 年的情况说明有 {} 节，没有：{}",
                unit.code,
                unit.year,
                sections.len(),
                missing.join("、")
            ),
        ));
    }
}

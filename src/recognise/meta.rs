//! The metadata row every table repeats:
//! `434001区政府办…本级` · `预算年度：2023` · `单位：万元`.

use crate::amount::AmountUnit;
use crate::text::{squeeze, trim};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub code: Option<String>,
    pub name: Option<String>,
    pub year: Option<i32>,
    pub unit: Option<AmountUnit>,
    /// A 单位 cell that names neither 万元 nor 元 (e.g. "千元").
    pub unknown_unit: Option<String>,
    /// A 预算年度 cell that holds no year ("2O23"): (cell index, text).
    pub bad_year: Option<(usize, String)>,
}

/// Unit codes are at least this many digits; shorter leading digits are part
/// of a name or a 序号.
const MIN_CODE_DIGITS: usize = 3;

/// Read a metadata row. Returns `None` when the row is not one (no year, no
/// unit and no unit code), so that a table without it is not misread.
pub fn parse(cells: &[&str]) -> Option<Meta> {
    let mut meta = Meta::default();
    for (index, cell) in cells.iter().enumerate() {
        let text = squeeze(cell);
        if let Some(value) = after_label(&text, &["预算年度", "年度"]) {
            meta.year = leading_year(value);
            if meta.year.is_none() && !value.is_empty() {
                meta.bad_year = Some((index, value.to_string()));
            }
        } else if let Some(value) = after_label(&text, &["金额单位", "单位"]) {
            let value = value.trim_end_matches(['）', ')']);
            match AmountUnit::from_label(value) {
                Some(unit) => meta.unit = Some(unit),
                None => meta.unknown_unit = Some(value.to_string()),
            }
        } else if let Some((code, name)) = split_code_name(trim(cell)) {
            meta.code = Some(code);
            meta.name = Some(name);
        }
    }
    let found = meta.year.is_some()
        || meta.bad_year.is_some()
        || meta.unit.is_some()
        || meta.unknown_unit.is_some()
        || meta.code.is_some();
    found.then_some(meta)
}

fn after_label<'a>(text: &'a str, labels: &[&str]) -> Option<&'a str> {
    labels.iter().find_map(|label| {
        let rest = text.strip_prefix(label)?;
        rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))
    })
}

/// "2023" or "2023年"; anything else is not a year.
fn leading_year(value: &str) -> Option<i32> {
    let digits = value.strip_suffix('年').unwrap_or(value);
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `434001区政府办…` → ("434001", "区政府办…").
fn split_code_name(cell: &str) -> Option<(String, String)> {
    let digits = cell.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits < MIN_CODE_DIGITS {
        return None;
    }
    let name = trim(&cell[digits..]);
    // "1079.09" is an amount, not code 1079 named ".09".
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_punctuation() || c.is_ascii_digit())
    {
        return None;
    }
    Some((cell[..digits].to_string(), name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_sample_row() {
        let meta = parse(&[
            "434001区政府办秦皇岛市山海关区人民政府办公室本级",
            "预算年度：2023",
            "单位：万元",
        ])
        .unwrap();
        assert_eq!(meta.code.as_deref(), Some("434001"));
        assert_eq!(
            meta.name.as_deref(),
            Some("区政府办秦皇岛市山海关区人民政府办公室本级")
        );
        assert_eq!(meta.year, Some(2023));
        assert_eq!(meta.unit, Some(AmountUnit::Wanyuan));
    }

    #[test]
    fn reads_variants_and_rejects_other_rows() {
        let meta = parse(&["434002 某单位", "预算年度: 2024年", "金额单位：元"]).unwrap();
        assert_eq!(meta.year, Some(2024));
        assert_eq!(meta.unit, Some(AmountUnit::Yuan));
        assert_eq!(meta.code.as_deref(), Some("434002"));
        let bad = parse(&["434002某单位", "预算年度：2O23"]).unwrap();
        assert_eq!(
            (bad.year, bad.bad_year),
            (None, Some((1, "2O23".to_string())))
        );
        assert_eq!(parse(&["序号", "收入", "支出"]), None);
        assert_eq!(parse(&["1", "一、一般公共预算拨款收入", "1079.09"]), None);
    }
}

//! Who published a national-template document, for which year: from the
//! lines around the tables (`编制部门：上海市普陀区司法局      单位：元`), the title
//! page (`上海市普陀区司法局2026年部门预算`) and, last, the file name.

use crate::amount::AmountUnit;
use crate::model::{Scope, Stage};
use crate::text::{squeeze, trim, without_quotes};

/// One fact a line states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    UnitName(String),
    AmountUnit(AmountUnit),
}

/// Labels that introduce the publishing unit's name.
const NAME_LABELS: [&str; 7] = [
    "编制部门",
    "编制单位",
    "预算主管部门",
    "主管部门",
    "单位名称",
    "部门名称",
    "部门",
];

/// Labels that introduce the amount unit.
const UNIT_LABELS: [&str; 3] = ["金额单位", "计量单位", "单位"];

/// The fields of a line such as `编制部门：上海市普陀区司法局      单位：元`;
/// empty when the line is not a metadata line.
pub fn read_line(text: &str) -> Vec<Field> {
    let text = trim(text);
    // Short lines only: a sentence of the 情况说明 that says 单位：… is not one.
    if text.chars().count() > 80 {
        return Vec::new();
    }
    let mut fields = Vec::new();
    for piece in pieces(text) {
        let Some((label, value)) = split_label(piece) else {
            // A piece without a label makes the line something else.
            return Vec::new();
        };
        let value = squeeze(value);
        if UNIT_LABELS.contains(&label) {
            match AmountUnit::from_label(value.trim_end_matches(['）', ')'])) {
                Some(unit) => fields.push(Field::AmountUnit(unit)),
                None => return Vec::new(),
            }
        } else if NAME_LABELS.contains(&label) && !value.is_empty() {
            fields.push(Field::UnitName(value));
        } else {
            return Vec::new();
        }
    }
    fields
}

pub fn is_meta_line(text: &str) -> bool {
    !read_line(text).is_empty()
}

/// A line split at its labels: `编制部门：X单位：元` has two pieces even when
/// the gap between them was lost.
fn pieces(text: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = Vec::new();
    for (at, _) in text.char_indices() {
        let rest = &text[at..];
        let labelled = NAME_LABELS.iter().chain(UNIT_LABELS.iter()).any(|label| {
            rest.strip_prefix(label)
                .is_some_and(|r| r.starts_with(['：', ':']))
        });
        // 单位 inside 编制单位 or 预算单位 is not a label of its own.
        let inside_word = at > 0
            && starts.last().is_some_and(|s| {
                let before = &text[*s..at];
                !before.contains(['：', ':'])
            });
        if labelled && !inside_word {
            starts.push(at);
        }
    }
    if starts.first() != Some(&0) {
        return Vec::new();
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &start)| trim(&text[start..starts.get(i + 1).copied().unwrap_or(text.len())]))
        .collect()
}

fn split_label(piece: &str) -> Option<(&str, &str)> {
    let at = piece.find(['：', ':'])?;
    let label = trim(&piece[..at]);
    let colon = piece[at..].chars().next()?.len_utf8();
    let label = NAME_LABELS
        .iter()
        .chain(UNIT_LABELS.iter())
        .find(|l| **l == label)?;
    Some((label, trim(&piece[at + colon..])))
}

/// A stable key for a unit without a code: its name without whitespace,
/// quotes and bracket styles, so that the same office printed slightly
/// differently across years is one unit.
pub fn unit_key(name: &str) -> String {
    without_quotes(&squeeze(name))
        .replace('(', "（")
        .replace(')', "）")
}

/// Everything seen about the document's unit, year and scope.
#[derive(Debug, Default)]
pub struct Facts {
    names: Vec<String>,
    title_page_name: Option<String>,
    file_name: Option<String>,
    table_years: Vec<i32>,
    title_page_year: Option<i32>,
    file_year: Option<i32>,
    /// From the title page or the file name (部门预算 / 单位预算).
    pub scope: Option<Scope>,
    /// From the title page or the file name (…预算 / …决算): what a
    /// 情况说明 without tables has to go by.
    pub stage: Option<Stage>,
    /// The last amount unit printed anywhere (a 单位 line before the title).
    pub last_amount_unit: Option<AmountUnit>,
}

impl Facts {
    pub fn add(&mut self, field: Field) {
        match field {
            Field::UnitName(name) => self.names.push(name),
            Field::AmountUnit(unit) => self.last_amount_unit = Some(unit),
        }
    }

    pub fn table_year(&mut self, year: Option<i32>) {
        self.table_years.extend(year);
    }

    /// A title-page line: `上海市普陀区司法局2026年部门预算`,
    /// `上海市普陀区财政局2024年度部门决算`, `江苏省政协办公厅2019年度部门预算`.
    pub fn title_page(&mut self, text: &str) {
        if let Some((name, year, scope, stage)) = name_year_scope(text) {
            self.stage = self.stage.or(Some(stage));
            if self.title_page_year.is_none() {
                self.title_page_year = Some(year);
            }
            // The region's line (上海市普陀区2026年区级部门预算) comes before the
            // unit's (上海市普陀区司法局2026年部门预算): the longer name is the unit.
            let longer = self
                .title_page_name
                .as_ref()
                .is_none_or(|seen| name.chars().count() > seen.chars().count());
            if longer && !name.is_empty() {
                self.title_page_name = Some(name);
            }
            self.scope = self.scope.or(scope);
        }
    }

    pub fn file_name(&mut self, stem: &str) {
        if let Some((name, year, scope, stage)) = name_year_scope(stem) {
            self.stage = self.stage.or(Some(stage));
            self.file_year = Some(year);
            if !name.is_empty() {
                self.file_name = Some(name);
            }
            self.scope = self.scope.or(scope);
        } else {
            self.file_year = year_in(stem);
        }
    }

    /// The name printed most often in 编制部门 lines, else the title page's,
    /// else the file name's.
    pub fn unit_name(&self) -> Option<String> {
        most_common(&self.names)
            .cloned()
            .or_else(|| self.title_page_name.clone())
            .or_else(|| self.file_name.clone())
    }

    pub fn year(&self) -> Option<i32> {
        most_common(&self.table_years)
            .copied()
            .or(self.title_page_year)
            .or(self.file_year)
    }
}

/// The value seen most often; the first seen among equals. (A document
/// has a few dozen such lines: counting pairwise is cheap.)
pub fn most_common<T: PartialEq>(seen: &[T]) -> Option<&T> {
    let mut best: Option<(&T, usize)> = None;
    for value in seen {
        let count = seen.iter().filter(|v| *v == value).count();
        if best.is_none_or(|(_, n)| count > n) {
            best = Some((value, count));
        }
    }
    best.map(|(value, _)| value)
}

/// `<name><year>年[度][区级]<部门|单位><预算|决算>…` → (name, year, scope, stage).
fn name_year_scope(text: &str) -> Option<(String, i32, Option<Scope>, Stage)> {
    let text = squeeze(text);
    if text.chars().count() > 60 {
        return None;
    }
    let bytes = text.as_bytes();
    let at = (0..bytes.len().saturating_sub(3)).find(|&i| {
        bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && text[i + 4..].starts_with('年')
            && text[..i].is_char_boundary(i)
    })?;
    let year: i32 = text[at..at + 4].parse().ok()?;
    if !(1990..=2100).contains(&year) {
        return None;
    }
    let rest = &text[at + 4..];
    let rest = rest
        .strip_prefix("年度")
        .or_else(|| rest.strip_prefix('年'))?;
    let rest = ["区级", "市级", "省级", "县级", "本级"]
        .iter()
        .find_map(|level| rest.strip_prefix(level))
        .unwrap_or(rest);
    let rest = rest.strip_prefix("预算").map_or(rest, |r| r);
    let scope = if rest.starts_with("部门") {
        Some(Scope::Department)
    } else if rest.starts_with("单位") {
        Some(Scope::Unit)
    } else {
        None
    };
    let tail = rest.trim_start_matches("部门").trim_start_matches("单位");
    let stage = if tail.starts_with("预算") {
        Stage::Budget
    } else if tail.starts_with("决算") {
        Stage::Final
    } else {
        return None;
    };
    let name = clean_name(&text[..at]);
    Some((name, year, scope, stage))
}

/// A name taken from a title page or a file name, without the collector's
/// prefixes (`SH-Putuo_…`, `JS_…_`).
fn clean_name(text: &str) -> String {
    let last = text.rsplit(['_', '-', ' ']).next().unwrap_or(text);
    // `附件：江苏省政协办公厅2018年度部门预算公开表`: what a label names.
    let last = last.rsplit(['：', ':']).next().unwrap_or(last);
    // `第二部分上海市普陀区财政局2024年度部门决算表`: a part heading's number.
    let last = match (last.strip_prefix('第'), last.find("部分")) {
        (Some(_), Some(at)) => &last[at + "部分".len()..],
        _ => last,
    };
    let name: String = last.chars().filter(|c| !c.is_ascii()).collect();
    // `本表反映…根据《江苏省财政厅关于2017年部门预算的批复》`: a sentence of
    // the 情况说明 that names a year's budget is no title page.
    let sentence = name.contains(['。', '，', '；', '《', '》', '、']);
    if sentence || name.chars().count() < 3 {
        String::new()
    } else {
        name
    }
}

fn year_in(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3))
        .filter(|&i| {
            bytes[i..i + 4].iter().all(u8::is_ascii_digit)
                && (i == 0 || !bytes[i - 1].is_ascii_digit())
                && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit())
        })
        .filter_map(|i| text.get(i..i + 4)?.parse::<i32>().ok())
        .find(|y| (1990..=2100).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_lines() {
        assert_eq!(
            read_line("编制部门：上海市普陀区司法局                   单位：元"),
            [
                Field::UnitName("上海市普陀区司法局".into()),
                Field::AmountUnit(AmountUnit::Yuan)
            ]
        );
        assert_eq!(
            read_line("部门：江苏省政协办公厅      单位：万元"),
            [
                Field::UnitName("江苏省政协办公厅".into()),
                Field::AmountUnit(AmountUnit::Wanyuan)
            ]
        );
        assert_eq!(
            read_line("单位:万元"),
            [Field::AmountUnit(AmountUnit::Wanyuan)]
        );
        assert_eq!(
            read_line("金额单位：元"),
            [Field::AmountUnit(AmountUnit::Yuan)]
        );
        assert_eq!(
            read_line("编制单位：上海市普陀区人民政府办公室单位：元"),
            [
                Field::UnitName("上海市普陀区人民政府办公室".into()),
                Field::AmountUnit(AmountUnit::Yuan)
            ]
        );
        assert!(read_line("单位：千元").is_empty());
        assert!(read_line("本部门中，行政单位1家，参公单位1家，").is_empty());
        assert!(read_line("2026年部门收入预算总表").is_empty());
    }

    #[test]
    fn title_pages_and_file_names() {
        let mut facts = Facts::default();
        facts.title_page("上海市普陀区2026年区级部门预算");
        assert_eq!(facts.title_page_year, Some(2026));
        assert_eq!(facts.scope, Some(Scope::Department));
        facts.title_page("上海市普陀区司法局2026年部门预算");
        assert_eq!(facts.unit_name().as_deref(), Some("上海市普陀区司法局"));

        let mut facts = Facts::default();
        facts.title_page("第二部分 上海市普陀区财政局2024年度部门决算表");
        assert_eq!(facts.unit_name().as_deref(), Some("上海市普陀区财政局"));
        assert_eq!(facts.scope, Some(Scope::Department));

        let mut facts = Facts::default();
        facts.file_name("上海市普陀区财政局2024年度部门决算");
        assert_eq!(facts.unit_name().as_deref(), Some("上海市普陀区财政局"));
        assert_eq!(facts.year(), Some(2024));

        let mut facts = Facts::default();
        facts.file_name("JS_江苏省政协办公厅_江苏省政协办公厅2019年度部门预算");
        assert_eq!(facts.unit_name().as_deref(), Some("江苏省政协办公厅"));
        assert_eq!(facts.scope, Some(Scope::Department));

        // A sentence naming a year's budget is not a title page.
        let mut facts = Facts::default();
        facts
            .title_page("本表反映部门年度总体收支预算情况。根据《江苏省财政厅关于 2017 年部门预算");
        assert_eq!(facts.unit_name(), None);

        // A 情况说明's last page names its attachment; the label is not the unit.
        let mut facts = Facts::default();
        facts.title_page("附件：江苏省政协办公厅 2018 年度部门预算公开表");
        assert_eq!(facts.unit_name().as_deref(), Some("江苏省政协办公厅"));
        assert_eq!(facts.stage, Some(Stage::Budget));

        let mut facts = Facts::default();
        facts.file_name("上海市普陀区财政局2024年度部门决算");
        assert_eq!(facts.stage, Some(Stage::Final));

        let mut facts = Facts::default();
        facts.file_name("SH-Putuo_司法局_2026_单位预算");
        assert_eq!(facts.year(), Some(2026));
        assert_eq!(facts.unit_name(), None);
    }

    #[test]
    fn names_printed_most_often_win() {
        let mut facts = Facts::default();
        facts.title_page("江苏省政协办公厅2019年度部门预算");
        facts.add(Field::UnitName("江苏省政协办公厅".into()));
        facts.add(Field::UnitName("江苏省政协办公厅".into()));
        facts.add(Field::UnitName("政协办公厅".into()));
        assert_eq!(facts.unit_name().as_deref(), Some("江苏省政协办公厅"));
        assert_eq!(
            unit_key("上海市普陀区财政局(本级)"),
            "上海市普陀区财政局（本级）"
        );
    }
}

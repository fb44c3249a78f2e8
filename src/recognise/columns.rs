//! Header rows + 栏次 row → what each column means.
//!
//! Merged header cells are exported once, so an upper header row has fewer
//! cells than the table has columns. The bottom header row is full width;
//! an empty cell in it is a vertical merge from the row above, and a run of
//! non-empty cells sits under one horizontally merged cell above. Where two
//! such runs touch (基本支出表: 科目编码 科目名称 | 合计 人员经费 公用经费),
//! the switch between identifier and amount columns tells where one ends.

use super::Refusal;
use crate::model::{Column, ColumnRole, Side};
use crate::text::{contains, squeeze};
use std::borrow::Cow;

/// Build the column model for a table with `width` columns after 序号.
/// `headers` are the header rows (above the 栏次 row), top to bottom, each a
/// list of cells including the 序号 cell. `spans` gives, per header row,
/// the grid columns each cell covers where the reader knew them (empty for
/// the text export, whose merges are then inferred from the row below).
pub fn analyse(
    headers: &[Vec<&str>],
    spans: &[&[usize]],
    lanci: Option<&[&str]>,
    width: usize,
) -> Result<Vec<Column>, Refusal> {
    let full = width + 1;
    let paths = header_paths(headers, spans, full)?;
    let columns = (1..full)
        .map(|position| {
            let path = &paths[position];
            let header = path.join("/");
            let leaf = path.last().map(String::as_str).unwrap_or("");
            let role = role_of(leaf);
            Column {
                position,
                lanci: lanci
                    .and_then(|cells| cells.get(position))
                    .map(|c| squeeze(c)),
                key: column_key(path),
                side: path.first().and_then(|top| side_of(top)),
                header,
                role,
            }
        })
        .collect();
    Ok(columns)
}

/// Per column (序号 included), the non-empty header texts top to bottom.
fn header_paths(
    headers: &[Vec<&str>],
    spans: &[&[usize]],
    full: usize,
) -> Result<Vec<Vec<String>>, Refusal> {
    let Some(leaf_index) = headers.iter().rposition(|row| row.len() == full) else {
        return Err(Refusal::HeaderUnaligned { columns: full - 1 });
    };
    let leaf: Vec<String> = headers[leaf_index].iter().map(|c| squeeze(c)).collect();
    let mut paths: Vec<Vec<String>> = leaf
        .iter()
        .map(|t| {
            if t.is_empty() {
                vec![]
            } else {
                vec![t.clone()]
            }
        })
        .collect();
    // Only the row directly above the full-width row is merged into it; rows
    // further up are themselves full width or carry only a caption.
    if leaf_index > 0 {
        let upper: Vec<String> = headers[leaf_index - 1].iter().map(|c| squeeze(c)).collect();
        if upper.len() == full {
            for (path, top) in paths.iter_mut().zip(upper) {
                if !top.is_empty() {
                    path.insert(0, top);
                }
            }
        } else {
            let known = spans
                .get(leaf_index - 1)
                .and_then(|widths| runs_of(widths, upper.len(), full));
            let spans =
                known
                    .or_else(|| spans_under(&leaf, upper.len()))
                    .ok_or(Refusal::HeaderMerges {
                        upper: upper.len(),
                        lower: full,
                    })?;
            for ((start, end), top) in spans.into_iter().zip(upper) {
                if top.is_empty() {
                    continue;
                }
                for path in &mut paths[start..end] {
                    path.insert(0, top.clone());
                }
            }
        }
    }
    Ok(paths)
}

/// Column ranges from merge widths a reader reported, if they describe
/// `count` cells covering exactly `full` columns.
fn runs_of(widths: &[usize], count: usize, full: usize) -> Option<Vec<(usize, usize)>> {
    if widths.len() != count || widths.iter().sum::<usize>() != full {
        return None;
    }
    let mut start = 0;
    Some(
        widths
            .iter()
            .map(|width| {
                let run = (start, start + width);
                start += width;
                run
            })
            .collect(),
    )
}

/// How many grid columns each of the `upper` header cells spans over the
/// full-width `leaf` row below it, as inferred for text exports. Public so
/// that test fixtures can render a text export with the same merges.
pub fn inferred_spans(upper: &[&str], leaf: &[&str]) -> Option<Vec<usize>> {
    let leaf: Vec<String> = leaf.iter().map(|c| squeeze(c)).collect();
    let runs = spans_under(&leaf, upper.len())?;
    Some(runs.into_iter().map(|(start, end)| end - start).collect())
}

/// Split the full-width leaf row into `count` runs, each under one cell of
/// the row above. Returns half-open column ranges.
fn spans_under(leaf: &[String], count: usize) -> Option<Vec<(usize, usize)>> {
    // Boundaries that always exist: around every empty (vertically merged) cell.
    let mut starts: Vec<usize> = Vec::new();
    for (i, text) in leaf.iter().enumerate() {
        let previous_empty = i == 0 || leaf[i - 1].is_empty();
        if text.is_empty() || previous_empty {
            starts.push(i);
        }
    }
    // Extra boundaries, most telling first: an identifier column after an
    // amount column starts a new side; an amount column after identifiers
    // ends a classification group.
    // Whether each leaf is an identifier column, looked at once per leaf.
    let identifier: Vec<bool> = leaf
        .iter()
        .map(|text| role_of(text) != ColumnRole::Amount)
        .collect();
    let kind = |i: usize| identifier[i];
    let candidates = |to_identifier: bool| {
        (1..leaf.len())
            .filter(move |&i| !leaf[i].is_empty() && !leaf[i - 1].is_empty())
            .filter(move |&i| kind(i) != kind(i - 1) && kind(i) == to_identifier)
    };
    for to_identifier in [true, false] {
        for i in candidates(to_identifier).collect::<Vec<_>>() {
            if starts.len() >= count {
                break;
            }
            starts.push(i);
        }
        starts.sort_unstable();
    }
    if starts.len() != count {
        return None;
    }
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(count);
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(leaf.len());
        spans.push((start, end));
    }
    Some(spans)
}

fn role_of(leaf: &str) -> ColumnRole {
    if contains(leaf, "编码") || leaf == "科目代码" {
        ColumnRole::Code
    } else if contains(leaf, "名称") || leaf == "项目" || leaf == "科目" {
        ColumnRole::Name
    } else {
        ColumnRole::Amount
    }
}

fn side_of(top: &str) -> Option<Side> {
    match top {
        "收入" => Some(Side::Income),
        "支出" => Some(Side::Expenditure),
        _ => None,
    }
}

/// The name queries use for a column. The leaf names it, except where the
/// leaf is a 小计 under a group (本年收入/小计 → 本年收入) or absent.
pub(super) fn column_key(path: &[String]) -> String {
    let leaf = match path {
        [] => return String::new(),
        [.., parent, leaf] if leaf == "小计" => parent,
        [.., leaf] => leaf,
    };
    canonical(leaf)
}

/// One spelling per fund source and per expenditure type, whatever the
/// province printed.
pub(super) fn canonical(text: &str) -> String {
    // Few headers are quoted: most are only borrowed, not rebuilt.
    let text: Cow<str> = if text.contains(['“', '”', '"']) {
        Cow::Owned(text.replace(['“', '”', '"'], ""))
    } else {
        Cow::Borrowed(text)
    };
    for (prefixes, key) in [
        (&["一般公共预算"][..], "一般公共预算"),
        (&["政府性基金", "政府基金"][..], "政府性基金"),
        (&["国有资本经营"][..], "国有资本经营"),
    ] {
        if prefixes.iter().any(|p| text.starts_with(p)) && !text.ends_with("支出") {
            return key.to_string();
        }
    }
    match text.as_ref() {
        "上缴上级支出" => "上解上级支出".to_string(),
        "财政拨款" => "财政拨款收入".to_string(),
        "财政专户" | "财政专户管理资金收入" => "财政专户收入".to_string(),
        "事业单位经营收入" => "经营收入".to_string(),
        "上年结转结余" => "上年结转".to_string(),
        _ => text.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(columns: &[Column]) -> Vec<&str> {
        columns.iter().map(|c| c.key.as_str()).collect()
    }

    #[test]
    fn income_table_header() {
        let headers = vec![
            vec!["序号", "功能分类科目", "合计", "本年收入", "上年结转"],
            vec![
                "",
                "科目    编码",
                "科目名称",
                "",
                "小计",
                "财政拨款 收入",
                "财政专户 收入",
                "事业收入",
                "经营收入",
                "上级补助收入",
                "附属单位上缴收入",
                "其他收入",
                "",
            ],
        ];
        let cols = analyse(&headers, &[], None, 12).unwrap();
        assert_eq!(
            keys(&cols),
            vec![
                "科目编码",
                "科目名称",
                "合计",
                "本年收入",
                "财政拨款收入",
                "财政专户收入",
                "事业收入",
                "经营收入",
                "上级补助收入",
                "附属单位上缴收入",
                "其他收入",
                "上年结转"
            ]
        );
        assert_eq!(cols[0].role, ColumnRole::Code);
        assert_eq!(cols[1].role, ColumnRole::Name);
        assert_eq!(cols[4].header, "本年收入/财政拨款收入");
        assert_eq!(cols[11].header, "上年结转");
    }

    #[test]
    fn basic_table_groups_touch() {
        let headers = vec![
            vec!["序号", "支出部门经济分类科目", "一般公共预算基本支出"],
            vec!["", "科目编码", "科目名称", "合计", "人员经费", "公用经费"],
        ];
        let cols = analyse(&headers, &[], None, 5).unwrap();
        assert_eq!(keys(&cols)[2..], ["合计", "人员经费", "公用经费"]);
        assert_eq!(cols[2].header, "一般公共预算基本支出/合计");
        assert_eq!(cols[0].header, "支出部门经济分类科目/科目编码");
    }

    #[test]
    fn summary_sides() {
        let headers = vec![
            vec!["序号", "收入", "支出"],
            vec![
                "",
                "项  目",
                "金额",
                "项  目",
                "合计",
                "一般公共预算财政拨款",
                "政府性基金预算财政    拨款",
                "国有资本经营预算财政拨款",
            ],
        ];
        let lanci = ["栏次", "1", "2", "3", "4", "5", "6", "7"];
        let cols = analyse(&headers, &[], Some(&lanci), 7).unwrap();
        let sides: Vec<_> = cols.iter().map(|c| c.side).collect();
        assert_eq!(sides[..2], [Some(Side::Income); 2]);
        assert_eq!(sides[2..], [Some(Side::Expenditure); 5]);
        assert_eq!(
            keys(&cols)[4..],
            ["一般公共预算", "政府性基金", "国有资本经营"]
        );
        assert_eq!(cols[6].lanci.as_deref(), Some("7"));
    }

    #[test]
    fn merge_widths_from_a_reader_place_the_upper_cells() {
        // Two runs of amount columns side by side: from the text alone the
        // boundary between 本年收入 and 上年结转 cannot be seen.
        let headers = vec![
            vec!["序号", "本年收入", "上年结转"],
            vec!["", "财政拨款", "事业收入", "财政拨款结转"],
        ];
        assert!(analyse(&headers, &[], None, 3).is_err());
        let spans: [&[usize]; 2] = [&[1, 2, 1], &[]];
        let cols = analyse(&headers, &spans, None, 3).unwrap();
        let names: Vec<&str> = cols.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(
            names,
            [
                "本年收入/财政拨款",
                "本年收入/事业收入",
                "上年结转/财政拨款结转"
            ]
        );
        // Widths that do not cover the table are ignored, not trusted.
        let wrong: [&[usize]; 2] = [&[1, 1, 1], &[]];
        assert!(analyse(&headers, &wrong, None, 3).is_err());
    }

    #[test]
    fn refuses_headers_that_cannot_be_aligned() {
        let headers = vec![vec!["序号", "收入"], vec!["", "项目", "金额"]];
        assert!(analyse(&headers, &[], None, 4).is_err());
        let headers = vec![vec!["a", "b", "c", "d"], vec!["", "项目", "金额"]];
        assert!(analyse(&headers, &[], None, 2).is_err());
    }
}

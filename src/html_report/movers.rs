//! The biggest movers: from the CLI's own `yoy --by summary` of each
//! selected unit, its 本年支出合计 (or 支出总计) from its first year to its
//! last, largest change first. Figures are picked from those answers, never
//! recomputed; each row names the command it was picked from.

use super::question::Question;
use crate::render::{Field, Report, Section};

/// The lines whose change is ranked: a unit's spending this year, or where
/// that line is not printed, its grand total.
const LINES: [&str; 2] = ["本年支出合计", "支出总计"];

/// Up to `top` units whose spending moved most, from each unit's summary
/// answer.
pub fn biggest(summaries: &[&Question], top: usize) -> Question {
    let mut movers: Vec<(crate::amount::FenSum, Section, Vec<String>)> = Vec::new();
    for summary in summaries {
        if let Some((change, section)) = mover(&summary.report) {
            movers.push((change, section, summary.cli.clone()));
        }
    }
    movers.sort_by_key(|(change, section, _)| {
        (
            std::cmp::Reverse(change.unsigned_abs()),
            section.title.clone(),
        )
    });
    movers.truncate(top);
    let caption = summaries.first().and_then(|s| s.report.caption.clone());
    let key_headers = ["unit_code", "unit_name"].map(String::from).to_vec();
    let mut question = Question::new(
        "变动最大的单位 (biggest movers: 本年支出合计 from each unit's first year to its last)",
        vec!["yoy".to_string(), "--by".to_string(), "summary".to_string()],
        Report {
            caption,
            key_headers,
            headers: ["name", "span", "first", "last", "change", "pct"]
                .map(String::from)
                .to_vec(),
            sections: Vec::new(),
            detail: Vec::new(),
        },
    );
    for (_, section, cli) in movers {
        question.report.sections.push(section);
        question.row_sources.push(cli);
    }
    question.subset = true;
    question
}

/// One unit's spending line over the widest span its answer compares: the
/// change and the section that shows it.
fn mover(report: &Report) -> Option<(crate::amount::FenSum, Section)> {
    let column = |name: &str| report.headers.iter().position(|h| h == name);
    let name_at = column("name");
    // change_A_B with pct_A_B beside it: the spans this answer compares.
    let spans: Vec<(i32, i32, usize, Option<usize>)> = report
        .headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let (from, to) = h.strip_prefix("change_")?.split_once('_')?;
            let (from, to) = (from.parse().ok()?, to.parse().ok()?);
            Some((
                from,
                to,
                i,
                column(&format!("pct_{}", &h["change_".len()..])),
            ))
        })
        .collect();
    let section = report.sections.first()?;
    let line = LINES.iter().find_map(|wanted| {
        section.rows.iter().find(
            |row| matches!(name_at.and_then(|i| row.get(i)), Some(Field::Text(t)) if t == wanted),
        )
    });
    let row = line?;
    // The widest span this unit has a change for.
    let widest = spans
        .iter()
        .filter_map(|&(from, to, at, pct)| match row.get(at) {
            Some(Field::Money(change)) => Some((to - from, from, to, *change, pct)),
            _ => None,
        })
        .max_by_key(|&(width, from, ..)| (width, -from));
    let (_, from, to, change, pct) = widest?;
    let amount = |year: i32| column(&year.to_string()).and_then(|i| row.get(i)).cloned();
    let name = name_at
        .and_then(|i| row.get(i))
        .cloned()
        .unwrap_or(Field::Null);
    let pct = pct.and_then(|i| row.get(i)).cloned().unwrap_or(Field::Null);
    Some((
        change,
        Section {
            title: section.title.clone(),
            keys: section.keys.clone(),
            rows: vec![vec![
                name,
                Field::Text(format!("{from}→{to}")),
                amount(from).unwrap_or(Field::Null),
                amount(to).unwrap_or(Field::Null),
                Field::Money(change),
                pct,
            ]],
        },
    ))
}

//! `yusuan assets`, `procurement` and `projects` on the generated 3-unit ×
//! 4-year corpus: every cell of the CSV against the narrative specs
//! (固定资产, 政府采购, project 绩效目标).

mod analyst_corpus;
mod common;

use analyst_corpus::{csv, pct, wan, Corpus};
use common::Scratch;
use std::collections::{BTreeMap, BTreeSet};

/// A quantity as the CSV prints it; blank when the table prints it blank (0).
fn count(n: u32) -> String {
    if n == 0 {
        String::new()
    } else {
        n.to_string()
    }
}

fn value(fen: i64) -> String {
    if fen == 0 {
        String::new()
    } else {
        wan(fen)
    }
}

#[test]
fn assets_every_unit_year_and_the_totals() {
    let scratch = Scratch::new();
    let corpus: Corpus = analyst_corpus::import(&scratch);
    let (headers, rows) = csv(&scratch, &["assets"]);
    assert_eq!(
        headers,
        [
            "unit_code",
            "unit_name",
            "year",
            "as_of",
            "building_area",
            "building_value",
            "office_area",
            "office_value",
            "vehicles",
            "vehicle_value",
            "equipment",
            "equipment_value",
            "other",
            "other_value",
            "total",
            "change",
            "pct",
        ]
    );
    let mut want = Vec::new();
    // Per year: Σ of each part over the units (None while every unit printed it blank).
    let mut totals: BTreeMap<i32, [Option<i64>; 11]> = BTreeMap::new();
    for (code, specs) in &corpus {
        let name = &specs.last().unwrap().name;
        for (i, spec) in specs.iter().enumerate() {
            let a = spec
                .narrative
                .assets
                .as_ref()
                .expect("realistic units print assets");
            let parts = [
                (a.building_m2, a.building_fen),
                (a.office_m2, a.office_fen),
                (a.vehicles, a.vehicle_fen),
                (a.equipment, a.equipment_fen),
                (a.other, a.other_fen),
            ];
            let mut row = vec![
                code.clone(),
                name.clone(),
                spec.year.to_string(),
                a.as_of.clone(),
            ];
            let sums = totals.entry(spec.year).or_insert([None; 11]);
            for (k, (n, fen)) in parts.iter().enumerate() {
                row.push(count(*n));
                row.push(value(*fen));
                if *n != 0 {
                    sums[2 * k] = Some(sums[2 * k].unwrap_or(0) + i64::from(*n));
                }
                if *fen != 0 {
                    sums[2 * k + 1] = Some(sums[2 * k + 1].unwrap_or(0) + fen);
                }
            }
            sums[10] = Some(sums[10].unwrap_or(0) + a.total_fen());
            row.push(wan(a.total_fen()));
            if i == 0 {
                row.extend([String::new(), String::new()]);
            } else {
                let before = specs[i - 1].narrative.assets.as_ref().unwrap().total_fen();
                row.push(wan(a.total_fen() - before));
                row.push(pct(a.total_fen() - before, before));
            }
            want.push(row);
        }
    }
    for (year, sums) in &totals {
        let mut row = vec![
            "合计".to_string(),
            "3 个单位 (3 units)".to_string(),
            year.to_string(),
            String::new(),
        ];
        for (k, sum) in sums[..10].iter().enumerate() {
            row.push(match sum {
                None => String::new(),
                Some(v) if k % 2 == 0 => v.to_string(),
                Some(v) => wan(*v),
            });
        }
        let total = sums[10].unwrap();
        row.push(wan(total));
        match totals.get(&(year - 1)) {
            Some(before) => {
                let before = before[10].unwrap();
                row.push(wan(total - before));
                row.push(pct(total - before, before));
            }
            None => row.extend([String::new(), String::new()]),
        }
        want.push(row);
    }
    assert_eq!(rows, want);
}

/// Purchases under one key and year: other names, measures, count, quantity, amount.
type Group = (BTreeSet<String>, BTreeSet<String>, usize, u32, i64);

#[test]
fn procurement_by_unit_catalogue_item_and_project() {
    let scratch = Scratch::new();
    let corpus: Corpus = analyst_corpus::import(&scratch);
    let purchases = corpus
        .values()
        .flatten()
        .flat_map(|spec| spec.narrative.purchases.iter().map(move |p| (spec, p)));
    assert!(purchases.clone().count() >= 12, "the corpus buys something");

    // Per unit and year.
    let (_, rows) = csv(&scratch, &["procurement"]);
    let mut want = Vec::new();
    let mut totals: BTreeMap<i32, (usize, usize, i64, i64)> = BTreeMap::new();
    for (code, specs) in &corpus {
        let name = &specs.last().unwrap().name;
        let total_of = |i: usize| {
            let n = &specs[i].narrative;
            (!n.purchases.is_empty())
                .then(|| n.purchases.iter().map(|p| p.total_fen()).sum::<i64>())
        };
        for (i, spec) in specs.iter().enumerate() {
            let n = &spec.narrative;
            let sme: i64 = n.purchases.iter().map(|p| p.sme_reserved_fen).sum();
            let total = total_of(i);
            let mut row = vec![
                code.clone(),
                name.clone(),
                spec.year.to_string(),
                n.purchases.len().to_string(),
                total.map(wan).unwrap_or_default(),
                total.map(|_| wan(sme)).unwrap_or_default(),
            ];
            match (total, i.checked_sub(1).and_then(total_of)) {
                (Some(now), Some(before)) => {
                    row.push(wan(now - before));
                    row.push(pct(now - before, before));
                }
                _ => row.extend([String::new(), String::new()]),
            }
            want.push(row);
            if let Some(total) = total {
                let t = totals.entry(spec.year).or_default();
                *t = (t.0 + 1, t.1 + n.purchases.len(), t.2 + total, t.3 + sme);
            }
        }
    }
    for (year, (units, count, total, sme)) in &totals {
        let mut row = vec![
            "合计".to_string(),
            format!("{units} 个单位 ({units} units)"),
            year.to_string(),
            count.to_string(),
            wan(*total),
            wan(*sme),
        ];
        match totals.get(&(year - 1)) {
            Some(before) => {
                row.push(wan(total - before.2));
                row.push(pct(total - before.2, before.2));
            }
            None => row.extend([String::new(), String::new()]),
        }
        want.push(row);
    }
    assert_eq!(rows, want);

    // By catalogue code and by item, across units, per year.
    for (by, key_is_code) in [("catalogue", true), ("item", false)] {
        let (_, rows) = csv(&scratch, &["procurement", "--by", by]);
        let mut groups: BTreeMap<(String, i32), Group> = BTreeMap::new();
        for (spec, p) in purchases.clone() {
            let (key, other) = if key_is_code {
                (&p.catalogue_code, &p.item)
            } else {
                (&p.item, &p.catalogue_code)
            };
            let g = groups.entry((key.clone(), spec.year)).or_default();
            g.0.insert(other.clone());
            g.1.insert(p.measure_unit.clone());
            g.2 += 1;
            g.3 += p.quantity;
            g.4 += p.total_fen();
        }
        let want: Vec<Vec<String>> = groups
            .into_iter()
            .map(|((key, year), (others, measures, n, quantity, total))| {
                vec![
                    key,
                    others.into_iter().collect::<Vec<_>>().join("; "),
                    year.to_string(),
                    n.to_string(),
                    if measures.len() == 1 {
                        quantity.to_string()
                    } else {
                        String::new()
                    },
                    measures.into_iter().collect::<Vec<_>>().join("; "),
                    wan(total),
                ]
            })
            .collect();
        assert_eq!(rows, want, "--by {by}");
    }

    // By project, in the order the table lists them.
    let (_, rows) = csv(&scratch, &["procurement", "--by", "project"]);
    let mut want = Vec::new();
    for (code, specs) in &corpus {
        let name = &specs.last().unwrap().name;
        for spec in specs {
            let mut seen: Vec<&str> = Vec::new();
            for p in &spec.narrative.purchases {
                if !seen.contains(&p.project.as_str()) {
                    seen.push(&p.project);
                }
            }
            for project in seen {
                let mine: Vec<_> = spec
                    .narrative
                    .purchases
                    .iter()
                    .filter(|p| p.project == project)
                    .collect();
                want.push(vec![
                    code.clone(),
                    name.clone(),
                    spec.year.to_string(),
                    project.to_string(),
                    wan(mine[0].budget_fen),
                    mine.len().to_string(),
                    wan(mine.iter().map(|p| p.total_fen()).sum()),
                ]);
            }
        }
    }
    assert_eq!(rows, want);
}

#[test]
fn projects_with_amounts_and_targets() {
    let scratch = Scratch::new();
    let corpus: Corpus = analyst_corpus::import(&scratch);
    let (_, rows) = csv(&scratch, &["projects"]);
    let (_, detail) = csv(&scratch, &["projects", "--indicators"]);
    let mut want = Vec::new();
    let mut want_detail = Vec::new();
    for (code, specs) in &corpus {
        let name = &specs.last().unwrap().name;
        for spec in specs {
            for project in &spec.narrative.projects {
                let bought: i64 = spec
                    .narrative
                    .purchases
                    .iter()
                    .filter(|p| p.project == project.name)
                    .map(|p| p.total_fen())
                    .sum();
                let head = vec![
                    code.clone(),
                    name.clone(),
                    spec.year.to_string(),
                    project.name.clone(),
                    wan(project.amount_fen),
                    if bought == 0 {
                        String::new()
                    } else {
                        wan(bought)
                    },
                ];
                let mut row = head.clone();
                row.push(project.indicators.len().to_string());
                row.push(
                    project
                        .indicators
                        .iter()
                        .map(|i| format!("{}：{}", i.level3, i.value))
                        .collect::<Vec<_>>()
                        .join("; "),
                );
                want.push(row);
                for i in &project.indicators {
                    let mut row = head.clone();
                    row.extend([
                        i.level1.clone(),
                        i.level2.clone(),
                        i.level3.clone(),
                        i.value.clone(),
                    ]);
                    want_detail.push(row);
                }
            }
        }
    }
    assert!(want.len() >= 12);
    assert_eq!(rows, want);
    assert_eq!(detail, want_detail);
}

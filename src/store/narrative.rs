//! Writing a disclosure's narrative (schema: migrations/V2__narrative.sql):
//! sections, 机构设置, 政府采购, 固定资产, projects with their indicators, and
//! stated figures. Multi-row statements, as for lines and amounts: the
//! per-statement cost dominates imports.

use super::writer::Writer;
use crate::amount::Cell;
use crate::model::{AmountCell, Narrative, Quantity};
use rusqlite::ToSql;

/// Store everything of `narrative` under `disclosure_id`.
pub fn insert(tx: &Writer, disclosure_id: i64, narrative: &Narrative) -> rusqlite::Result<()> {
    let id = &disclosure_id;
    sections(tx, id, narrative)?;
    institutions(tx, id, narrative)?;
    procurement(tx, id, narrative)?;
    assets(tx, id, narrative)?;
    projects(tx, id, narrative)?;
    figures(tx, id, narrative)
}

/// Foreign keys are not enforced (see write.rs), so a replaced disclosure's
/// narrative is deleted here, children first.
pub fn delete(tx: &Writer, disclosure_id: i64) -> rusqlite::Result<()> {
    for sql in [
        "DELETE FROM stated_figures WHERE disclosure_id = ?1",
        "DELETE FROM project_indicators WHERE disclosure_id = ?1",
        "DELETE FROM projects WHERE disclosure_id = ?1",
        "DELETE FROM asset_lines WHERE disclosure_id = ?1",
        "DELETE FROM procurement_funds WHERE disclosure_id = ?1",
        "DELETE FROM procurement_items WHERE disclosure_id = ?1",
        "DELETE FROM institutions WHERE disclosure_id = ?1",
        "DELETE FROM narrative_sections WHERE disclosure_id = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([disclosure_id])?;
    }
    Ok(())
}

fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// (fen, raw) of an amount cell: a blank cell is (NULL, NULL), a dash
/// (NULL, '-'), text that is not a number (NULL, text).
fn amount(cell: Option<&AmountCell>) -> (Option<i64>, Option<&str>) {
    match cell {
        None => (None, None),
        Some(c) => (
            c.value.fen(),
            (c.value != Cell::Blank || !c.raw.is_empty()).then_some(c.raw.as_str()),
        ),
    }
}

fn quantity(q: Option<&Quantity>) -> (Option<&str>, Option<i64>) {
    (q.map(|q| q.text.as_str()), q.and_then(|q| q.milli))
}

fn sections(tx: &Writer, id: &i64, n: &Narrative) -> rusqlite::Result<()> {
    let owned: Vec<(i64, Option<i64>, &'static str, i64)> = n
        .sections
        .iter()
        .map(|s| {
            (
                int(s.ordinal),
                s.number.map(i64::from),
                s.topic.key(),
                int(s.source_line),
            )
        })
        .collect();
    let rows: Vec<[&dyn ToSql; 8]> = n
        .sections
        .iter()
        .zip(&owned)
        .map(|(s, (ordinal, number, topic, line))| -> [&dyn ToSql; 8] {
            [
                id,
                ordinal,
                &s.number_label,
                number,
                &s.heading,
                topic,
                &s.text,
                line,
            ]
        })
        .collect();
    tx.insert_rows(
        "INSERT OR ROLLBACK INTO narrative_sections
         (disclosure_id, ordinal, number_label, number, heading, topic, text, source_line) VALUES ",
        &rows,
    )
}

fn institutions(tx: &Writer, id: &i64, n: &Narrative) -> rusqlite::Result<()> {
    let owned: Vec<[i64; 2]> = n
        .institutions
        .iter()
        .map(|r| [int(r.row_no), int(r.source_line)])
        .collect();
    let rows: Vec<[&dyn ToSql; 7]> = n
        .institutions
        .iter()
        .zip(&owned)
        .map(|(r, [row_no, line])| -> [&dyn ToSql; 7] {
            [
                id,
                row_no,
                &r.name,
                &r.nature,
                &r.grade,
                &r.funding_form,
                line,
            ]
        })
        .collect();
    tx.insert_rows(
        "INSERT OR ROLLBACK INTO institutions
         (disclosure_id, row_no, name, nature, grade, funding_form, source_line) VALUES ",
        &rows,
    )
}

type Amount<'a> = (Option<i64>, Option<&'a str>);

fn procurement(tx: &Writer, id: &i64, n: &Narrative) -> rusqlite::Result<()> {
    struct Owned<'a> {
        row_no: i64,
        kind: &'static str,
        budget: Amount<'a>,
        quantity: (Option<&'a str>, Option<i64>),
        unit_price: Amount<'a>,
        total: Amount<'a>,
        sme: Amount<'a>,
        unit: &'static str,
        line: i64,
    }
    let owned: Vec<Owned> = n
        .procurement
        .iter()
        .map(|r| Owned {
            row_no: int(r.row_no),
            kind: r.kind.key(),
            budget: amount(r.budget.as_ref()),
            quantity: quantity(r.quantity.as_ref()),
            unit_price: amount(r.unit_price.as_ref()),
            total: amount(r.total.as_ref()),
            sme: amount(r.sme_reserved.as_ref()),
            unit: r.amount_unit.label(),
            line: int(r.source_line),
        })
        .collect();
    let rows: Vec<[&dyn ToSql; 20]> = n
        .procurement
        .iter()
        .zip(&owned)
        .map(|(r, o)| -> [&dyn ToSql; 20] {
            [
                id,
                &o.row_no,
                &o.kind,
                &r.unit_name,
                &r.project,
                &o.budget.0,
                &o.budget.1,
                &r.item,
                &r.catalogue_code,
                &r.measure_unit,
                &o.quantity.0,
                &o.quantity.1,
                &o.unit_price.0,
                &o.unit_price.1,
                &o.total.0,
                &o.total.1,
                &o.sme.0,
                &o.sme.1,
                &o.unit,
                &o.line,
            ]
        })
        .collect();
    tx.insert_rows("INSERT OR ROLLBACK INTO procurement_items
         (disclosure_id, row_no, kind, unit_name, project, budget_fen, budget_raw, item, catalogue_code,
          measure_unit, quantity_text, quantity_milli, unit_price_fen, unit_price_raw, total_fen, total_raw,
          sme_reserved_fen, sme_reserved_raw, amount_unit, source_line) VALUES ", &rows)?;

    let funds: Vec<(i64, i64, &str, Option<i64>, &str)> = n
        .procurement
        .iter()
        .flat_map(|r| {
            r.funds.iter().map(move |f| {
                (
                    int(r.row_no),
                    int(f.cell.position),
                    f.source.as_str(),
                    f.cell.value.fen(),
                    f.cell.raw.as_str(),
                )
            })
        })
        .collect();
    let rows: Vec<[&dyn ToSql; 6]> = funds
        .iter()
        .map(|(row_no, position, source, fen, raw)| -> [&dyn ToSql; 6] {
            [id, row_no, position, source, fen, raw]
        })
        .collect();
    tx.insert_rows("INSERT OR ROLLBACK INTO procurement_funds (disclosure_id, row_no, position, source, fen, raw) VALUES ", &rows)
}

fn assets(tx: &Writer, id: &i64, n: &Narrative) -> rusqlite::Result<()> {
    struct Owned<'a> {
        row_no: i64,
        kind: Option<&'static str>,
        quantity: (Option<&'a str>, Option<i64>),
        value: Amount<'a>,
        unit: &'static str,
        line: i64,
    }
    let owned: Vec<Owned> = n
        .assets
        .iter()
        .map(|a| Owned {
            row_no: int(a.row_no),
            kind: a.quantity_kind.map(|k| k.key()),
            quantity: quantity(a.quantity.as_ref()),
            value: amount(Some(&a.value)),
            unit: a.amount_unit.label(),
            line: int(a.source_line),
        })
        .collect();
    let rows: Vec<[&dyn ToSql; 14]> = n
        .assets
        .iter()
        .zip(&owned)
        .map(|(a, o)| -> [&dyn ToSql; 14] {
            [
                id,
                &o.row_no,
                &a.name,
                &a.item,
                &a.part_of,
                &a.measure,
                &o.kind,
                &o.quantity.0,
                &o.quantity.1,
                &o.value.0,
                &o.value.1,
                &o.unit,
                &a.as_of,
                &o.line,
            ]
        })
        .collect();
    tx.insert_rows("INSERT OR ROLLBACK INTO asset_lines
         (disclosure_id, row_no, name, item, part_of, measure, quantity_kind, quantity_text, quantity_milli,
          value_fen, value_raw, amount_unit, as_of, source_line) VALUES ", &rows)
}

fn projects(tx: &Writer, id: &i64, n: &Narrative) -> rusqlite::Result<()> {
    let owned: Vec<[i64; 2]> = n
        .projects
        .iter()
        .map(|p| [int(p.ordinal), int(p.source_line)])
        .collect();
    let rows: Vec<[&dyn ToSql; 7]> = n
        .projects
        .iter()
        .zip(&owned)
        .map(|(p, [ordinal, line])| -> [&dyn ToSql; 7] {
            [id, ordinal, &p.number, &p.name, &p.title, &p.goal, line]
        })
        .collect();
    tx.insert_rows("INSERT OR ROLLBACK INTO projects (disclosure_id, ordinal, number, name, title, goal, source_line) VALUES ", &rows)?;

    struct Owned<'a> {
        project: i64,
        row_no: i64,
        comparator: Option<&'static str>,
        number: Option<&'a str>,
        unit: Option<&'a str>,
        filled: i64,
        line: i64,
    }
    let owned: Vec<Owned> = n
        .projects
        .iter()
        .flat_map(|p| {
            p.indicators.iter().map(move |i| Owned {
                project: int(p.ordinal),
                row_no: int(i.row_no),
                comparator: i.target.as_ref().map(|t| t.comparator.symbol()),
                number: i.target.as_ref().map(|t| t.number.as_str()),
                unit: i.target.as_ref().and_then(|t| t.unit.as_deref()),
                filled: i64::from(i.filled_down),
                line: int(i.source_line),
            })
        })
        .collect();
    let indicators = n.projects.iter().flat_map(|p| &p.indicators);
    let rows: Vec<[&dyn ToSql; 14]> = indicators
        .zip(&owned)
        .map(|(i, o)| -> [&dyn ToSql; 14] {
            [
                id,
                &o.project,
                &o.row_no,
                &i.level1,
                &i.level2,
                &i.level3,
                &i.description,
                &i.value,
                &o.comparator,
                &o.number,
                &o.unit,
                &i.basis,
                &o.filled,
                &o.line,
            ]
        })
        .collect();
    tx.insert_rows("INSERT OR ROLLBACK INTO project_indicators
         (disclosure_id, project, row_no, level1, level2, level3, description, value_text, comparator,
          value_number, value_unit, basis, filled_down, source_line) VALUES ", &rows)
}

fn figures(tx: &Writer, id: &i64, n: &Narrative) -> rusqlite::Result<()> {
    struct Owned {
        ordinal: i64,
        section: i64,
        claim: &'static str,
        qualifier: Option<&'static str>,
        start: i64,
        chars: i64,
        line: i64,
    }
    let owned: Vec<Owned> = n
        .figures
        .iter()
        .map(|f| Owned {
            ordinal: int(f.ordinal),
            section: int(f.section),
            claim: f.claim.key(),
            qualifier: f.qualifier.map(|q| q.key()),
            start: int(f.sentence_start),
            chars: int(f.sentence.chars().count()),
            line: int(f.source_line),
        })
        .collect();
    let rows: Vec<[&dyn ToSql; 13]> = n
        .figures
        .iter()
        .zip(&owned)
        .map(|(f, o)| -> [&dyn ToSql; 13] {
            [
                id,
                &o.ordinal,
                &o.section,
                &o.claim,
                &f.item,
                &o.qualifier,
                &f.fen,
                &f.unit_as_written,
                &f.raw,
                &f.label,
                &o.start,
                &o.chars,
                &o.line,
            ]
        })
        .collect();
    tx.insert_rows(
        "INSERT OR ROLLBACK INTO stated_figures
         (disclosure_id, ordinal, section, claim, item, qualifier, fen, unit_as_written, raw, label,
          sentence_start, sentence_chars, source_line) VALUES ",
        &rows,
    )
}

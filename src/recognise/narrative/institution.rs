//! The 机构设置 table: 单位名称, 单位性质, 单位规格, 经费保障形式.

use super::cells;
use crate::model::Institution;
use crate::read::Table;
use crate::text::{contains, squeeze, squeezed_eq};

/// Whether the table is a 机构设置 table.
pub fn is_institution(title: &str, table: &Table<'_>) -> bool {
    cells::squeezed(title).contains("机构设置") || header_index(table).is_some()
}

fn header_index(table: &Table<'_>) -> Option<usize> {
    table.rows.iter().position(|row| {
        row.cells.iter().any(|c| squeezed_eq(c, "单位名称"))
            && row.cells.iter().any(|c| {
                let c = cells::squeezed(c);
                contains(&c, "性质") || contains(&c, "规格") || contains(&c, "经费")
            })
    })
}

#[derive(Clone, Copy)]
enum Field {
    Name,
    Nature,
    Grade,
    Funding,
}

fn field(header: &str) -> Option<Field> {
    if contains(header, "名称") {
        Some(Field::Name)
    } else if contains(header, "性质") {
        Some(Field::Nature)
    } else if contains(header, "规格") || contains(header, "级别") {
        Some(Field::Grade)
    } else if contains(header, "经费") || contains(header, "保障") {
        Some(Field::Funding)
    } else {
        None
    }
}

/// The data rows after the header row. `None` when the table has no
/// recognisable header.
pub fn parse(table: &Table<'_>) -> Option<Vec<Institution>> {
    let header = header_index(table)?;
    let fields: Vec<Option<Field>> = table.rows[header]
        .cells
        .iter()
        .map(|c| field(&squeeze(c)))
        .collect();
    let mut out = Vec::new();
    for row in &table.rows[header + 1..] {
        let mut institution = Institution {
            row_no: out.len() + 1,
            name: None,
            nature: None,
            grade: None,
            funding_form: None,
            source_line: row.line,
        };
        for (cell, field) in row.cells.iter().zip(&fields) {
            let value = cells::text(cell);
            match field {
                Some(Field::Name) => institution.name = value,
                Some(Field::Nature) => institution.nature = value,
                Some(Field::Grade) => institution.grade = value,
                Some(Field::Funding) => institution.funding_form = value,
                None => {}
            }
        }
        let blank = institution.name.is_none()
            && institution.nature.is_none()
            && institution.grade.is_none()
            && institution.funding_form.is_none();
        if !blank {
            out.push(institution);
        }
    }
    Some(out)
}

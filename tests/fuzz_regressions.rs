//! Inputs the fuzz targets (fuzz/) found, kept in tests/fixtures/fuzz/:
//! each must be refused with a message by `import::prepare_bytes`, never
//! panic out of it.

mod common;

use std::path::Path;

fn refused(name: &str) -> String {
    let bytes = std::fs::read(common::fixture(&format!("fuzz/{name}"))).unwrap();
    match yusuan::import::prepare_bytes(Path::new(name), &bytes) {
        Ok(_) => panic!("{name} was imported"),
        Err(error) => error.to_string(),
    }
}

/// read_workbook, 2026-12-06: an .xls whose record is shorter than the
/// field calamine reads from it; calamine slices past the record's end
/// (`utils::read_u16`) and panics. The workbook reader's guard must turn
/// that into a damaged-workbook message.
#[test]
fn xls_with_a_record_shorter_than_its_fields_is_refused_as_damaged() {
    let message = refused("xls-short-record.xls");
    assert!(message.contains("Excel 工作簿已损坏"), "{message}");
}

/// read_workbook, 2026-12-07: an .xls whose sheet has a DIMENSIONS record
/// of the older 10-byte layout (16-bit rows) claiming an area of billions
/// of cells. The BIFF check read only the 14-byte layout and let it pass;
/// calamine reserved room for the whole area (a 6.6 PB allocation, which
/// aborts the process). The check now reads both layouts.
#[test]
fn xls_with_a_short_dimensions_record_over_a_huge_area_is_refused() {
    let message = refused("xls-short-dimensions.xls");
    assert!(message.contains("Excel 工作簿已损坏"), "{message}");
}

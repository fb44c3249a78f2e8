//! Excel workbooks (.xlsx, .xlsm, .xls) → paragraphs and tables.
//!
//! Offices publish a budget workbook as one table per sheet (or several,
//! one under another), each with its title in a row above it (or only in
//! the sheet tab) and notes (注：…) in a row below. The reader walks the
//! visible sheets in workbook order and, on each sheet, splits the rows into
//! blocks at fully blank rows. Inside a block, a row with at most one
//! non-empty cell is a paragraph (title, note, narrative line) unless it
//! lies between two table rows or is ruled like the table next to it;
//! the other rows form the block's table.
//!
//! A cell is read as Excel shows it: a number through its number format
//! (681.9 under "0.00" is "681.90"), text exactly as stored. Merged regions
//! become one cell spanning the region's width, and the rows below inside
//! the region get a continuation cell, as the other readers give them.
//!
//! Hidden sheets are skipped: what was published is what a reader of the
//! workbook sees, and offices hide their working sheets (lookup lists,
//! drafts), not the tables they publish.

mod biff;
mod number_format;
mod sheet;

use crate::read::error::{BookDamage, ExcelError, ReadError, SheetDamage};
use crate::read::source::{Extracted, Item};
use calamine::{Data, Reader, SheetType, SheetVisible, Xls, XlsError, Xlsx, XlsxError};
use sheet::{Sheet, Styles};
use std::io::Cursor;

/// Cells a workbook's sheets may hold in all, empty ones included: a
/// disclosure's workbook holds a few thousand (a long project list tens of
/// thousands). What the reader builds from this many stays under 150 MB
/// (RELIABILITY.md, "Memory"); 500,000 took 154 MB.
const MAX_CELLS: u64 = 250_000;

/// Read a workbook. Zip bytes are an .xlsx/.xlsm, anything else an .xls.
pub fn read(bytes: &[u8]) -> Result<Extracted, ReadError> {
    let (format, sheets) = if bytes.starts_with(b"PK") {
        ("Excel", guarded(|| xlsx_sheets(bytes))?)
    } else {
        ("Excel 97-2003", guarded(|| xls_sheets(bytes))?)
    };
    let mut items = Vec::new();
    for sheet in &sheets {
        sheet.items(&mut items)?;
    }
    if !items.iter().any(|item| matches!(item, Item::Table { .. })) {
        return Err(ExcelError::NoTables.into());
    }
    Ok(Extracted {
        format: format.into(),
        items,
        warnings: Vec::new(),
    })
}

/// calamine trusts what it parses: a merged range written end first
/// ("C3:A1") or a column name of a dozen letters overflows its arithmetic,
/// which panics in a debug build, and other slips may hide elsewhere. A
/// panic there means a malformed workbook, not a reason to stop the import;
/// whatever calamine left half-built is dropped with the closure.
fn guarded<T>(read: impl FnOnce() -> Result<T, ExcelError>) -> Result<T, ExcelError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or(Err(ExcelError::Damaged(BookDamage::Unparsable)))
}

fn damaged_sheet(name: &str, damage: SheetDamage) -> ExcelError {
    ExcelError::DamagedSheet {
        name: name.to_string(),
        damage,
    }
}

fn xlsx_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, ExcelError> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsxError::Password => ExcelError::Password,
        e => ExcelError::Damaged(BookDamage::Xlsx(e)),
    })?;
    let mut sheets = Vec::new();
    let mut cells_read: u64 = 0;
    for name in visible_sheets(book.sheets_metadata()) {
        // Cell by cell rather than through a Range, which would allocate
        // the whole bounding box: one stray cell at XFD1048576 in a damaged
        // file would ask for billions of cells.
        let mut cells = Vec::new();
        let mut reader = book
            .worksheet_cells_reader(&name)
            .map_err(|e| damaged_sheet(&name, SheetDamage::Xlsx(e)))?;
        while let Some(cell) = reader
            .next_cell()
            .map_err(|e| damaged_sheet(&name, SheetDamage::Xlsx(e)))?
        {
            let data: Data = cell.get_value().clone().into();
            if data != Data::Empty {
                cells.push((cell.get_position(), data));
            }
            // Counted as they stream, before the sheet is laid out: a
            // workbook of 20 million cells compresses to a few megabytes.
            cells_read += 1;
            if cells_read > MAX_CELLS {
                return Err(damaged_sheet(
                    &name,
                    SheetDamage::TooManyCells { limit: MAX_CELLS },
                ));
            }
        }
        drop(reader);
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| damaged_sheet(&name, SheetDamage::Xlsx(e)))?;
        let styles = book
            .worksheet_style(&name)
            .map_err(|e| damaged_sheet(&name, SheetDamage::Xlsx(e)))?;
        sheets.push(Sheet::new(name, cells, merges, Styles::Xlsx(styles))?);
    }
    Ok(sheets)
}

fn xls_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, ExcelError> {
    // calamine trusts the records' sizes: refuse what would make it
    // overflow or allocate without bound before it sees the file.
    biff::check(bytes).map_err(|e| ExcelError::Damaged(e.into()))?;
    let mut book = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsError::Password => ExcelError::Password,
        e => ExcelError::Damaged(BookDamage::Xls(e)),
    })?;
    // calamine keeps no number formats or borders for .xls: read them from
    // the records themselves (none when that fails; the values still read).
    let styles = biff::styles(bytes).unwrap_or_default();
    let mut sheets = Vec::new();
    for name in visible_sheets(book.sheets_metadata()) {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| damaged_sheet(&name, SheetDamage::Xls(e)))?;
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| damaged_sheet(&name, SheetDamage::Xls(e)))?;
        let sheet_styles = match styles.sheets.get(&name) {
            Some(cells) => Styles::Xls(&styles, cells),
            None => Styles::None,
        };
        let cells = range.used_cells().filter_map(|(row, column, data)| {
            // A Range starts at its first used cell, not at A1.
            let (r0, c0) = range.start()?;
            let row = r0.checked_add(u32::try_from(row).ok()?)?;
            let column = c0.checked_add(u32::try_from(column).ok()?)?;
            Some(((row, column), data.clone()))
        });
        sheets.push(Sheet::new(name, cells, merges, sheet_styles)?);
    }
    Ok(sheets)
}

fn visible_sheets(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::source::SourceCell;
    use rust_xlsxwriter::{Format, FormatBorder, Workbook};

    /// The result as a person sees it: these tests hold the wording.
    fn read(bytes: &[u8]) -> Result<Extracted, String> {
        super::read(bytes).map_err(|e| e.to_string())
    }

    fn xlsx(fill: impl FnOnce(&mut Workbook)) -> Vec<u8> {
        let mut book = Workbook::new();
        fill(&mut book);
        book.save_to_buffer().unwrap()
    }

    /// Items as text: "P text @place", table rows "a|b<2>|^1 @place".
    fn shape(doc: &Extracted) -> Vec<String> {
        let mut out = Vec::new();
        for item in &doc.items {
            match item {
                Item::Paragraph { place, text } => out.push(format!("P {text} @{place}")),
                Item::Table { rows } => {
                    out.push("T".into());
                    for row in rows {
                        let cells: Vec<String> = row.cells.iter().map(SourceCell::sketch).collect();
                        out.push(format!("{} @{}", cells.join("|"), row.place));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn merged_regions_span_and_continue_away_from_a1() {
        // The table starts at C5 (row 5 as Excel shows it); the Range
        // calamine gives starts there too, the merges are absolute.
        let bytes = xlsx(|book| {
            let s = book.add_worksheet().set_name("收支").unwrap();
            let f = Format::new();
            s.write_string(2, 2, "单位预算收支总表").unwrap();
            s.merge_range(4, 2, 5, 2, "序号", &f).unwrap();
            s.merge_range(4, 3, 4, 4, "收入", &f).unwrap();
            s.write_string(5, 3, "项目").unwrap();
            s.write_string(5, 4, "预算数").unwrap();
            s.write_number(6, 2, 1).unwrap();
            s.write_string(6, 3, "一般公共预算拨款收入").unwrap();
            s.write_number(6, 4, 1079.09).unwrap();
        });
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.format, "Excel");
        assert_eq!(
            shape(&doc),
            [
                "P 单位预算收支总表 @工作表「收支」第 3 行",
                "T",
                "序号|收入<2> @工作表「收支」第 5 行",
                "^1|项目|预算数 @工作表「收支」第 6 行",
                "1|一般公共预算拨款收入|1079.09 @工作表「收支」第 7 行",
            ]
        );
    }

    #[test]
    fn several_tables_on_a_sheet_keep_their_titles_and_notes() {
        // Title directly above the first table, a note directly below it, a
        // blank row, then a second title and table; a row with one filled
        // cell between two table rows stays in its table.
        let bytes = xlsx(|book| {
            let s = book.add_worksheet().set_name("Sheet1").unwrap();
            let rows: [&[&str]; 9] = [
                &["表一"],
                &["项目", "金额"],
                &["合计", ""],
                &["办公费", "5.84"],
                &["注：单位万元。"],
                &[],
                &["表二"],
                &["项目", "金额"],
                &["邮电费", "4.44"],
            ];
            for (r, row) in rows.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    s.write_string(r as u32, c as u16, *text).unwrap();
                }
            }
        });
        assert_eq!(
            shape(&read(&bytes).unwrap()),
            [
                "P 表一 @工作表「Sheet1」第 1 行",
                "T",
                "项目|金额 @工作表「Sheet1」第 2 行",
                "合计| @工作表「Sheet1」第 3 行",
                "办公费|5.84 @工作表「Sheet1」第 4 行",
                "P 注：单位万元。 @工作表「Sheet1」第 5 行",
                "P 表二 @工作表「Sheet1」第 7 行",
                "T",
                "项目|金额 @工作表「Sheet1」第 8 行",
                "邮电费|4.44 @工作表「Sheet1」第 9 行",
            ]
        );
    }

    #[test]
    fn a_table_titled_only_in_its_sheet_tab_takes_the_sheet_name() {
        let bytes = xlsx(|book| {
            let s = book.add_worksheet().set_name("单位预算支出总表").unwrap();
            s.write_string(0, 0, "科目").unwrap();
            s.write_string(0, 1, "合计").unwrap();
            s.write_string(1, 0, "201").unwrap();
            s.write_number(1, 1, 681.91).unwrap();
            s.write_string(3, 0, "科目").unwrap();
            s.write_string(3, 1, "合计").unwrap();
            // A hidden working sheet is not part of what was published.
            let hidden = book.add_worksheet().set_name("底稿").unwrap();
            hidden.write_string(0, 0, "草稿").unwrap();
            hidden.write_string(0, 1, "1").unwrap();
            hidden.set_hidden(true);
            let s = book.add_worksheet().set_name("表2").unwrap();
            s.write_string(0, 0, "标题").unwrap();
            s.write_string(2, 0, "甲").unwrap();
            s.write_string(2, 1, "乙").unwrap();
        });
        assert_eq!(
            shape(&read(&bytes).unwrap()),
            [
                "P 单位预算支出总表 @工作表「单位预算支出总表」",
                "T",
                "科目|合计 @工作表「单位预算支出总表」第 1 行",
                "201|681.91 @工作表「单位预算支出总表」第 2 行",
                // Only the sheet's first table takes the name.
                "T",
                "科目|合计 @工作表「单位预算支出总表」第 4 行",
                "P 标题 @工作表「表2」第 1 行",
                "T",
                "甲|乙 @工作表「表2」第 3 行",
            ]
        );
    }

    #[test]
    fn ruled_rows_with_one_cell_or_none_belong_to_the_table() {
        // An empty table: its header, then a ruled row of empty cells, then
        // an unruled note. And a ruled 合计 row with only its label.
        let bytes = xlsx(|book| {
            let s = book.add_worksheet().set_name("表").unwrap();
            let ruled = Format::new().set_border(FormatBorder::Thin);
            s.write_string(0, 0, "政府性基金支出表").unwrap();
            s.write_string_with_format(1, 0, "科目", &ruled).unwrap();
            s.write_string_with_format(1, 1, "合计", &ruled).unwrap();
            s.write_blank(2, 0, &ruled).unwrap();
            s.write_blank(2, 1, &ruled).unwrap();
            s.write_string(4, 0, "注：空表列示。").unwrap();
            s.write_string_with_format(6, 0, "科目", &ruled).unwrap();
            s.write_string_with_format(6, 1, "合计", &ruled).unwrap();
            s.write_string_with_format(7, 0, "合计", &ruled).unwrap();
            s.write_blank(7, 1, &ruled).unwrap();
        });
        assert_eq!(
            shape(&read(&bytes).unwrap()),
            [
                "P 政府性基金支出表 @工作表「表」第 1 行",
                "T",
                "科目|合计 @工作表「表」第 2 行",
                "| @工作表「表」第 3 行",
                "P 注：空表列示。 @工作表「表」第 5 行",
                "T",
                "科目|合计 @工作表「表」第 7 行",
                "合计| @工作表「表」第 8 行",
            ]
        );
    }

    #[test]
    fn numbers_read_as_their_format_shows_them() {
        let bytes = xlsx(|book| {
            let s = book.add_worksheet();
            let two = Format::new().set_num_format("0.00");
            let grouped = Format::new().set_num_format("#,##0.00");
            s.write_string(0, 0, "项目").unwrap();
            s.write_number_with_format(0, 1, 681.9, &two).unwrap();
            s.write_number_with_format(0, 2, 1079.09, &grouped).unwrap();
            s.write_number(0, 3, 2010301.0).unwrap();
            s.write_number(0, 4, 1079.09).unwrap();
            s.write_boolean(0, 5, true).unwrap();
            s.write_string(0, 6, " 文本 ").unwrap();
        });
        let doc = read(&bytes).unwrap();
        let Some(Item::Table { rows }) = doc.items.get(1) else {
            panic!("{doc:?}");
        };
        let texts: Vec<&str> = rows[0].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            ["项目", "681.90", "1,079.09", "2010301", "1079.09", "TRUE", " 文本 "]
        );
    }

    #[test]
    fn a_stray_cell_far_away_costs_nothing() {
        // A Range over A1:XFD1048576 would hold 17 billion cells.
        let bytes = xlsx(|book| {
            let s = book.add_worksheet();
            s.write_string(0, 0, "项目").unwrap();
            s.write_string(0, 1, "金额").unwrap();
            s.write_string(1_048_575, 16_383, "尾").unwrap();
        });
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.items.len(), 3, "{doc:?}");
    }

    /// Runs `f` on another thread and fails if it takes longer than the
    /// limit (the thread is left behind; the test process ends with it).
    fn within<T: Send + 'static>(limit: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || done.send(f()));
        result
            .recv_timeout(std::time::Duration::from_secs(limit))
            .unwrap_or_else(|_| panic!("did not finish within {limit} s"))
    }

    #[test]
    fn a_stray_ruled_cell_far_away_costs_nothing() {
        // Listing the ruled cells would walk the box from A1 to XFD1048576.
        let bytes = xlsx(|book| {
            let s = book.add_worksheet();
            let ruled = Format::new().set_border(FormatBorder::Thin);
            s.write_string_with_format(0, 0, "项目", &ruled).unwrap();
            s.write_string_with_format(0, 1, "金额", &ruled).unwrap();
            s.write_blank(1_048_575, 16_383, &ruled).unwrap();
        });
        let doc = within(20, move || read(&bytes)).unwrap();
        assert_eq!(doc.items.len(), 2, "{doc:?}");
    }

    #[test]
    fn a_stray_value_that_widens_a_table_past_the_budget_is_refused() {
        // 200 rows of two cells and one cell in column XFD: a table 16,384
        // cells wide would be 3.3 million cells of nothing.
        let bytes = xlsx(|book| {
            let s = book.add_worksheet().set_name("表1").unwrap();
            for row in 0..200 {
                s.write_string(row, 0, "项目").unwrap();
                s.write_number(row, 1, 1.0).unwrap();
            }
            s.write_string(0, 16_383, "尾").unwrap();
        });
        let message = within(60, move || read(&bytes)).unwrap_err();
        assert!(
            message.contains("表1") && message.contains("第 1 行") && message.contains("3276800"),
            "{message}"
        );
    }

    /// A one-sheet workbook of inline strings at `cells` ("B3", text) and
    /// `merges` copies of the merged region `merge`.
    fn sheet_with_merges(cells: &[(&str, &str)], merge: &str, merges: usize) -> Vec<u8> {
        let mut sheet = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>"#,
        );
        for (at, text) in cells {
            sheet.push_str(&format!(
                r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#
            ));
        }
        sheet.push_str(&format!(
            r#"</row></sheetData><mergeCells count="{merges}">"#
        ));
        for _ in 0..merges {
            sheet.push_str(&format!(r#"<mergeCell ref="{merge}"/>"#));
        }
        sheet.push_str("</mergeCells></worksheet>");
        workbook_of(&sheet)
    }

    /// A one-sheet .xlsx around `sheet` (sheet1.xml).
    fn workbook_of(sheet: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
            ),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
        for (name, content) in parts {
            zip.start_file(name, options).unwrap();
            std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn merges_over_a_tall_sheet_are_refused_before_they_are_laid_out() {
        // 2,000 copies of A1:A1048576 over a sheet whose values reach row
        // 1,048,576: two billion merge rows from a file of a few kilobytes.
        let bytes = sheet_with_merges(&[("A1", "x"), ("B1048576", "y")], "A1:A1048576", 2_000);
        assert!(bytes.len() < 20_000, "{} bytes", bytes.len());
        let message = within(20, move || read(&bytes)).unwrap_err();
        assert!(
            message.contains("表1") && message.contains("合并单元格过多"),
            "{message}"
        );
        // Over a short sheet the same copies are read as the one region.
        let cells = [
            ("A1", "x"),
            ("B1", "y"),
            ("B2", "w"),
            ("A3", "p"),
            ("B3", "q"),
        ];
        let doc = read(&sheet_with_merges(&cells, "A1:A2", 2_000)).unwrap();
        assert_eq!(
            shape(&doc)[2..],
            [
                "x|y @工作表「表1」第 1 行",
                "^1|w @工作表「表1」第 2 行",
                "p|q @工作表「表1」第 3 行"
            ]
        );
    }

    #[test]
    fn malformed_references_are_an_error_or_ignored_never_a_panic() {
        // calamine's arithmetic overflows on these (a panic in a debug
        // build; in a release build they wrap and the checks above apply).
        let cells = [("A1", "x"), ("B1", "y"), ("A3", "p"), ("B3", "q")];
        for bytes in [
            sheet_with_merges(&cells, "C3:A1", 1),
            sheet_with_merges(&cells, "A1:ZZZZZZZZ1", 1),
            sheet_with_merges(&[("A1", "x"), ("ZZZZZZZZ1", "y")], "A1:A2", 1),
        ] {
            match read(&bytes) {
                Err(message) => assert!(message.contains("damaged"), "{message}"),
                Ok(doc) => assert!(shape(&doc).len() >= 2, "{doc:?}"),
            }
        }
    }

    #[test]
    fn a_cell_beyond_excels_grid_is_refused() {
        // After a row numbered 4,294,967,295, calamine puts the cells that
        // follow without a reference in row u32::MAX; stepping past it
        // would wrap to row 0.
        let sheet = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row><row r="4294967295"></row><c t="inlineStr"><is><t>c</t></is></c><c t="inlineStr"><is><t>d</t></is></c></sheetData></worksheet>"#;
        let bytes = workbook_of(sheet);
        let message = within(20, move || read(&bytes)).unwrap_err();
        assert!(
            message.contains("表1") && message.contains("超出 Excel 的范围"),
            "{message}"
        );
    }

    #[test]
    fn an_excel_95_book_stream_is_checked_like_a_workbook_stream() {
        // The sample .xls with its first sheet's DIMENSIONS record claiming
        // 65,536 rows × 256 columns, stored once as "Workbook" and once as
        // "Book": calamine reads either, so both must be refused.
        let sample = include_bytes!("../../../tests/fixtures/formats/sample.xls");
        let mut stream = biff_stream(sample);
        let sheet = biff::first_sheet_offset(&stream).unwrap();
        let at = biff::find_record(&stream, sheet, 0x0200).unwrap();
        stream[at + 4..at + 14].copy_from_slice(&[0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
        stream[at + 14..at + 16].copy_from_slice(&256u16.to_le_bytes());
        for name in ["/Workbook", "/Book"] {
            let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
            std::io::Write::write_all(&mut file.create_stream(name).unwrap(), &stream).unwrap();
            file.flush().unwrap();
            let bytes = file.into_inner().into_inner();
            let message = read(&bytes).unwrap_err();
            assert!(message.contains("单元格范围过大"), "{name}: {message}");
        }
    }

    fn biff_stream(bytes: &[u8]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).unwrap();
        let mut stream = Vec::new();
        std::io::Read::read_to_end(&mut file.open_stream("/Workbook").unwrap(), &mut stream)
            .unwrap();
        stream
    }

    #[test]
    fn damaged_and_tableless_workbooks_are_clear_errors() {
        // A zip that names a workbook but holds garbage.
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("xl/workbook.xml", options).unwrap();
        std::io::Write::write_all(&mut zip, b"<workbook><sheets><sheet").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let message = read(&bytes).unwrap_err();
        assert!(
            message.contains("损坏") && message.contains("damaged"),
            "{message}"
        );

        let message = read(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0]).unwrap_err();
        assert!(message.contains("damaged"), "{message}");

        let bytes = xlsx(|book| {
            book.add_worksheet()
                .write_string(0, 0, "只有一段文字")
                .unwrap();
        });
        let message = read(&bytes).unwrap_err();
        assert!(message.contains("没有表格"), "{message}");
    }
}

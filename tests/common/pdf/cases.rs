//! Synthetic disclosure PDFs, one per thing the PDF reader must get right
//! (issue 14), each with what the reader must give back: its titles and
//! its tables' rows in sketch notation.

use super::table::{self, Layout, Rules};
use super::{Document, GrayImage, Ink, Page, Rotation};

/// A generated PDF and what reading it must yield.
pub struct Case {
    pub bytes: Vec<u8>,
    /// Lines of text outside tables that must come back, each once.
    pub texts: Vec<&'static str>,
    /// Each table's rows, as `Extracted::shape` writes a row.
    pub tables: Vec<Vec<&'static str>>,
}

pub const TITLE: &str = "2025年部门收入预算总表";
pub const WHO: &str = "编制部门：上海市普陀区示例局";
pub const UNIT: &str = "单位：元";

/// A 收入预算总表 with a three-level merged header (column and row spans)
/// and amounts with separators.
pub const INCOME_ROWS: [&str; 8] = [
    "项目<4>|收入预算<3>",
    "功能分类科目编码<3>|功能分类科目名称|合计|财政拨款收入|其他收入",
    "类|款|项|^1|^1|^1|^1",
    "201|||一般公共服务支出|1,234.56|1,234.56|0.00",
    "201|03||政府办公厅（室）及相关机构事务|1,234.56|1,234.56|0.00",
    "201|03|01|行政运行|1,000.00|1,000.00|0.00",
    "201|03|02|一般行政管理事务|234.56|234.56|0.00",
    "合计<4>|1,234.56|1,234.56|0.00",
];

const INCOME_WIDTHS: [f32; 7] = [28.0, 28.0, 28.0, 170.0, 80.0, 80.0, 80.0];

/// Title, `编制部门 … 单位：元` line, and the income table, on `page`.
fn income_page(mut page: Page, rules: Rules) -> Page {
    let left = (page.width() - INCOME_WIDTHS.iter().sum::<f32>()) / 2.0;
    let right = page.width() - left;
    page.title(80.0, TITLE);
    page.unit_line(108.0, left, right, WHO, UNIT);
    table::draw(
        &mut page,
        &Layout::new(left, 120.0, &INCOME_WIDTHS, rules),
        &INCOME_ROWS,
    );
    page
}

fn single(page: Page) -> Vec<u8> {
    let mut doc = Document::new();
    doc.push(page);
    doc.into_bytes()
}

/// (a) The income table ruled with thin filled rectangles or stroked lines.
pub fn ruled(rules: Rules) -> Case {
    Case {
        bytes: single(income_page(Page::a4_portrait(), rules)),
        texts: vec![TITLE],
        tables: vec![INCOME_ROWS.to_vec()],
    }
}

/// (b) The income table on a landscape page, stored upright or as a
/// `/Rotate 90` portrait page with rotated text matrices.
pub fn landscape(rotation: Rotation) -> Case {
    Case {
        bytes: single(income_page(Page::a4_landscape(rotation), Rules::Filled)),
        texts: vec![TITLE],
        tables: vec![INCOME_ROWS.to_vec()],
    }
}

/// (c) Chinese lines in the predefined-CMap font (UniGB-UCS2-H, no
/// ToUnicode), full-width punctuation and mixed digits included.
pub const CJK_LINES: [&str; 4] = [
    "上海市普陀区2025年区级部门预算",
    "预算主管部门：上海市普陀区示例局",
    "一般公共预算财政拨款收入预算数为1,234.56元，比上年增加12.5%。",
    "“三公”经费预算数为10.81万元（其中：公务接待费0.83万元）。",
];

pub fn cjk_text() -> Case {
    let mut page = Page::a4_portrait();
    for (i, line) in CJK_LINES.iter().enumerate() {
        page.text(60.0, 100.0 + 30.0 * i as f32, 12.0, line);
    }
    Case {
        bytes: single(page),
        texts: CJK_LINES.to_vec(),
        tables: vec![],
    }
}

/// (d) A 收支总表 without any rules: columns only by x positions.
pub const UNRULED_ROWS: [&str; 5] = [
    "收入项目|预算数|支出项目|预算数",
    "一、财政拨款收入|1,234.56|一、一般公共服务支出|1,000.00",
    "二、事业收入|0.00|二、社会保障和就业支出|234.56",
    "三、其他收入|0.00|三、住房保障支出|0.00",
    "收入总计|1,234.56|支出总计|1,234.56",
];

pub fn unruled() -> Case {
    let widths = [150.0, 90.0, 170.0, 90.0];
    let mut page = Page::a4_portrait();
    page.title(80.0, "2025年部门财务收支预算总表");
    page.unit_line(108.0, 47.5, 547.5, WHO, UNIT);
    let mut layout = Layout::new(47.5, 120.0, &widths, Rules::None);
    layout.row_height = 20.0;
    table::draw(&mut page, &layout, &UNRULED_ROWS);
    Case {
        bytes: single(page),
        texts: vec!["2025年部门财务收支预算总表"],
        tables: vec![UNRULED_ROWS.to_vec()],
    }
}

/// (e) A 功能分类 table over three pages: its three header rows repeated at
/// the top of pages 1 and 2, its 合计 row alone on page 3 with the 科目
/// columns merged.
pub const SPLIT_HEADER: [&str; 3] = [
    "项目<4>|一般公共预算支出<3>",
    "功能分类科目编码<3>|功能分类科目名称|合计|基本支出|项目支出",
    "类|款|项|^1|^1|^1|^1",
];

pub const SPLIT_BODY: [&str; 12] = [
    "201|||一般公共服务支出|3,000.00|2,000.00|1,000.00",
    "201|03||政府办公厅（室）及相关机构事务|3,000.00|2,000.00|1,000.00",
    "201|03|01|行政运行|2,000.00|2,000.00|0.00",
    "201|03|02|一般行政管理事务|1,000.00|0.00|1,000.00",
    "208|||社会保障和就业支出|600.50|600.50|0.00",
    "208|05||行政事业单位养老支出|600.50|600.50|0.00",
    "208|05|01|行政单位离退休|100.50|100.50|0.00",
    "208|05|05|机关事业单位基本养老保险缴费支出|500.00|500.00|0.00",
    "221|||住房保障支出|400.00|400.00|0.00",
    "221|02||住房改革支出|400.00|400.00|0.00",
    "221|02|01|住房公积金|300.00|300.00|0.00",
    "221|02|03|购房补贴|100.00|100.00|0.00",
];

pub const SPLIT_TOTAL: &str = "合计<4>|4,000.50|3,000.50|1,000.00";

pub const SPLIT_TITLE: &str = "2025年部门一般公共预算支出功能分类预算表";

pub fn three_pages() -> Case {
    let widths = [28.0, 28.0, 28.0, 170.0, 80.0, 80.0, 80.0];
    let left = 50.5;
    let mut doc = Document::new();
    for (index, body) in SPLIT_BODY.chunks(6).enumerate() {
        let mut page = Page::a4_portrait();
        let top = if index == 0 {
            page.title(80.0, SPLIT_TITLE);
            page.unit_line(108.0, left, left + 494.0, WHO, UNIT);
            120.0
        } else {
            60.0
        };
        let rows: Vec<&str> = SPLIT_HEADER.iter().chain(body).copied().collect();
        table::draw(
            &mut page,
            &Layout::new(left, top, &widths, Rules::Filled),
            &rows,
        );
        doc.push(page);
    }
    let mut last = Page::a4_portrait();
    table::draw(
        &mut last,
        &Layout::new(left, 60.0, &widths, Rules::Filled),
        &[SPLIT_TOTAL],
    );
    doc.push(last);
    let rows = SPLIT_HEADER
        .iter()
        .chain(&SPLIT_BODY)
        .chain([&SPLIT_TOTAL])
        .copied()
        .collect();
    Case {
        bytes: doc.into_bytes(),
        texts: vec![SPLIT_TITLE],
        tables: vec![rows],
    }
}

/// (f) A scanned page: one grey image XObject, no text at all.
pub fn scan() -> Case {
    let (width, height) = (120u32, 170u32);
    let pixels = (0..height)
        .flat_map(|y| (0..width).map(move |x| if (x / 8 + y / 12) % 5 == 0 { 40 } else { 235 }))
        .collect();
    let mut page = Page::a4_portrait();
    page.image(
        GrayImage {
            width,
            height,
            pixels,
        },
        20.0,
        20.0,
        555.0,
        802.0,
    );
    Case {
        bytes: single(page),
        texts: vec![],
        tables: vec![],
    }
}

/// (g) Bold drawn the two ways producers fake it: the title and the
/// table's header rows struck twice less than a point apart, a note in
/// fill+stroke render mode.
pub const BOLD_NOTE: &str = "注：本表金额单位为元。";

pub fn bold() -> Case {
    let mut page = Page::a4_portrait();
    let title_x = (page.width() - super::text_width(TITLE, 16.0)) / 2.0;
    page.inked_text(title_x, 80.0, 16.0, TITLE, Ink::DoubleStruck);
    page.unit_line(108.0, 50.5, 544.5, WHO, UNIT);
    let mut layout = Layout::new(50.5, 120.0, &INCOME_WIDTHS, Rules::Filled);
    layout.header_ink = Ink::DoubleStruck;
    layout.bold_rows = 3;
    let bottom = table::draw(&mut page, &layout, &INCOME_ROWS);
    page.inked_text(50.5, bottom + 24.0, 10.0, BOLD_NOTE, Ink::FillStroke);
    Case {
        bytes: single(page),
        texts: vec![TITLE, BOLD_NOTE],
        tables: vec![INCOME_ROWS.to_vec()],
    }
}

/// (h) Page furniture: a page number (a digit-only line) at the foot of
/// each page and a small bar chart drawn with filled paths and two thin
/// axes under the table. Neither is content.
pub const FURNITURE_TEXT: &str = "图1：2021—2025年部门收入预算变化情况";

pub fn furniture() -> Case {
    let mut doc = Document::new();
    let mut first = income_page(Page::a4_portrait(), Rules::Filled);
    bar_chart(&mut first, 120.0, 330.0);
    first.text(120.0, 480.0, 10.0, FURNITURE_TEXT);
    first.text_centred(297.5, 800.0, 9.0, "1");
    doc.push(first);
    let mut second = Page::a4_portrait();
    second.text(60.0, 100.0, 12.0, CJK_LINES[2]);
    second.text_centred(297.5, 800.0, 9.0, "2");
    doc.push(second);
    Case {
        bytes: doc.into_bytes(),
        texts: vec![TITLE, FURNITURE_TEXT, CJK_LINES[2]],
        tables: vec![INCOME_ROWS.to_vec()],
    }
}

/// Five bars on a baseline, with thin filled axes (the kind of small boxes
/// that are not a table).
fn bar_chart(page: &mut Page, left: f32, top: f32) {
    let base = top + 120.0;
    page.filled_rule(left, top, left, base);
    page.filled_rule(left, base, left + 300.0, base);
    for (i, height) in [40.0, 65.0, 80.0, 72.0, 100.0].iter().enumerate() {
        let x = left + 20.0 + 55.0 * i as f32;
        page.filled_path(
            &[
                (x, base),
                (x + 30.0, base),
                (x + 30.0, base - height),
                (x, base - height),
            ],
            0.45,
        );
    }
}

/// Every generated case by name, for tests that go over all of them.
pub fn all() -> Vec<(&'static str, Case)> {
    vec![
        ("ruled-filled", ruled(Rules::Filled)),
        ("ruled-stroked", ruled(Rules::Stroked)),
        ("landscape-upright", landscape(Rotation::Upright)),
        ("landscape-rotated", landscape(Rotation::Quarter)),
        ("cjk-text", cjk_text()),
        ("unruled", unruled()),
        ("three-pages", three_pages()),
        ("scan", scan()),
        ("bold", bold()),
        ("furniture", furniture()),
    ]
}

#[cfg(test)]
mod tests {
    //! The generated files checked with poppler's `pdftotext` when it is
    //! installed (skipped otherwise), and by their structure always. None of
    //! this uses yusuan's own PDF reader.

    use super::*;
    use std::io::Write;
    use std::process::{Command, Stdio};

    /// Text of every page by `pdftotext -layout`, whitespace removed, or
    /// None when poppler is not installed. Poppler must not complain.
    fn poppler_text(bytes: &[u8]) -> Option<String> {
        let mut child = Command::new("pdftotext")
            .args(["-layout", "-", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .ok()?;
        child.stdin.take().unwrap().write_all(bytes).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "pdftotext failed");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.trim().is_empty(), "pdftotext complained: {stderr}");
        let text = String::from_utf8(out.stdout).unwrap();
        Some(text.chars().filter(|c| !c.is_whitespace()).collect())
    }

    fn count(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .filter(|w| *w == needle)
            .count()
    }

    #[test]
    fn every_case_is_a_complete_pdf() {
        for (name, case) in all() {
            assert!(case.bytes.starts_with(b"%PDF-"), "{name}");
            assert!(case.bytes.trim_ascii_end().ends_with(b"%%EOF"), "{name}");
            assert!(count(&case.bytes, b"/UniGB-UCS2-H") == 1, "{name}");
            assert_eq!(count(&case.bytes, b"/ToUnicode"), 0, "{name}");
            assert_eq!(
                count(&case.bytes, b"/FontFile"),
                0,
                "{name}: fonts not embedded"
            );
        }
    }

    #[test]
    fn poppler_reads_every_text_and_cell() {
        for (name, case) in all() {
            let Some(text) = poppler_text(&case.bytes) else {
                eprintln!("pdftotext not installed: skipped");
                return;
            };
            for line in &case.texts {
                let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(text.contains(&line), "{name}: {line} not in {text}");
            }
            for row in case.tables.iter().flatten() {
                for cell in table::parse_row(row) {
                    assert!(
                        text.contains(&cell.text),
                        "{name}: {} not in {text}",
                        cell.text
                    );
                }
            }
        }
    }

    #[test]
    fn the_scan_has_an_image_and_no_text() {
        let case = scan();
        assert_eq!(count(&case.bytes, b"/Subtype /Image"), 1);
        assert_eq!(count(&case.bytes, b"BT"), 0);
        if let Some(text) = poppler_text(&case.bytes) {
            assert_eq!(text, "");
        }
    }

    #[test]
    fn the_rotated_page_is_stored_sideways() {
        let rotated = landscape(Rotation::Quarter);
        let upright = landscape(Rotation::Upright);
        assert_eq!(count(&rotated.bytes, b"/Rotate 90"), 1);
        assert_eq!(count(&upright.bytes, b"/Rotate"), 0);
        assert_eq!(count(&rotated.bytes, b"/MediaBox [0 0 595 842]"), 1);
        assert_eq!(count(&upright.bytes, b"/MediaBox [0 0 842 595]"), 1);
        // Displayed, both read the same.
        if let (Some(a), Some(b)) = (poppler_text(&rotated.bytes), poppler_text(&upright.bytes)) {
            assert_eq!(a, b);
        }
    }

    #[test]
    fn the_split_table_has_three_pages_and_repeats_its_header() {
        let case = three_pages();
        assert_eq!(count(&case.bytes, b"/Type /Page\n"), 3);
        if let Some(text) = poppler_text(&case.bytes) {
            assert_eq!(text.matches("功能分类科目名称").count(), 2);
            assert_eq!(
                text.matches("合计").count(),
                2 + 1,
                "two headers, one total"
            );
        }
    }

    #[test]
    fn bold_is_drawn_twice_or_stroked() {
        let case = bold();
        assert!(count(&case.bytes, b"2 Tr") >= 1, "render mode 2");
        let plain = ruled(Rules::Filled);
        // Title and three header rows' cells drawn twice.
        assert!(count(&case.bytes, b"Tj") > count(&plain.bytes, b"Tj") + 10);
    }
}

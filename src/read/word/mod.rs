//! Word 2007+ (.docx) → paragraphs and tables, in document order.
//!
//! Only `word/document.xml` is read: headers, footers, footnotes, comments
//! and text boxes are not part of the disclosure's flow. Elements are
//! matched by their local name, because documents written by other tools
//! use another prefix (`ns0:p`) or a default namespace (`<p>`).
//!
//! Reading happens in two steps. [`parse`] keeps only what matters (the
//! paragraphs, tables, rows and cells, the text of runs and the merge
//! properties) in a small tree, dropping deleted text, field instructions,
//! drawings and property blocks on the way. [`Walk`] then turns the tree into
//! [`Item`]s, unwrapping frame tables and lifting nested tables out of cells.
//!
//! 只读取 word/document.xml 的正文；按元素的本地名匹配，不依赖命名空间前缀。

mod parse;
mod walk;

use crate::read::error::{ReadError, WordError, DOCUMENT};
use crate::read::place::Place;
use crate::read::source::{Extracted, Item};
use parse::parse;
use std::io::{Cursor, Read};
use walk::Walk;

/// More document XML than any disclosure has (theirs are a few MB); a zip
/// bomb stops here. The XML is held whole while it is parsed, so this is
/// also what keeps a .docx under the import's memory goal (RELIABILITY.md,
/// "Memory").
const MAX_XML_BYTES: u64 = 32 * 1024 * 1024;

pub fn read(bytes: &[u8]) -> Result<Extracted, ReadError> {
    let xml = document_xml(bytes, MAX_XML_BYTES)?;
    let text = decode(&xml)?;
    let nodes = parse(&text)?;
    let mut walk = Walk::default();
    let mut items = walk.blocks(&nodes);
    if !items.iter().any(|item| matches!(item, Item::Table { .. })) {
        return Err(WordError::NoTables.into());
    }
    let mut paragraphs = 0;
    for item in &mut items {
        if let Item::Paragraph { place, .. } = item {
            paragraphs += 1;
            *place = Place::Paragraph(paragraphs);
        }
    }
    Ok(Extracted {
        format: "Word".into(),
        items,
        warnings: Vec::new(),
    })
}

/// The bytes of `word/document.xml`, refused when they exceed `limit`.
fn document_xml(bytes: &[u8], limit: u64) -> Result<Vec<u8>, WordError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(WordError::NotZip)?;
    // Some tools write the part name in another case; Word accepts it.
    let name = archive
        .file_names()
        .filter_map(Result::ok)
        .find(|n| n.eq_ignore_ascii_case(DOCUMENT))
        .map(|n| n.into_owned())
        .ok_or(WordError::NoDocument)?;
    let entry = archive.by_name(&name).map_err(WordError::Entry)?;
    // The declared size may lie, so the reading below is capped as well.
    if entry.size() > limit {
        return Err(WordError::TooBig { limit });
    }
    let mut xml = Vec::new();
    entry
        .take(limit.saturating_add(1))
        .read_to_end(&mut xml)
        .map_err(WordError::Inflate)?;
    if xml.len() as u64 > limit {
        return Err(WordError::TooBig { limit });
    }
    Ok(xml)
}

/// Document XML is UTF-8 in practice; the standard also allows UTF-16.
fn decode(xml: &[u8]) -> Result<String, WordError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(xml) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&xml[bom..]);
        if !had_errors {
            return Ok(text.into_owned());
        }
    } else if let Ok(text) = std::str::from_utf8(xml) {
        return Ok(text.to_owned());
    }
    Err(WordError::Encoding)
}

#[cfg(test)]
mod tests {
    use super::parse::MAX_SPAN;
    use super::walk::merge_into;
    use super::*;
    use crate::read::source::SourceCell;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    /// The result as a person sees it: these tests hold the wording.
    fn read(bytes: &[u8]) -> Result<Extracted, String> {
        super::read(bytes).map_err(|e| e.to_string())
    }

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// A .docx whose body is `body` (prefix `w:`).
    fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
        );
        zip_of(&[("word/document.xml", xml.as_bytes())])
    }

    fn places(doc: &Extracted) -> Vec<String> {
        doc.items
            .iter()
            .flat_map(|item| match item {
                Item::Paragraph { place, .. } => vec![place.to_string()],
                Item::Table { rows } => rows.iter().map(|r| r.place.to_string()).collect(),
            })
            .collect()
    }

    fn read_body(body: &str) -> Extracted {
        read(&docx(body)).unwrap_or_else(|e| panic!("{e}\n{body}"))
    }

    /// A paragraph of one run.
    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    /// A one-column, one-row table, so that paragraph tests have a table.
    fn tbl() -> String {
        format!("<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>", p("x"))
    }

    fn tc(text: &str) -> String {
        format!("<w:tc>{}</w:tc>", p(text))
    }

    fn tc_with(props: &str, text: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
    }

    fn tr(cells: &[String]) -> String {
        format!("<w:tr>{}</w:tr>", cells.concat())
    }

    #[test]
    fn paragraphs_and_tables_come_in_document_order_with_places() {
        let body = [p("标题"), tbl(), p("注：空表列示。"), tbl()].concat();
        let doc = read_body(&body);
        assert_eq!(doc.format, "Word");
        assert_eq!(doc.shape(), ["P 标题", "x", "P 注：空表列示。", "x"]);
        assert_eq!(
            places(&doc),
            [
                "第 1 段",
                "第 1 个表格第 1 行",
                "第 2 段",
                "第 2 个表格第 1 行"
            ]
        );
    }

    #[test]
    fn elements_are_matched_by_local_name_whatever_the_prefix() {
        let prefixed = format!(
            r#"<ns0:document xmlns:ns0="{W}"><ns0:body><ns0:p><ns0:r><ns0:t>甲</ns0:t></ns0:r></ns0:p><ns0:tbl><ns0:tr><ns0:tc><ns0:tcPr><ns0:gridSpan ns0:val="2"/></ns0:tcPr><ns0:p><ns0:r><ns0:t>乙</ns0:t></ns0:r></ns0:p></ns0:tc></ns0:tr></ns0:tbl></ns0:body></ns0:document>"#
        );
        let default = format!(
            r#"<document xmlns="{W}"><body><p><r><t>甲</t></r></p><tbl><tr><tc><tcPr><gridSpan val="2"/></tcPr><p><r><t>乙</t></r></p></tc></tr></tbl></body></document>"#
        );
        for xml in [prefixed, default] {
            let doc = read(&zip_of(&[("word/document.xml", xml.as_bytes())])).unwrap();
            assert_eq!(doc.shape(), ["P 甲", "乙<2>"], "{xml}");
        }
    }

    #[test]
    fn run_text_is_joined_with_tabs_and_breaks_kept() {
        let body = [
            // Split over runs as Word does, one piece with entities.
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>单位预算</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>收支</w:t></w:r><w:r><w:t>总表&amp;&lt;&#x4E2D;&#20013;</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t></w:r></w:p>"#,
            // A page break before a title does not become part of it.
            r#"<w:p><w:r><w:br w:type="page"/></w:r><w:r><w:t>一、部门职责</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t xml:space="preserve">  两端有空格 </w:t></w:r></w:p>"#,
            &tbl(),
        ]
        .concat();
        assert_eq!(
            read_body(&body).shape(),
            [
                "P 单位预算收支总表&<中中",
                "P a\tb\nc\nd",
                "P 一、部门职责",
                "P   两端有空格 ",
                "x"
            ]
        );
    }

    #[test]
    fn tracked_insertions_count_and_deletions_do_not() {
        let body = [
            r#"<w:p><w:r><w:t>收入</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>总</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>支出</w:delText></w:r></w:del><w:r><w:t>表</w:t></w:r></w:p>"#,
            r#"<w:p><w:moveFrom w:id="3" w:author="a"><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo w:id="4" w:author="a"><w:r><w:t>移来</w:t></w:r></w:moveTo></w:p>"#,
            &tbl(),
        ]
        .concat();
        assert_eq!(read_body(&body).shape(), ["P 收入总表", "P 移来", "x"]);
    }

    #[test]
    fn runs_inside_wrappers_count_and_field_codes_bookmarks_and_notes_do_not() {
        let body = [
            r#"<w:p><w:bookmarkStart w:id="0" w:name="_Toc1"/><w:hyperlink w:anchor="_Toc1"><w:r><w:t>一、</w:t></w:r></w:hyperlink><w:smartTag w:uri="u" w:element="place"><w:r><w:t>山海关</w:t></w:r></w:smartTag><w:bookmarkEnd w:id="0"/></w:p>"#,
            r#"<w:p><w:sdt><w:sdtPr><w:alias w:val="标题"/><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>预算</w:t></w:r></w:sdtContent></w:sdt><w:customXml w:element="x"><w:r><w:t>说明</w:t></w:r></w:customXml></w:p>"#,
            // A complex field shows its result, not its instruction.
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>/9</w:t></w:r></w:fldSimple></w:p>"#,
            r#"<w:p><w:r><w:t>注</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t>：说明</w:t></w:r></w:p>"#,
            // Text boxes are not part of the flow; Word stores them twice.
            r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
            // Block-level content controls hold whole paragraphs and tables.
            &format!("<w:sdt><w:sdtContent>{}{}</w:sdtContent></w:sdt>", p("控件内"), tbl()),
        ]
        .concat();
        assert_eq!(
            read_body(&body).shape(),
            [
                "P 一、山海关",
                "P 预算说明",
                "P 3/9",
                "P 注：说明",
                "P 正文",
                "P 控件内",
                "x"
            ]
        );
    }

    #[test]
    fn empty_paragraphs_are_dropped_and_a_single_space_is_kept() {
        let body = [
            "<w:p/>",
            "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr></w:p>",
            "<w:p><w:r><w:t></w:t></w:r></w:p>",
            &p("标题"),
            &tbl(),
            &p(" "),
            &tbl(),
        ]
        .concat();
        let doc = read_body(&body);
        assert_eq!(doc.shape(), ["P 标题", "x", "P  ", "x"]);
        assert_eq!(places(&doc)[2], "第 2 段");
    }

    #[test]
    fn cells_span_merge_and_join_their_paragraphs() {
        let header = tr(&[
            tc_with(r#"<w:vMerge w:val="restart"/>"#, "序号"),
            tc_with(r#"<w:gridSpan w:val="2"/>"#, "收入"),
        ]);
        let leaf = tr(&[
            tc_with("<w:vMerge/>", ""),
            tc_with(r#"<w:vMerge w:val="continue"/>"#, ""),
            format!("<w:tc>{}<w:p/>{}</w:tc>", p("预算"), p("金额")),
        ]);
        let wide = tr(&[
            tc_with(r#"<w:gridSpan w:val="2"/><w:vMerge/>"#, ""),
            tc("1"),
        ]);
        let body =
            format!("<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>{header}{leaf}{wide}</w:tbl>");
        assert_eq!(
            read_body(&body).shape(),
            ["序号|收入<2> / ^1|^1|预算 金额 / ^2|1"]
        );
    }

    #[test]
    fn skipped_grid_columns_become_empty_cells_and_legacy_merges_join() {
        let before = format!(
            r#"<w:tr><w:trPr><w:gridBefore w:val="1"/><w:wBefore w:w="100"/></w:trPr>{}{}</w:tr>"#,
            tc("a"),
            tc("b")
        );
        let after = format!(
            r#"<w:tr><w:trPr><w:gridAfter w:val="2"/></w:trPr>{}</w:tr>"#,
            tc("c")
        );
        let legacy = tr(&[
            tc_with(r#"<w:hMerge w:val="restart"/>"#, "合计"),
            tc_with("<w:hMerge/>", ""),
            tc("9"),
        ]);
        let body = format!("<w:tbl>{before}{after}{legacy}</w:tbl>");
        assert_eq!(read_body(&body).shape(), ["|a|b / c|<2> / 合计<2>|9"]);
    }

    #[test]
    fn a_long_legacy_merge_takes_linear_time() {
        // 100,000 cells merged into one, 50 characters each: a new string
        // per cell copies some 750 GB; appending copies 15 MB.
        let piece = "预".repeat(50);
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut cell = SourceCell::text("合计");
            for _ in 0..100_000 {
                merge_into(&mut cell, 1, &piece);
            }
            done.send(cell)
        });
        let cell = result
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("merged within 10 s");
        assert_eq!(cell.span, 100_001);
        assert!(cell.text.starts_with("合计 预预"));
        assert_eq!(cell.text.len(), "合计".len() + 100_000 * (1 + 150));
    }

    #[test]
    fn rows_without_cells_and_deleted_rows_are_dropped_but_still_counted() {
        let deleted = format!(
            r#"<w:tr><w:trPr><w:del w:id="1" w:author="a"/></w:trPr>{}</w:tr>"#,
            tc("删")
        );
        let body = format!(
            r#"<w:tbl>{}<w:tr></w:tr><w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr></w:tr>{deleted}{}</w:tbl>"#,
            tr(&[tc("1")]),
            tr(&[tc("2")])
        );
        let doc = read_body(&body);
        assert_eq!(doc.shape(), ["1 / 2"]);
        assert_eq!(places(&doc), ["第 1 个表格第 1 行", "第 1 个表格第 5 行"]);
    }

    #[test]
    fn a_one_cell_frame_table_gives_its_content_in_place() {
        let inner = format!(
            "<w:tbl>{}{}</w:tbl>",
            tr(&[tc("项目"), tc("金额")]),
            tr(&[tc("合计"), tc("10")])
        );
        let frame = format!(
            "<w:tbl><w:tr><w:tc>{}{inner}{}</w:tc></w:tr></w:tbl>",
            p("单位预算收支总表"),
            p("注：单位万元")
        );
        // A frame inside a frame is just as transparent.
        let double = format!("<w:tbl><w:tr><w:tc>{frame}<w:p/></w:tc></w:tr></w:tbl>");
        let body = [p("前言"), double, p("后记")].concat();
        let doc = read_body(&body);
        assert_eq!(
            doc.shape(),
            [
                "P 前言",
                "P 单位预算收支总表",
                "项目|金额 / 合计|10",
                "P 注：单位万元",
                "P 后记"
            ]
        );
        assert_eq!(
            places(&doc),
            [
                "第 1 段",
                "第 2 段",
                "第 1 个表格第 1 行",
                "第 1 个表格第 2 行",
                "第 3 段",
                "第 4 段"
            ]
        );
        // One cell holding only paragraphs is a table, not a frame.
        let boxed = format!(
            "<w:tbl><w:tr><w:tc>{}{}</w:tc></w:tr></w:tbl>",
            p("绩效目标"),
            p("完成")
        );
        assert_eq!(read_body(&boxed).shape(), ["绩效目标 完成"]);
    }

    #[test]
    fn a_table_nested_in_a_cell_follows_the_row_that_holds_it() {
        let nested = format!("<w:tbl>{}</w:tbl>", tr(&[tc("一级指标"), tc("指标值")]));
        let holder = tr(&[
            tc("项目"),
            format!("<w:tc>{}{nested}<w:p/></w:tc>", p("指标")),
        ]);
        let body = format!(
            "<w:tbl>{}{holder}{}</w:tbl>",
            tr(&[tc("名称"), tc("内容")]),
            tr(&[tc("备注"), tc("无")])
        );
        let doc = read_body(&body);
        assert_eq!(
            doc.shape(),
            ["名称|内容 / 项目|指标", "一级指标|指标值", "备注|无"]
        );
        assert_eq!(
            places(&doc),
            [
                "第 1 个表格第 1 行",
                "第 1 个表格第 2 行",
                "第 2 个表格第 1 行",
                "第 1 个表格第 3 行"
            ]
        );
    }

    #[test]
    fn a_document_without_tables_is_refused() {
        let err = read(&docx(&[p("标题"), p("正文")].concat())).unwrap_err();
        assert_eq!(err, "Word 文档中没有表格 (no tables in the Word document)");
        // A table whose rows hold no cells is no table either.
        let err = read(&docx("<w:tbl><w:tr></w:tr></w:tbl>")).unwrap_err();
        assert!(err.contains("没有表格"), "{err}");
    }

    #[test]
    fn damaged_packages_are_named() {
        let err = read(b"PK\x03\x04 not really a zip").unwrap_err();
        assert!(err.contains("zip"), "{err}");
        let err = read(&zip_of(&[("word/styles.xml", b"<w:styles/>")])).unwrap_err();
        assert!(
            err.contains("word/document.xml") && err.contains("缺少"),
            "{err}"
        );
        // The part name's case does not matter.
        let body = format!(
            r#"<w:document xmlns:w="{W}"><w:body>{}</w:body></w:document>"#,
            tbl()
        );
        let upper = zip_of(&[("Word/Document.xml", body.as_bytes())]);
        assert_eq!(read(&upper).unwrap().shape(), ["x"]);
    }

    #[test]
    fn an_entry_that_cannot_be_inflated_is_named() {
        let xml = format!(
            r#"<w:document xmlns:w="{W}"><w:body>{}</w:body></w:document>"#,
            (0..200)
                .map(|n| p(&format!("第{n}段文字")))
                .collect::<String>()
                + &tbl()
        );
        let mut bytes = zip_of(&[("word/document.xml", xml.as_bytes())]);
        // Overwrite the middle of the compressed data (after the 30-byte
        // local header and the name): the deflate stream or its CRC breaks.
        let start = 30 + "word/document.xml".len();
        let compressed_end = bytes.len() / 2;
        for b in &mut bytes[start + 20..compressed_end] {
            *b = 0xFF;
        }
        let err = read(&bytes).unwrap_err();
        assert!(
            err.contains("无法解压") && err.contains("cannot inflate"),
            "{err}"
        );
    }

    #[test]
    fn malformed_and_truncated_xml_is_refused() {
        let cases = [
            format!(r#"<w:document xmlns:w="{W}"><w:body><w:p></w:tbl></w:body></w:document>"#),
            format!(r#"<w:document xmlns:w="{W}"><w:body><w:tbl><w:tr>"#),
            format!(
                r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&nbsp;</w:t></w:r></w:p>{}</w:body></w:document>"#,
                tbl()
            ),
            format!(
                r#"<w:document xmlns:w="{W}"><w:body><w:p w:a="1" w:a="2"/>{}</w:body></w:document>"#,
                tbl()
            ),
            String::new(),
        ];
        for xml in cases {
            let err = read(&zip_of(&[("word/document.xml", xml.as_bytes())])).unwrap_err();
            assert!(err.contains("word/document.xml"), "{xml}: {err}");
            assert!(
                err.contains("XML") || err.contains("truncated"),
                "{xml}: {err}"
            );
        }
        let err = read(&zip_of(&[(
            "word/document.xml",
            b"<w:document>\xFF\xFE\xFD</w:document>",
        )]))
        .unwrap_err();
        assert!(err.contains("UTF-8"), "{err}");
    }

    #[test]
    fn utf16_documents_are_read() {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-16"?><w:document xmlns:w="{W}"><w:body>{}{}</w:body></w:document>"#,
            p("标题"),
            tbl()
        );
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
        let doc = read(&zip_of(&[("word/document.xml", &bytes)])).unwrap();
        assert_eq!(doc.shape(), ["P 标题", "x"]);
    }

    #[test]
    fn hostile_sizes_are_refused_not_followed() {
        let xml = format!(
            r#"<w:document xmlns:w="{W}"><w:body>{}{}</w:body></w:document>"#,
            p(&"很长的文字".repeat(500)),
            tbl()
        );
        let bytes = zip_of(&[("word/document.xml", xml.as_bytes())]);
        let err = document_xml(&bytes, 1000).unwrap_err().to_string();
        assert!(
            err.contains("1000 bytes") && err.contains("zip bomb"),
            "{err}"
        );
        assert!(document_xml(&bytes, xml.len() as u64).is_ok());

        // Nesting deeper than anything Word writes fails cleanly instead of
        // overflowing the stack.
        let deep = format!(
            r#"<w:document xmlns:w="{W}"><w:body>{}{}</w:body></w:document>"#,
            "<w:tbl><w:tr><w:tc>".repeat(200),
            "</w:tc></w:tr></w:tbl>".repeat(200)
        );
        let err = read(&zip_of(&[("word/document.xml", deep.as_bytes())])).unwrap_err();
        assert!(err.contains("256"), "{err}");
        // Just inside the limit, 80 frames one in another unwrap to their
        // innermost table.
        let framed = format!(
            "{}{}{}",
            "<w:tbl><w:tr><w:tc>".repeat(80),
            tbl(),
            "</w:tc></w:tr></w:tbl>".repeat(80)
        );
        assert_eq!(read_body(&framed).shape(), ["x"]);

        // A wild span is clamped, not summed into an overflow; one that is
        // not a number at all is ignored.
        let wide = format!(
            r#"<w:tbl><w:tr>{}{}{}</w:tr></w:tbl>"#,
            tc_with(r#"<w:gridSpan w:val="18446744073709551615"/>"#, "a"),
            tc_with(r#"<w:gridSpan w:val="99999"/>"#, "b"),
            tc_with(r#"<w:gridSpan w:val="999999999999999999999999"/>"#, "c"),
        );
        assert_eq!(
            read_body(&wide).shape(),
            [format!("a<{MAX_SPAN}>|b<{MAX_SPAN}>|c")]
        );
    }
}

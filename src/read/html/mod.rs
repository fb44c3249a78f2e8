//! Saved web pages (.html, .htm, and `.doc` files that are really HTML):
//! bytes → paragraphs and tables, read the way a browser shows them.
//!
//! Decoding comes first, by the readers' one policy
//! ([`crate::read::decode::decode_page`]) with the charset a `<meta>`
//! declares near the top ([`charset`]). Then the page is parsed with
//! html5ever (scraper) and walked in document order ([`page`]):
//!
//! - Text outside tables becomes paragraphs. Block elements (`<p>`, `<div>`,
//!   `<h1>`…) and `<br>` end a paragraph; whitespace collapses as a browser
//!   collapses it, except inside `<pre>` or `white-space: pre`; `&nbsp;` is
//!   kept as a plain space, so "科目&nbsp;&nbsp;&nbsp;&nbsp;编码" keeps its
//!   four spaces. `<head>`, scripts, styles and comments are not shown by a
//!   browser and are skipped.
//! - Tables are laid on a grid: `colspan` makes one cell span several grid
//!   columns, `rowspan` makes the cells below it continue it. A one-cell
//!   table that only wraps other content (a layout table) is transparent;
//!   any other table inside a cell is read as a table of its own, after the
//!   table that holds it, and its text stays out of the outer cell.

mod charset;
mod depth;
mod page;

use crate::read::decode::{decode_page, DecodeError, Decoded};
use crate::read::error::{HtmlError, ReadError};
use crate::read::source::Extracted;
use page::{Flow, Page};
use scraper::{ElementRef, Html};

/// The deepest nesting handed to the HTML parser (see depth.rs): four times
/// what the reader's walk accepts, so that unclosed inline tags of a sloppy
/// page never trip it, and far below where the parser slows down (12,500
/// levels took 0.6 s).
const PARSER_DEPTH: usize = 2048;

/// The most elements handed to the HTML parser: a disclosure page has a
/// few thousand, a whole national document tens of thousands; the tree of
/// this many stays under the import's memory goal of 150 MB (RELIABILITY.md;
/// 150,000 came to 136-150 MB).
const PARSER_ELEMENTS: usize = 120_000;

pub fn read(bytes: &[u8]) -> Result<Extracted, ReadError> {
    let Decoded { text, encoding } =
        decode_page(bytes, charset::declared_charset(bytes)).map_err(|e| match e {
            DecodeError::Binary { offset } => HtmlError::Binary { offset },
            e => HtmlError::Decode(e),
        })?;
    match depth::scan(text.as_bytes(), PARSER_DEPTH, PARSER_ELEMENTS) {
        Ok(()) => {}
        Err(depth::Excess::Depth(limit)) => return Err(HtmlError::TooDeep { limit }.into()),
        Err(depth::Excess::Elements(limit)) => {
            return Err(HtmlError::TooManyElements { limit }.into())
        }
    }
    let html = Html::parse_document(&text);
    let mut page = Page::default();
    let mut flow = Flow::default();
    for child in html.tree.root().children() {
        if let Some(element) = ElementRef::wrap(child) {
            page.walk(element, &mut flow, false, 0)?;
        }
    }
    page.end_paragraph(&mut flow);
    if page.tables == 0 {
        return Err(HtmlError::NoTables.into());
    }
    Ok(Extracted {
        format: format!("HTML ({})", encoding.to_ascii_uppercase()),
        items: page.items,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::source::Item;
    use encoding_rs::GBK;

    /// The result as a person sees it: these tests hold the wording.
    fn read(bytes: &[u8]) -> Result<Extracted, String> {
        super::read(bytes).map_err(|e| e.to_string())
    }

    fn page(body: &str) -> String {
        format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>标题</title></head><body>{body}</body></html>")
    }

    fn read_str(html: &str) -> Extracted {
        read(html.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{html}"))
    }

    #[test]
    fn colspan_and_rowspan_are_laid_on_a_grid() {
        let doc = read_str(&page(
            "<table>\
             <tr><td rowspan=3>序号</td><td colspan=2>收入</td><td rowspan=2 colspan=2>支出</td></tr>\
             <tr><td>项目</td><td>金额</td></tr>\
             <tr><td>a</td><td rowspan=2>b</td><td>c</td><td>d</td></tr>\
             <tr><td>1</td><td>2</td><td>3</td><td>4</td></tr>\
             </table>",
        ));
        assert_eq!(
            doc.shape(),
            ["序号|收入<2>|支出<2> / ^1|项目|金额|^2 / ^1|a|b|c|d / 1|2|^1|3|4"]
        );
        let Item::Table { rows } = &doc.items[0] else {
            panic!("{:?}", doc.items)
        };
        assert_eq!(rows[3].place, "第 1 个表格第 4 行");
        assert_eq!(doc.format, "HTML (UTF-8)");
    }

    #[test]
    fn a_cell_continued_from_above_past_the_last_cell_keeps_its_column() {
        // Row 2 has one cell; the rowspan cell above sits in column 3.
        let doc = read_str(&page(
            "<table><tr><td>a</td><td>b</td><td rowspan=2>c</td></tr>\
             <tr><td>x</td></tr></table>",
        ));
        assert_eq!(doc.shape(), ["a|b|c / x||^1"]);
    }

    #[test]
    fn rowspans_stop_at_the_end_of_their_row_group_and_hostile_spans_are_capped() {
        let doc = read_str(&page(
            "<table><thead><tr><td rowspan=5>h</td><td>1</td></tr></thead>\
             <tbody><tr><td>a</td><td>b</td></tr></tbody></table>",
        ));
        assert_eq!(doc.shape(), ["h|1 / a|b"]);
        let doc = read_str(&page(
            "<table><tfoot><tr><td>合计</td></tr></tfoot><tbody><tr><td>行</td></tr></tbody>\
             <thead><tr><td colspan=\" +2\">表头</td></tr></thead></table>",
        ));
        assert_eq!(doc.shape(), ["表头<2> / 行 / 合计"]);
        let doc = read_str(&page(
            "<table><tr><td colspan=00000099999999>wide</td></tr><tr><td rowspan=0>all</td><td>x</td></tr>\
             <tr><td>y</td></tr></table>",
        ));
        assert_eq!(doc.shape(), ["wide<1000> / all|x / ^1|y"]);
    }

    #[test]
    fn rowspans_that_would_lay_out_millions_of_cells_are_refused() {
        // 1,000 cells reaching to the end of a group of 3,000 empty rows:
        // 3 million continuation cells from 18 kB of markup.
        let mut body = String::from("<table><tr>");
        body.push_str(&"<td rowspan=0>x</td>".repeat(1_000));
        body.push_str("</tr>");
        body.push_str(&"<tr></tr>".repeat(2_999));
        body.push_str("</table>");
        let message = read(page(&body).as_bytes()).unwrap_err();
        assert!(message.contains("2000000"), "{message}");
        // A tenth of it is a (strange) table like any other.
        let mut body = String::from("<table><tr>");
        body.push_str(&"<td rowspan=0>x</td>".repeat(100));
        body.push_str("</tr>");
        body.push_str(&"<tr></tr>".repeat(2_999));
        body.push_str("</table>");
        let doc = read_str(&page(&body));
        let Some(Item::Table { rows }) = doc.items.first() else {
            panic!("no table");
        };
        assert_eq!(rows.len(), 3_000);
        assert!(rows[2_999].cells.iter().all(|c| c.continues_above));
    }

    #[test]
    fn gbk_pages_with_a_meta_charset_are_decoded() {
        let html = "<html><head><meta charset=\"gbk\"></head><body><p>单位：万元</p>\
                    <table><tr><td>一般公共服务支出</td></tr></table></body></html>";
        let (bytes, _, unmappable) = GBK.encode(html);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err());
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.format, "HTML (GB18030)");
        assert_eq!(doc.shape(), ["P 单位：万元", "一般公共服务支出"]);
    }

    #[test]
    fn the_http_equiv_form_of_the_charset_is_honoured() {
        // Shift_JIS and GBK read the same bytes differently, so only the
        // declaration can make this come out right.
        let html =
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
                    </head><body><table><tr><td>预算年度：2023</td></tr></table></body></html>";
        let (bytes, _, _) = GBK.encode(html);
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.format, "HTML (GB18030)");
        assert_eq!(doc.shape(), ["预算年度：2023"]);

        let html =
            "<html><head><META HTTP-EQUIV=Content-Type CONTENT='text/html; charset=Shift_JIS'>\
                    </head><body><table><tr><td>予算</td></tr></table></body></html>";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(html);
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.format, "HTML (SHIFT_JIS)");
        assert_eq!(doc.shape(), ["予算"]);
    }

    #[test]
    fn undeclared_pages_are_utf8_when_valid_else_gb18030() {
        let html = "<table><tr><td>科目编码</td></tr></table>";
        assert_eq!(read_str(html).format, "HTML (UTF-8)");
        let (bytes, _, _) = GBK.encode(html);
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.format, "HTML (GB18030)");
        assert_eq!(doc.shape(), ["科目编码"]);
        // Declared GB2312 but saved as UTF-8: the bytes win.
        let html = "<meta charset=gb2312><table><tr><td>科目编码</td></tr></table>";
        assert_eq!(read_str(html).format, "HTML (UTF-8)");
        assert_eq!(read_str(html).shape(), ["科目编码"]);
    }

    #[test]
    fn a_utf8_bom_decides_the_encoding() {
        let mut bytes = b"\xEF\xBB\xBF<meta charset=gbk>".to_vec();
        bytes.extend_from_slice("<table><tr><td>合计</td></tr></table>".as_bytes());
        let doc = read(&bytes).unwrap();
        assert_eq!(doc.format, "HTML (UTF-8)");
        assert_eq!(doc.shape(), ["合计"]);
    }

    #[test]
    fn nested_tables_are_read_after_their_table_and_layout_tables_vanish() {
        let doc = read_str(&page(
            "<table width=100%><tr><td>\
               <p>单位预算收支总表</p>\
               <table><tr><td>项目<table><tr><td>内表</td></tr></table></td><td>预算数</td></tr>\
               <tr><td>合计</td><td>1.00</td></tr></table>\
               <p>注：空表列示。</p>\
             </td></tr></table>",
        ));
        assert_eq!(
            doc.shape(),
            [
                "P 单位预算收支总表",
                "项目|预算数 / 合计|1.00",
                "内表",
                "P 注：空表列示。"
            ]
        );
        let Item::Table { rows } = &doc.items[2] else {
            panic!("{:?}", doc.items)
        };
        assert_eq!(rows[0].place, "第 2 个表格第 1 行");
    }

    #[test]
    fn a_one_cell_table_of_text_is_a_table() {
        let doc = read_str(&page("<table><tr><td>绩效目标</td></tr></table>"));
        assert_eq!(doc.shape(), ["绩效目标"]);
    }

    #[test]
    fn text_around_tables_becomes_numbered_paragraphs() {
        let doc = read_str(&page(
            "前言<div>单位预算收支总表<span>（一）</span></div>\
             <table><caption>表一</caption><tr><td>x</td></tr></table>\
             <h2>  注：\n  空表  </h2><script>var t = '<table>';</script><!-- 注释 -->\
             <style>p { color: red }</style><table><tr><td>y</td></tr></table>尾声",
        ));
        assert_eq!(
            doc.shape(),
            [
                "P 前言",
                "P 单位预算收支总表（一）",
                "P 表一",
                "x",
                "P 注： 空表",
                "y",
                "P 尾声"
            ]
        );
        let places: Vec<String> = doc
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Paragraph { place, .. } => Some(place.to_string()),
                Item::Table { .. } => None,
            })
            .collect();
        assert_eq!(
            places,
            ["第 1 段", "第 2 段", "第 3 段", "第 4 段", "第 5 段"]
        );
    }

    #[test]
    fn br_splits_paragraphs_and_is_a_space_in_cells() {
        let doc = read_str(&page(
            "第一行<br>第二行<br><br>第三行\
             <table><tr><td>科目<br>编码</td><td><p>单位</p><p>名称</p></td></tr></table>",
        ));
        assert_eq!(
            doc.shape(),
            ["P 第一行", "P 第二行", "P 第三行", "科目 编码|单位 名称"]
        );
    }

    #[test]
    fn entities_and_no_break_spaces_are_read_as_shown() {
        let doc = read_str(&page(
            "<p>&lt;说明&gt; &amp; &quot;三公&quot;&#x3000;&#65;</p><p>&nbsp;</p>\
             <table><tr><td>科目&nbsp;&nbsp;&nbsp;&nbsp;编码</td><td>项 &nbsp;目</td>\
             <td>&nbsp;&nbsp;其中</td><td>  \n </td></tr></table>",
        ));
        assert_eq!(
            doc.shape(),
            [
                "P <说明> & \"三公\"\u{3000}A",
                "P  ",
                "科目    编码|项  目|  其中|"
            ]
        );
    }

    #[test]
    fn preformatted_text_keeps_its_spaces_and_tabs() {
        let doc = read_str(&page(
            "<pre>甲  乙\n丙</pre><table><tr><td><span style=\"color: red; WHITE-SPACE: pre\">会议\t</span></td>\
             <td style='white-space:nowrap'>a   b</td></tr></table>",
        ));
        assert_eq!(doc.shape(), ["P 甲  乙", "P 丙", "会议\t|a b"]);
    }

    #[test]
    fn pages_without_tables_and_binary_garbage_are_refused() {
        let none = read(page("<p>只有文字</p>").as_bytes()).unwrap_err();
        assert_eq!(none, "网页中没有表格 (no tables in the web page)");
        // Tables only inside <script> or <head> are not shown, so not read.
        let hidden = read(
            page("<script>document.write('<table><tr><td>1</td></tr></table>')</script>")
                .as_bytes(),
        );
        assert!(hidden.is_err());

        let mut garbage = b"<html><body><table><tr><td>".to_vec();
        garbage.extend((0..200u8).map(|b| b.wrapping_mul(37)));
        let binary = read(&garbage).unwrap_err();
        assert!(binary.contains("binary data at byte"), "{binary}");

        // Undecodable bytes without NULs read as something, never a panic.
        let mut noise = b"<html>".to_vec();
        noise.extend(
            (1..=255u8)
                .cycle()
                .take(5000)
                .map(|b| b.wrapping_mul(151) | 1),
        );
        assert!(read(&noise).is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = format!("{}<table><tr><td>1</td></tr></table>", "<div>".repeat(2000));
        let message = read(deep.as_bytes()).unwrap_err();
        assert!(message.contains("nested"), "{message}");
        let fine = format!("{}<table><tr><td>1</td></tr></table>", "<div>".repeat(100));
        assert_eq!(read_str(&fine).shape(), ["1"]);
    }
}

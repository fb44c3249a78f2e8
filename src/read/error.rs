//! Why a file could not be read → the bilingual message a person sees.
//!
//! One error type for the read layer ([`ReadError`]) with a kind per
//! format; each message is written once, here, in its `Display`.

use thiserror::Error;

pub use super::decode::DecodeError;

/// The Word body part every .docx has.
pub(super) const DOCUMENT: &str = "word/document.xml";

const PASSWORD: &str = "文件受密码保护，请先在 Office 中去除密码再导入 (the document is password-protected; remove the password in Office first)";

/// A file the read layer refuses.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error("zip 文件已损坏，无法打开 (damaged zip archive; a .docx or .xlsx is one): {0}")]
    DamagedZip(#[source] zip::result::ZipError),
    #[error(
        "zip 文件中既没有 Word 文档也没有 Excel 工作簿 (a zip archive that is neither a .docx nor an .xlsx)"
    )]
    UnknownZip,
    #[error("Office 文件已损坏，无法打开 (damaged OLE compound file): {0}")]
    DamagedOle(#[source] std::io::Error),
    /// An encrypted Office file (OLE container of a .docx or .xlsx).
    #[error("{PASSWORD}")]
    Password,
    #[error(
        "旧版 Word (.doc) 文件无法导入，请另存为 .docx (Word 97–2003 .doc is not supported; save it as .docx)"
    )]
    LegacyWord,
    #[error(
        "无法识别的 Office 文件 (an Office compound file that is neither a workbook nor a document)"
    )]
    UnknownOle,
    #[error(transparent)]
    Text(#[from] DecodeError),
    #[error(transparent)]
    Word(#[from] WordError),
    #[error(transparent)]
    Excel(#[from] ExcelError),
    #[error(transparent)]
    Html(#[from] HtmlError),
}

/// A PDF the PDF reader refuses.
#[derive(Debug, Error)]
pub enum PdfError {
    #[error("PDF 文件已损坏，无法读取 (damaged PDF file): {0}")]
    Damaged(&'static str),
    #[error(
        "PDF 文件已加密，需要密码才能打开，请取得未加密的版本 (the PDF is encrypted and needs a password; get an unprotected copy)"
    )]
    Encrypted,
    #[error("PDF 有 {pages} 页，超过 {limit} 页的上限，不像预算公开文件 (the PDF has {pages} pages, more than the {limit} a disclosure could have)")]
    TooManyPages { pages: usize, limit: usize },
    #[error("第 {page} 页绘制的字形或线段超过 {limit} 个，不像预算公开表格 (page {page} draws more than {limit} glyphs or path pieces; not a disclosure)")]
    CrowdedPage { page: usize, limit: usize },
    #[error("第 {page} 页的线条过多，无法当作表格比较，不像预算公开文件 (page {page} draws too many rules to compare as tables; not a disclosure)")]
    TooManyRules { page: usize },
    #[error("第 {page} 页的表格中有 {glyphs} 个字形无法转换为文字（字体缺少 Unicode 映射） (page {page}: {glyphs} glyphs in a table have no Unicode mapping; the table cannot be read)")]
    Unmapped { page: usize, glyphs: usize },
    #[error("PDF 没有文字层（扫描件），需要先做文字识别 (OCR) 再导入 (the PDF has no text layer: it is a scan and needs OCR first)")]
    Scan,
    #[error("PDF 中没有任何文字 (the PDF holds no text)")]
    NoText,
}

/// A .docx the Word reader refuses.
#[derive(Debug, Error)]
pub enum WordError {
    #[error("Word 文档中没有表格 (no tables in the Word document)")]
    NoTables,
    #[error("Word 文档已损坏，无法作为 zip 打开 (damaged .docx, not a readable zip archive): {0}")]
    NotZip(#[source] zip::result::ZipError),
    #[error("Word 文档缺少正文 {DOCUMENT} (the .docx has no {DOCUMENT})")]
    NoDocument,
    #[error("Word 文档已损坏，无法解压 {DOCUMENT} (cannot inflate {DOCUMENT}): {0}")]
    Entry(#[source] zip::result::ZipError),
    #[error("Word 文档已损坏，无法解压 {DOCUMENT} (cannot inflate {DOCUMENT}): {0}")]
    Inflate(#[source] std::io::Error),
    #[error(
        "Word 文档正文解压后超过 {size}，拒绝读取 ({DOCUMENT} inflates to more than {size}; refused as a possible zip bomb)",
        size = size_words(*.limit)
    )]
    TooBig { limit: u64 },
    #[error("{DOCUMENT} 的编码无效，文件可能已损坏 ({DOCUMENT} is not valid UTF-8 or UTF-16)")]
    Encoding,
    /// `position`: the byte of the XML where the parser stopped.
    #[error(
        "{DOCUMENT} 不是有效的 XML，文件可能已损坏 (malformed XML in {DOCUMENT} near byte {position}: {problem})"
    )]
    Malformed { position: u64, problem: XmlProblem },
    #[error(
        "{DOCUMENT} 嵌套超过 {limit} 层，拒绝读取 ({DOCUMENT} nests elements more than {limit} deep)"
    )]
    TooDeep { limit: usize },
    #[error(
        "{DOCUMENT} 不完整，文件可能被截断 ({DOCUMENT} ends before its elements are closed; the file may be truncated)"
    )]
    Truncated,
    #[error(
        "Word 文档内容过多（超过 {limit} 个段落、单元格和文字片段），拒绝读取 (the document has more than {limit} paragraphs, cells and text runs)"
    )]
    TooManyNodes { limit: usize },
}

/// What is wrong with the XML of a Word body.
#[derive(Debug, Error)]
pub enum XmlProblem {
    #[error(transparent)]
    Syntax(#[from] quick_xml::Error),
    #[error(transparent)]
    Attribute(#[from] quick_xml::events::attributes::AttrError),
    #[error(transparent)]
    Escape(#[from] quick_xml::escape::EscapeError),
    #[error("an end tag without a start tag")]
    UnmatchedEnd,
    #[error("unknown entity &{0};")]
    UnknownEntity(String),
}

/// A limit in bytes as the message states it.
fn size_words(limit: u64) -> String {
    if limit >= 1 << 20 {
        format!("{} MiB", limit >> 20)
    } else {
        format!("{limit} bytes")
    }
}

/// A workbook the Excel reader refuses.
#[derive(Debug, Error)]
pub enum ExcelError {
    #[error("Excel 工作簿中没有表格 (no tables in the Excel workbook)")]
    NoTables,
    #[error("{PASSWORD}")]
    Password,
    #[error("Excel 工作簿已损坏，无法打开 (damaged Excel workbook): {0}")]
    Damaged(#[source] BookDamage),
    #[error("Excel 工作表「{name}」已损坏，无法读取 (damaged worksheet {name}): {damage}")]
    DamagedSheet {
        name: String,
        #[source]
        damage: SheetDamage,
    },
}

/// Why a workbook as a whole cannot be opened.
#[derive(Debug, Error)]
pub enum BookDamage {
    /// calamine panicked on content it could not follow.
    #[error("内容不合规范，解析失败 (malformed content the workbook parser cannot follow)")]
    Unparsable,
    #[error(transparent)]
    Xlsx(calamine::XlsxError),
    #[error(transparent)]
    Xls(calamine::XlsError),
    #[error(transparent)]
    Records(#[from] BiffError),
}

/// Why one worksheet cannot be read.
#[derive(Debug, Error)]
pub enum SheetDamage {
    #[error(transparent)]
    Xlsx(calamine::XlsxError),
    #[error(transparent)]
    Xls(calamine::XlsError),
    /// `row`, `column`: 1-based, as Excel numbers them.
    #[error(
        "单元格位置超出 Excel 的范围：第 {row} 行第 {column} 列 (a cell at row {row}, column {column}, outside Excel's grid)"
    )]
    OutsideGrid { row: u64, column: u64 },
    #[error("工作簿的单元格超过 {limit} 个，不像预算公开文件 (the workbook holds more than {limit} cells; not a disclosure)")]
    TooManyCells { limit: u64 },
    #[error(
        "合并单元格过多，超过 {limit} 行次 (merged regions cover more than {limit} rows in all)"
    )]
    TooManyMerges { limit: u64 },
    /// `row`: 1-based, the first row of the table.
    #[error(
        "第 {row} 行起的表格有 {cells} 个单元格，超过 {limit} 个，可能有远离表格的单元格 (the rows from row {row} span {cells} cells, more than {limit}; a cell far from the table?)"
    )]
    TooWide { row: u64, cells: u64, limit: u64 },
}

/// An Excel 97-2003 workbook stream whose records calamine must not see.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum BiffError {
    #[error("工作表记录位置无效 (a sheet points outside the file)")]
    SheetOutside,
    #[error("单元格记录无效 (invalid {0} record)")]
    InvalidRecord(&'static str),
    #[error("工作表的单元格范围过大 (a sheet spans {0} cells)")]
    TooLarge(u64),
}

/// A web page the HTML reader refuses.
#[derive(Debug, Error)]
pub enum HtmlError {
    #[error("网页中没有表格 (no tables in the web page)")]
    NoTables,
    /// `offset`: the first binary byte, counted from the start of the file.
    #[error(
        "网页中第 {offset} 字节处有二进制数据，文件已损坏或不是网页 (binary data at byte {offset}: damaged, or not a web page)"
    )]
    Binary { offset: usize },
    #[error(transparent)]
    Decode(DecodeError),
    #[error(
        "网页中的表格超过 {limit} 个单元格（含跨行合并的单元格），文件可能已损坏 (the tables of the page lay out more than {limit} cells, merged cells included; the page may be damaged)"
    )]
    TooManyCells { limit: usize },
    #[error("网页的元素嵌套超过 {limit} 层，无法读取 (elements nested more than {limit} deep)")]
    TooDeep { limit: usize },
    #[error("网页的元素超过 {limit} 个，不像预算公开网页 (the page holds more than {limit} elements; not a disclosure)")]
    TooManyElements { limit: usize },
}

//! Property tests for the Word, Excel and HTML readers on damaged files.
//!
//! The real sample is rendered once in each format, then damaged the ways
//! downloads and hostile files are: cut off at any byte, bytes overwritten
//! or spliced in, and, for the zip formats, one XML part damaged inside an
//! archive that stays valid (so the damage reaches the XML reader instead
//! of stopping at the zip's checksum). Reading, and importing what reads,
//! must never panic, must finish in reasonable time, and must explain any
//! refusal. A valid rendering must read the same every time.
//!
//! PDF is damaged the same ways, on generated disclosure pages
//! (tests/common/pdf: a table over three pages, a rotated page, CJK text),
//! plus PDF syntax (operators, huge numbers, broken references) spliced
//! into their uncompressed content.
//!
//! 真实样本分别渲染成 Word、Excel、网页，再随机截断、改写、插入字节，或在
//! 有效的 zip 中损坏一个 XML 部件：读取与导入都不得崩溃，拒绝时必须说明原因。
//! PDF 同样处理。

mod common;
mod formats;
mod pdf_writer;

use proptest::prelude::*;
use proptest::sample::Index;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::sync::LazyLock;
use std::time::{Duration, Instant};
use yusuan::import::prepare_bytes;
use yusuan::read::{open, Extracted, Opened};

const SAMPLE: &str = include_str!("fixtures/demo/shanhaiguan-zfb-2023.txt");

/// Far more than reading and importing the sample takes in a debug build
/// (well under a second); a damaged file that takes this long has found a
/// loop or a blow-up, not a slow machine.
const TIME_LIMIT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Docx,
    Xlsx,
    Html,
    /// The sample as an Excel 97-2003 file (tests/fixtures/formats/
    /// make_xls.py writes it from the same plan as the .xlsx builder).
    Xls,
}

const KINDS: [Kind; 4] = [Kind::Docx, Kind::Xlsx, Kind::Html, Kind::Xls];

/// The sample in its readers' shape, and rendered in each format once.
static LAYOUT: LazyLock<Extracted> = LazyLock::new(|| formats::layout(SAMPLE));
static RENDERED: LazyLock<[Vec<u8>; 4]> = LazyLock::new(|| {
    [
        formats::docx::build(&LAYOUT),
        formats::xlsx::build(&LAYOUT),
        formats::html::build(&LAYOUT),
        include_bytes!("fixtures/formats/sample.xls").to_vec(),
    ]
});

fn rendered(kind: Kind) -> &'static [u8] {
    let index = KINDS.iter().position(|&k| k == kind).unwrap_or(0);
    &RENDERED[index]
}

fn any_kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(KINDS.to_vec())
}

fn zip_kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(vec![Kind::Docx, Kind::Xlsx])
}

/// What a reader made of some bytes, comparable across readings.
fn reading(bytes: &[u8]) -> Result<Result<String, Extracted>, String> {
    open(bytes)
        .map(|opened| match opened {
            Opened::Text(decoded) => Ok(decoded.text.into_owned()),
            Opened::Structured(extracted) => Err(extracted),
        })
        .map_err(|e| e.to_string())
}

/// The property every damaged file must have: no panic (a panic fails the
/// case), a refusal that says something, and an answer in reasonable time.
/// What reads is imported, and reads the same a second time.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let first = reading(bytes);
    match &first {
        Err(message) => prop_assert!(!message.trim().is_empty(), "empty message from open"),
        Ok(_) => {
            if let Err(message) =
                prepare_bytes(Path::new("damaged"), bytes).map_err(|e| e.to_string())
            {
                prop_assert!(!message.trim().is_empty(), "empty message from the import");
            }
            prop_assert!(
                reading(bytes) == first,
                "two readings of the same bytes differ"
            );
        }
    }
    let elapsed = started.elapsed();
    prop_assert!(
        elapsed < TIME_LIMIT,
        "{} bytes took {elapsed:?}",
        bytes.len()
    );
    Ok(())
}

/// The archive's entries, in order.
fn unzip(bytes: &[u8]) -> Entries {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("the rendering is a zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("entry");
            let mut content = Vec::new();
            entry.read_to_end(&mut content).expect("entry reads");
            (entry.name().expect("entry name").to_string(), content)
        })
        .collect()
}

fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        zip.start_file(name.as_str(), options).expect("zip entry");
        zip.write_all(content).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

/// A zip archive's entries: (name, content).
type Entries = Vec<(String, Vec<u8>)>;

static ENTRIES: LazyLock<[Entries; 2]> =
    LazyLock::new(|| [unzip(rendered(Kind::Docx)), unzip(rendered(Kind::Xlsx))]);

fn entries(kind: Kind) -> &'static [(String, Vec<u8>)] {
    &ENTRIES[usize::from(kind == Kind::Xlsx)]
}

fn is_content(name: &str) -> bool {
    name == "word/document.xml"
        || name.starts_with("xl/worksheets/")
        || name == "xl/sharedStrings.xml"
}

/// Markup that breaks XML, or that asks the readers for something unusual
/// (huge spans, merges, deep nesting, entities, other encodings).
const XML_PIECES: &[&str] = &[
    "<",
    ">",
    "&",
    "\"",
    "</w:tc>",
    "</w:tr>",
    "<w:tc>",
    "<w:tbl>",
    "<w:tr>",
    "<w:vMerge/>",
    "<w:hMerge/>",
    "<w:gridSpan w:val=\"4294967296\"/>",
    "<w:gridBefore w:val=\"999999\"/>",
    "&#0;",
    "&#xD800;",
    "&unknown;",
    "<![CDATA[x]]>",
    "<!DOCTYPE x [<!ENTITY a \"aaaaaaaa\">]>",
    "<c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c>",
    "<c r=\"A4294967295\"><v>1</v></c>",
    "<mergeCell ref=\"A1:XFD1048576\"/>",
    "<mergeCell ref=\"C3:A1\"/>",
    "<row r=\"0\">",
    "<numFmt numFmtId=\"164\" formatCode=\"0.000000000000000000000000000000\"/>",
    "\u{FEFF}",
    "中",
];

/// One way to damage an XML part.
#[derive(Debug, Clone)]
enum XmlDamage {
    Truncate(Index),
    Overwrite(Vec<(Index, u8)>),
    Insert(Index, Vec<u8>),
    /// A piece of markup inserted anywhere.
    Piece(Index, Index),
    /// A piece of markup inserted between two elements, where the parser
    /// takes it for content rather than a broken tag.
    Element(Index, Index),
    /// A digit changed: cell references, merge ranges, spans, numbers.
    Digit(Index, u8),
    Remove(Index, usize),
}

fn xml_damage() -> impl Strategy<Value = XmlDamage> {
    prop_oneof![
        any::<Index>().prop_map(XmlDamage::Truncate),
        prop::collection::vec((any::<Index>(), any::<u8>()), 1..6).prop_map(XmlDamage::Overwrite),
        (any::<Index>(), prop::collection::vec(any::<u8>(), 1..24))
            .prop_map(|(at, bytes)| XmlDamage::Insert(at, bytes)),
        (any::<Index>(), any::<Index>()).prop_map(|(at, piece)| XmlDamage::Piece(at, piece)),
        (any::<Index>(), any::<Index>()).prop_map(|(at, piece)| XmlDamage::Element(at, piece)),
        (any::<Index>(), 0u8..10).prop_map(|(at, digit)| XmlDamage::Digit(at, digit)),
        (any::<Index>(), 1usize..200).prop_map(|(at, n)| XmlDamage::Remove(at, n)),
    ]
}

fn positions(bytes: &[u8], wanted: fn(u8) -> bool) -> Vec<usize> {
    (0..bytes.len()).filter(|&i| wanted(bytes[i])).collect()
}

fn damage_xml(xml: &[u8], damage: &XmlDamage) -> Vec<u8> {
    let mut out = xml.to_vec();
    let at = |index: &Index, len: usize| index.index(len + 1);
    match damage {
        XmlDamage::Truncate(cut) => out.truncate(at(cut, xml.len())),
        XmlDamage::Overwrite(edits) => {
            for (position, byte) in edits {
                if !out.is_empty() {
                    let i = position.index(out.len());
                    out[i] = *byte;
                }
            }
        }
        XmlDamage::Insert(position, bytes) => {
            let i = at(position, out.len());
            out.splice(i..i, bytes.iter().copied());
        }
        XmlDamage::Piece(position, piece) => {
            let i = at(position, out.len());
            let piece = XML_PIECES[piece.index(XML_PIECES.len())].as_bytes();
            out.splice(i..i, piece.iter().copied());
        }
        XmlDamage::Element(position, piece) => {
            let ends: Vec<usize> = positions(&out, |b| b == b'>')
                .iter()
                .map(|i| i + 1)
                .collect();
            if !ends.is_empty() {
                let i = ends[position.index(ends.len())];
                let piece = XML_PIECES[piece.index(XML_PIECES.len())].as_bytes();
                out.splice(i..i, piece.iter().copied());
            }
        }
        XmlDamage::Digit(position, digit) => {
            let digits: Vec<usize> = positions(&out, |b| b.is_ascii_digit());
            if !digits.is_empty() {
                out[digits[position.index(digits.len())]] = b'0' + digit;
            }
        }
        XmlDamage::Remove(position, n) => {
            let i = at(position, out.len());
            let end = (i + n).min(out.len());
            out.drain(i..end);
        }
    }
    out
}

#[test]
fn every_rendering_reads_and_imports() {
    for kind in KINDS {
        let bytes = rendered(kind);
        let started = Instant::now();
        let Ok(Opened::Structured(_)) = open(bytes) else {
            panic!("{kind:?}: the rendered sample does not open as a structured document");
        };
        let prepared = prepare_bytes(Path::new("sample"), bytes);
        assert!(prepared.is_ok(), "{kind:?}: {:?}", prepared.err());
        eprintln!("{kind:?}: {} bytes in {:?}", bytes.len(), started.elapsed());
    }
}

#[test]
fn valid_renderings_read_the_same_every_time() {
    for kind in KINDS {
        let bytes = rendered(kind);
        let first = reading(bytes).expect("the rendering reads");
        // Another thread: nothing may depend on per-thread or per-map state
        // (a HashMap's iteration order differs between instances).
        let second = std::thread::scope(|s| s.spawn(|| reading(bytes)).join())
            .expect("no panic")
            .expect("the rendering reads");
        assert!(first == second, "{kind:?}: two readings differ");
        assert!(
            matches!(&first, Err(extracted) if formats::shape(extracted) == formats::shape(&LAYOUT)),
            "{kind:?}: the reading is not the sample's layout"
        );
    }
}

/// Cases per property: few enough that the file runs in well under a
/// minute in a debug build; `PROPTEST_CASES=5000` searches deeper.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(48)
}

/// A web page saved as UTF-16 (Windows tools call it "Unicode") is a web
/// page: it reads as the same document as its UTF-8 original.
#[test]
fn utf16_web_pages_read_as_web_pages() {
    let page = String::from_utf8(rendered(Kind::Html).to_vec()).expect("the page is UTF-8");
    for (bom, big_endian) in [([0xFF, 0xFE], false), ([0xFE, 0xFF], true)] {
        let units = page.encode_utf16().flat_map(|unit| {
            if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            }
        });
        let bytes: Vec<u8> = bom.into_iter().chain(units).collect();
        match open(&bytes) {
            Ok(Opened::Structured(extracted)) => {
                assert!(extracted.format.contains("UTF-16"), "{}", extracted.format);
                assert_eq!(formats::shape(&extracted), formats::shape(&LAYOUT));
            }
            Ok(Opened::Text(decoded)) => {
                panic!(
                    "a UTF-16 web page was read as a text export ({})",
                    decoded.encoding
                )
            }
            Err(message) => panic!("a UTF-16 web page was refused: {message}"),
        }
        let prepared = prepare_bytes(Path::new("page.html"), &bytes);
        assert!(prepared.is_ok(), "{:?}", prepared.err());
    }
}

/// Generated PDFs: uncompressed, so damage lands on operators and objects.
static PDFS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    use pdf_writer::cases;
    vec![
        cases::three_pages().bytes,
        cases::landscape(pdf_writer::Rotation::Quarter).bytes,
        cases::cjk_text().bytes,
    ]
});

fn any_pdf() -> impl Strategy<Value = usize> {
    0..PDFS.len()
}

/// PDF syntax that asks a reader for something unusual.
const PDF_PIECES: &[&str] = &[
    " q ",
    " Q ",
    " BT ",
    " ET ",
    " 1e308 0 0 1e308 0 0 cm ",
    " 0 0 0 0 0 0 cm ",
    " -99999999 99999999 m 1 1 l S ",
    " 0 0 1e30 1e30 re f ",
    " /F1 1e20 Tf ",
    " (\\377\\377\\377) Tj ",
    " <FFFF> Tj ",
    " [(a) -1e30 (b)] TJ ",
    " 9999999 0 R ",
    " 1 0 R ",
    " /Rotate 45 ",
    " /Rotate -90 ",
    " /MediaBox [0 0 0 0] ",
    " /Length 999999999 ",
    " /Count 2147483647 ",
    " << ",
    " >> ",
    " [ ",
    " endstream ",
    " endobj ",
    "%%EOF",
    "xref\n0 1\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn damaged_pdfs_never_panic(
        pdf in any_pdf(),
        cut in any::<Index>(),
        edits in prop::collection::vec((any::<Index>(), any::<u8>()), 0..6),
        at in any::<Index>(),
        piece in any::<Index>(),
        how in 0u8..4,
    ) {
        let mut bytes = PDFS[pdf].clone();
        match how {
            0 => bytes.truncate(cut.index(bytes.len() + 1)),
            1 => {
                for (position, byte) in &edits {
                    let i = position.index(bytes.len());
                    bytes[i] = *byte;
                }
            }
            2 => {
                let i = at.index(bytes.len() + 1);
                let junk = PDF_PIECES[piece.index(PDF_PIECES.len())].as_bytes();
                bytes.splice(i..i, junk.iter().copied());
            }
            _ => {
                // A number changed: object numbers, offsets, lengths, coordinates.
                let digits = positions(&bytes, |b| b.is_ascii_digit());
                if !digits.is_empty() {
                    let i = digits[at.index(digits.len())];
                    bytes[i] = b'0' + piece.index(10) as u8;
                }
            }
        }
        check(&bytes)?;
    }

    #[test]
    fn truncated_renderings_never_panic(kind in any_kind(), cut in any::<Index>()) {
        let bytes = rendered(kind);
        check(&bytes[..cut.index(bytes.len() + 1)])?;
    }

    #[test]
    fn overwritten_renderings_never_panic(
        kind in any_kind(),
        edits in prop::collection::vec((any::<Index>(), any::<u8>()), 1..8),
    ) {
        let mut bytes = rendered(kind).to_vec();
        for (position, byte) in &edits {
            let i = position.index(bytes.len());
            bytes[i] = *byte;
        }
        check(&bytes)?;
    }

    #[test]
    fn spliced_renderings_never_panic(
        kind in any_kind(),
        at in any::<Index>(),
        removed in 0usize..64,
        junk in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut bytes = rendered(kind).to_vec();
        let i = at.index(bytes.len() + 1);
        let end = (i + removed).min(bytes.len());
        bytes.splice(i..end, junk);
        check(&bytes)?;
    }

    #[test]
    fn damaged_xml_in_a_valid_zip_never_panics(
        kind in zip_kind(),
        content in any::<bool>(),
        entry in any::<Index>(),
        damage in xml_damage(),
    ) {
        let mut parts = entries(kind).to_vec();
        // Half the time the part that holds the text (the document, a
        // worksheet, the shared strings), else any part, e.g. the styles.
        let candidates: Vec<usize> = (0..parts.len())
            .filter(|&i| !content || is_content(&parts[i].0))
            .collect();
        let i = candidates[entry.index(candidates.len())];
        parts[i].1 = damage_xml(&parts[i].1, &damage);
        check(&rezip(&parts))?;
    }
}

//! A test-only PDF writer: synthetic disclosure pages (titles, `单位：元`
//! lines, ruled and unruled tables, page furniture, scans) → PDF bytes in
//! memory, on top of the `pdf-writer` crate.
//!
//! Everything is placed in *display* coordinates: points from the top-left
//! corner of the page as a viewer shows it, y down, which is also how the
//! reader sees a page after applying `/Rotate`. A page with
//! [`Rotation::Quarter`] is stored as a portrait `/Rotate 90` page whose
//! content runs sideways (rotated text matrices), so it displays — and must
//! read — exactly like its upright twin.
//!
//! Fonts are not embedded, as in iText/ReportLab output: Latin and digits in
//! Helvetica (WinAnsi), anything else in the predefined-CMap font
//! `STSong-Light` / `UniGB-UCS2-H` (Adobe-GB1, CIDFontType0, no ToUnicode),
//! whose text bytes are UCS-2 big-endian.

pub mod cases;
pub mod table;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

/// Portrait A4 in points.
pub const A4: (f32, f32) = (595.0, 842.0);

const LATIN: Name<'static> = Name(b"F1");
const CJK: Name<'static> = Name(b"F2");

/// How a page is stored; either way it displays the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotation {
    /// `/Rotate 0`, upright text.
    Upright,
    /// `/Rotate 90`: the media box is the display box turned, text matrices
    /// run along +y.
    Quarter,
}

/// How glyphs are painted, to reproduce the ways producers fake bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    Plain,
    /// Drawn twice, the second time shifted right by less than a point
    /// (Word's fake bold).
    DoubleStruck,
    /// Text render mode 2 (fill, then stroke the outline).
    FillStroke,
}

/// An 8-bit grey raster, placed as one image XObject.
pub struct GrayImage {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

/// One page being drawn.
pub struct Page {
    width: f32,
    height: f32,
    rotation: Rotation,
    content: Content,
    /// Image placed on the page, and where (display x, y, width, height).
    images: Vec<(GrayImage, [f32; 4])>,
}

impl Page {
    /// A page that displays `width` × `height` points.
    pub fn new(width: f32, height: f32, rotation: Rotation) -> Page {
        Page {
            width,
            height,
            rotation,
            content: Content::new(),
            images: Vec::new(),
        }
    }

    pub fn a4_portrait() -> Page {
        Page::new(A4.0, A4.1, Rotation::Upright)
    }

    pub fn a4_landscape(rotation: Rotation) -> Page {
        Page::new(A4.1, A4.0, rotation)
    }

    pub fn width(&self) -> f32 {
        self.width
    }

    pub fn height(&self) -> f32 {
        self.height
    }

    /// Display point → user space of the stored page.
    fn user(&self, x: f32, y: f32) -> (f32, f32) {
        match self.rotation {
            Rotation::Upright => (x, self.height - y),
            // Rotate 90 turns the stored page clockwise: stored +y shows as
            // display right, stored +x as display down.
            Rotation::Quarter => (y, x),
        }
    }

    /// `text` with its baseline starting at display (x, baseline).
    pub fn text(&mut self, x: f32, baseline: f32, size: f32, text: &str) -> &mut Self {
        self.inked_text(x, baseline, size, text, Ink::Plain)
    }

    /// `text` ending at display x `right` (amounts are right-aligned).
    pub fn text_right(&mut self, right: f32, baseline: f32, size: f32, text: &str) -> &mut Self {
        let x = right - text_width(text, size);
        self.text(x, baseline, size, text)
    }

    /// `text` centred on display x `centre`.
    pub fn text_centred(&mut self, centre: f32, baseline: f32, size: f32, text: &str) -> &mut Self {
        let x = centre - text_width(text, size) / 2.0;
        self.text(x, baseline, size, text)
    }

    pub fn inked_text(
        &mut self,
        x: f32,
        baseline: f32,
        size: f32,
        text: &str,
        ink: Ink,
    ) -> &mut Self {
        match ink {
            Ink::Plain => self.show(x, baseline, size, text, TextRenderingMode::Fill),
            Ink::DoubleStruck => {
                self.show(x, baseline, size, text, TextRenderingMode::Fill);
                self.show(x + 0.4, baseline, size, text, TextRenderingMode::Fill);
            }
            Ink::FillStroke => {
                self.content.set_line_width(0.3);
                self.show(x, baseline, size, text, TextRenderingMode::FillStroke);
            }
        }
        self
    }

    fn show(&mut self, x: f32, baseline: f32, size: f32, text: &str, mode: TextRenderingMode) {
        let (ux, uy) = self.user(x, baseline);
        let matrix = match self.rotation {
            Rotation::Upright => [1.0, 0.0, 0.0, 1.0, ux, uy],
            Rotation::Quarter => [0.0, 1.0, -1.0, 0.0, ux, uy],
        };
        let (font, bytes) = encode(text);
        self.content
            .begin_text()
            .set_text_rendering_mode(mode)
            .set_font(font, size)
            .set_text_matrix(matrix)
            .show(Str(&bytes))
            .end_text();
    }

    /// A title line, centred over the page, as disclosures print them.
    pub fn title(&mut self, baseline: f32, text: &str) -> &mut Self {
        let centre = self.width / 2.0;
        self.text_centred(centre, baseline, 16.0, text)
    }

    /// `编制部门：…` at the left and `单位：元` at the right of one line, with
    /// a wide gap between them.
    pub fn unit_line(&mut self, baseline: f32, left: f32, right: f32, who: &str, unit: &str) {
        self.text(left, baseline, 9.0, who);
        self.text_right(right, baseline, 9.0, unit);
    }

    /// A thin filled rectangle along a display segment: how WPS, Word and
    /// Excel draw a cell border (`re f`).
    pub fn filled_rule(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) -> &mut Self {
        const HALF: f32 = 0.25;
        self.filled_box(x0 - HALF, y0 - HALF, x1 + HALF, y1 + HALF)
    }

    /// A filled rectangle between two display corners.
    pub fn filled_box(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) -> &mut Self {
        let (ax, ay) = self.user(x0, y0);
        let (bx, by) = self.user(x1, y1);
        let (left, bottom) = (ax.min(bx), ay.min(by));
        let (w, h) = ((ax - bx).abs(), (ay - by).abs());
        self.content.rect(left, bottom, w, h).fill_nonzero();
        self
    }

    /// A stroked display segment, 0.5 pt wide (ONLYOFFICE, Distiller).
    pub fn stroked_rule(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) -> &mut Self {
        let (ax, ay) = self.user(x0, y0);
        let (bx, by) = self.user(x1, y1);
        self.content
            .set_line_width(0.5)
            .move_to(ax, ay)
            .line_to(bx, by)
            .stroke();
        self
    }

    /// A closed polygon filled with a grey, drawn as a path (`m l … h f`).
    pub fn filled_path(&mut self, points: &[(f32, f32)], gray: f32) -> &mut Self {
        let Some((&first, rest)) = points.split_first() else {
            return self;
        };
        self.content.save_state().set_fill_gray(gray);
        let (x, y) = self.user(first.0, first.1);
        self.content.move_to(x, y);
        for &(px, py) in rest {
            let (x, y) = self.user(px, py);
            self.content.line_to(x, y);
        }
        self.content.close_path().fill_nonzero().restore_state();
        self
    }

    /// An image covering the display box (x, y, width, height). Upright pages
    /// only: scans are stored upright.
    pub fn image(&mut self, image: GrayImage, x: f32, y: f32, width: f32, height: f32) {
        assert_eq!(self.rotation, Rotation::Upright, "images on upright pages");
        self.images.push((image, [x, y, width, height]));
    }
}

/// Approximate advance width of `text` at `size`, with the metrics the
/// fonts are written with: Helvetica's for Latin text, 1 em for CJK and
/// half an em for ASCII in the CJK font (its /W array).
pub fn text_width(text: &str, size: f32) -> f32 {
    let latin = is_latin(text);
    let ems: f32 = text
        .chars()
        .map(|c| match (latin, c) {
            (true, '0'..='9') => 0.556,
            (true, ',' | '.' | ' ') => 0.278,
            (true, '-') => 0.333,
            (true, _) => 0.6,
            (false, c) if c.is_ascii() => 0.5,
            (false, _) => 1.0,
        })
        .sum();
    ems * size
}

fn is_latin(text: &str) -> bool {
    text.chars().all(|c| (' '..='~').contains(&c))
}

/// The font resource and string bytes for `text`.
fn encode(text: &str) -> (Name<'static>, Vec<u8>) {
    if is_latin(text) {
        (LATIN, text.as_bytes().to_vec())
    } else {
        let bytes = text
            .encode_utf16()
            .flat_map(|unit| unit.to_be_bytes())
            .collect();
        (CJK, bytes)
    }
}

/// Pages → a complete PDF file.
#[derive(Default)]
pub struct Document {
    pages: Vec<Page>,
}

impl Document {
    pub fn new() -> Document {
        Document::default()
    }

    pub fn push(&mut self, page: Page) -> &mut Self {
        self.pages.push(page);
        self
    }

    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    pub fn into_bytes(self) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let catalog = Ref::new(1);
        let tree = Ref::new(2);
        let latin = Ref::new(3);
        let cjk = Ref::new(4);
        let cid = Ref::new(5);
        let descriptor = Ref::new(6);
        let mut next = 7;
        let mut fresh = || {
            let id = Ref::new(next);
            next += 1;
            id
        };

        let ids: Vec<(Ref, Ref, Vec<Ref>)> = self
            .pages
            .iter()
            .map(|page| {
                (
                    fresh(),
                    fresh(),
                    page.images.iter().map(|_| fresh()).collect(),
                )
            })
            .collect();

        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree)
            .kids(ids.iter().map(|(page, _, _)| *page))
            .count(ids.len() as i32);

        pdf.type1_font(latin)
            .base_font(Name(b"Helvetica"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
        pdf.type0_font(cjk)
            .base_font(Name(b"STSong-Light"))
            .encoding_predefined(Name(b"UniGB-UCS2-H"))
            .descendant_font(cid);
        let mut cid_font = pdf.cid_font(cid);
        cid_font
            .subtype(CidFontType::Type0)
            .base_font(Name(b"STSong-Light"))
            .system_info(SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"GB1"),
                supplement: 2,
            })
            .font_descriptor(descriptor)
            .default_width(1000.0);
        // CIDs 1–95 are the half-width ASCII glyphs of Adobe-GB1.
        cid_font.widths().same(1, 95, 500.0);
        cid_font.finish();
        pdf.font_descriptor(descriptor)
            .name(Name(b"STSong-Light"))
            .flags(FontFlags::SYMBOLIC | FontFlags::SERIF)
            .bbox(Rect::new(-25.0, -254.0, 1000.0, 880.0))
            .italic_angle(0.0)
            .ascent(880.0)
            .descent(-120.0)
            .cap_height(880.0)
            .stem_v(93.0);

        for (page, (page_id, content_id, image_ids)) in self.pages.into_iter().zip(&ids) {
            let Page {
                width,
                height,
                rotation,
                mut content,
                images,
            } = page;
            for (index, (_, [x, y, w, h])) in images.iter().enumerate() {
                let name = format!("Im{index}");
                content
                    .save_state()
                    .transform([*w, 0.0, 0.0, *h, *x, height - y - h])
                    .x_object(Name(name.as_bytes()))
                    .restore_state();
            }
            let media = match rotation {
                Rotation::Upright => Rect::new(0.0, 0.0, width, height),
                Rotation::Quarter => Rect::new(0.0, 0.0, height, width),
            };
            let mut writer = pdf.page(*page_id);
            writer.media_box(media).parent(tree).contents(*content_id);
            if rotation == Rotation::Quarter {
                writer.rotate(90);
            }
            let names: Vec<String> = (0..images.len()).map(|i| format!("Im{i}")).collect();
            let mut resources = writer.resources();
            resources.fonts().pair(LATIN, latin).pair(CJK, cjk);
            if !images.is_empty() {
                let mut objects = resources.x_objects();
                for (name, id) in names.iter().zip(image_ids) {
                    objects.pair(Name(name.as_bytes()), *id);
                }
            }
            resources.finish();
            writer.finish();
            pdf.stream(*content_id, &content.finish());
            for ((image, _), id) in images.iter().zip(image_ids) {
                let mut xobject = pdf.image_xobject(*id, &image.pixels);
                xobject
                    .width(image.width as i32)
                    .height(image.height as i32)
                    .color_space()
                    .device_gray();
                xobject.bits_per_component(8);
            }
        }
        pdf.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_encoded_per_font() {
        assert_eq!(encode("1,234.56"), (LATIN, b"1,234.56".to_vec()));
        let (font, bytes) = encode("单位：元");
        assert_eq!(font, CJK);
        assert_eq!(bytes, [0x53, 0x55, 0x4F, 0x4D, 0xFF, 0x1A, 0x51, 0x43]);
    }

    #[test]
    fn quarter_pages_map_display_right_to_stored_up() {
        let page = Page::a4_landscape(Rotation::Quarter);
        assert_eq!(page.user(0.0, 0.0), (0.0, 0.0));
        assert_eq!(page.user(100.0, 20.0), (20.0, 100.0));
        let upright = Page::a4_landscape(Rotation::Upright);
        assert_eq!(upright.user(100.0, 20.0), (100.0, A4.0 - 20.0));
    }
}

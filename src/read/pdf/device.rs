//! The one adapter to hayro-interpret: PDF bytes → per page, the glyphs
//! (text and box) and the straight path pieces that were drawn, in display
//! space (crop box origin, `/Rotate` applied, y growing downwards, points).
//!
//! hayro-interpret's `Device` trait changed in every minor version, so the
//! crate is pinned (`=0.9.0`) and nothing else in the reader names it: the
//! rest of `read::pdf` works on the plain structs defined here.

use hayro_interpret::font::GlyphRun;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect};
use hayro_interpret::{
    interpret_page, BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image,
    ImageDrawProps, InterpreterCache, InterpreterSettings, RenderContent, SoftMask,
};

/// More pages than any disclosure has; a file claiming more is refused
/// rather than read for minutes.
pub const MAX_PAGES: usize = 2_000;
/// Glyphs kept per page: a dense table page holds about 5,000.
pub const MAX_GLYPHS: usize = 100_000;
/// Path pieces kept per page: a ruled table page draws a few thousand.
pub const MAX_PIECES: usize = 100_000;

/// A glyph as drawn: its text and the box of its em square.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The Unicode text (usually one character); `None` when the font has
    /// no mapping to Unicode.
    pub text: Option<String>,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    /// Font size in points after all transforms.
    pub size: f64,
}

impl Glyph {
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
}

/// A straight piece of a path: a filled subpath's box, or one stroked
/// segment (from (x0, y0) to (x1, y1)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Piece {
    Fill { x0: f64, y0: f64, x1: f64, y1: f64 },
    Stroke { x0: f64, y0: f64, x1: f64, y1: f64 },
}

/// What one page drew.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub pieces: Vec<Piece>,
    pub images: usize,
    /// Subpaths with curves: charts, logos, seals.
    pub curves: usize,
    /// The page drew more than [`MAX_GLYPHS`] or [`MAX_PIECES`].
    pub overflow: bool,
}

/// Why the bytes give no pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    Encrypted,
    Damaged,
    TooManyPages(usize),
}

/// Interpret every page. Panics inside the library are the caller's to
/// catch (see `super::read`).
pub fn pages(bytes: &[u8]) -> Result<Vec<Page>, OpenError> {
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| match e {
        LoadPdfError::Decryption(_) => OpenError::Encrypted,
        LoadPdfError::Invalid => OpenError::Damaged,
    })?;
    let pages = pdf.pages();
    if pages.len() > MAX_PAGES {
        return Err(OpenError::TooManyPages(pages.len()));
    }
    let settings = InterpreterSettings {
        render_content: RenderContent::PAGE,
        ..InterpreterSettings::default()
    };
    let cache = InterpreterCache::new();
    let mut out = Vec::with_capacity(pages.len());
    for page in pages.iter() {
        let (width, height) = page.render_dimensions();
        let transform = Affine::new(page.initial_transform(true).as_coeffs());
        let mut context = Context::new(
            transform,
            Rect::new(0.0, 0.0, f64::from(width), f64::from(height)),
            &cache,
            pdf.xref(),
            settings.clone(),
        );
        let mut recorder = Recorder {
            page: Page {
                height: f64::from(height),
                ..Page::default()
            },
        };
        interpret_page(page, &mut context, &mut recorder);
        out.push(recorder.page);
    }
    Ok(out)
}

struct Recorder {
    page: Page,
}

/// Glyph space is 1000 units to the em; the em box runs from the descender
/// (about -200) to the ascender (about 800).
const DESCENT: f64 = -200.0;
const ASCENT: f64 = 800.0;

impl Recorder {
    fn glyph(&mut self, text: Option<String>, transform: Affine, advance: f64) {
        if self.page.glyphs.len() >= MAX_GLYPHS {
            self.page.overflow = true;
            return;
        }
        let corners = [
            Point::new(0.0, DESCENT),
            Point::new(advance, DESCENT),
            Point::new(0.0, ASCENT),
            Point::new(advance, ASCENT),
        ]
        .map(|p| transform * p);
        let (x0, x1) = extent(corners.iter().map(|p| p.x));
        let (y0, y1) = extent(corners.iter().map(|p| p.y));
        let up = transform * Point::new(0.0, 1000.0) - transform * Point::ZERO;
        let size = up.hypot();
        if ![x0, x1, y0, y1, size].iter().all(|v| v.is_finite()) {
            return;
        }
        self.page.glyphs.push(Glyph {
            text,
            x0,
            y0,
            x1,
            y1,
            size,
        });
    }

    fn piece(&mut self, piece: Piece) {
        if self.page.pieces.len() >= MAX_PIECES {
            self.page.overflow = true;
            return;
        }
        self.page.pieces.push(piece);
    }

    fn path(&mut self, path: &BezPath, transform: Affine, fill: bool, stroke: bool) {
        let mut points: Vec<Point> = Vec::new();
        let mut curved = false;
        let mut start = Point::ZERO;
        let flush = |points: &mut Vec<Point>, curved: &mut bool, this: &mut Self| {
            if *curved {
                this.page.curves += 1;
            } else if points.len() >= 2 {
                if fill {
                    let (x0, x1) = extent(points.iter().map(|p| p.x));
                    let (y0, y1) = extent(points.iter().map(|p| p.y));
                    this.piece(Piece::Fill { x0, y0, x1, y1 });
                }
                if stroke {
                    for pair in points.windows(2) {
                        this.piece(Piece::Stroke {
                            x0: pair[0].x,
                            y0: pair[0].y,
                            x1: pair[1].x,
                            y1: pair[1].y,
                        });
                    }
                }
            }
            points.clear();
            *curved = false;
        };
        for element in path.elements() {
            match *element {
                PathEl::MoveTo(p) => {
                    flush(&mut points, &mut curved, self);
                    start = transform * p;
                    points.push(start);
                }
                PathEl::LineTo(p) => points.push(transform * p),
                PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => {
                    curved = true;
                    points.push(transform * p);
                }
                PathEl::ClosePath => {
                    if points.last() != Some(&start) {
                        points.push(start);
                    }
                }
            }
            if self.page.overflow {
                return;
            }
        }
        flush(&mut points, &mut curved, self);
        self.page
            .pieces
            .retain(|p| piece_points(p).iter().all(|v| v.is_finite()));
    }
}

fn piece_points(piece: &Piece) -> [f64; 4] {
    match *piece {
        Piece::Fill { x0, y0, x1, y1 } | Piece::Stroke { x0, y0, x1, y1 } => [x0, y0, x1, y1],
    }
}

fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

impl<'a> Device<'a> for Recorder {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        let (fill, stroke) = match draw_mode {
            DrawMode::Fill(_) => (true, false),
            DrawMode::Stroke(_) => (false, true),
            DrawMode::FillAndStroke(_, _) => (true, true),
            DrawMode::Invisible => return,
        };
        self.path(path, props.transform, fill, stroke);
    }

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        // Fill-and-stroke text arrives twice, once per mode: glyphs.rs
        // drops the copy. Invisible text is an OCR layer's: keep it.
        let _ = mode;
        for glyph in run.glyphs() {
            let text = glyph.as_unicode().map(|u| match u {
                BfString::Char(c) => c.to_string(),
                BfString::String(s) => s,
            });
            let advance = match &**glyph {
                hayro_interpret::font::Glyph::Outline(outline) => outline.advance_width(),
                hayro_interpret::font::Glyph::Type3(t3) => t3.advance_width(),
            }
            .map(f64::from)
            .filter(|w| w.is_finite() && *w > 1.0)
            .unwrap_or(500.0)
            .min(2000.0);
            self.glyph(text, props.transform * glyph.transform(), advance);
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {
        self.page.images += 1;
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

//! PDF bytes → paragraphs and tables of cells ([`Extracted`]), the shape the
//! Word, Excel and HTML readers produce.
//!
//! Data flows, per page: `device` (what the page draws: glyphs and path
//! pieces in display space) → `glyphs` (duplicates and whitespace dropped)
//! → `rules` (borders from thin fills and strokes) → `grid` (tables as
//! connected rules, with merged cells) → `cells` (glyphs into cells) and,
//! for the text outside tables, `unruled` (tables without rules) and
//! `paragraphs`; then `pages` joins tables continued over pages and names
//! every place. See `../shared/PDF.md` for what the real files are like.

mod cells;
mod device;
mod glyphs;
mod grid;
mod pages;
mod paragraphs;
mod place;
mod rules;
mod unruled;

use super::{Extracted, PdfError};
use device::OpenError;
use glyphs::{Line, Mark};
use pages::{Block, PageBlocks, Piece};

/// Read a PDF. The error says what is wrong; the caller adds the file name.
pub fn read(bytes: &[u8]) -> Result<Extracted, PdfError> {
    // hayro is young and a hostile file may find a panic in it; a panic
    // means a malformed file, not a reason to stop the import.
    std::panic::catch_unwind(|| read_unguarded(bytes)).unwrap_or(Err(PdfError::Damaged(
        "内容不合规范，解析失败 (malformed content the PDF parser cannot follow)",
    )))
}

fn read_unguarded(bytes: &[u8]) -> Result<Extracted, PdfError> {
    let pages = device::pages(bytes).map_err(|e| match e {
        OpenError::Encrypted => PdfError::Encrypted,
        OpenError::Damaged => PdfError::Damaged("找不到页面 (no readable page structure)"),
        OpenError::TooManyPages(pages) => PdfError::TooManyPages {
            pages,
            limit: device::MAX_PAGES,
        },
    })?;
    if pages.is_empty() {
        return Err(PdfError::Damaged("没有页面 (no pages)"));
    }
    let mut blocks = Vec::with_capacity(pages.len());
    let (mut text_pages, mut image_pages) = (0, 0);
    for (index, page) in pages.iter().enumerate() {
        let number = index + 1;
        if page.overflow {
            return Err(PdfError::CrowdedPage {
                page: number,
                limit: device::MAX_GLYPHS,
            });
        }
        let page_blocks = read_page(number, page)?;
        if !page.glyphs.is_empty() {
            text_pages += 1;
        } else if page.images > 0 {
            image_pages += 1;
        }
        blocks.push(page_blocks);
    }
    if text_pages == 0 {
        return Err(if image_pages > 0 {
            PdfError::Scan
        } else {
            PdfError::NoText
        });
    }
    let (items, warnings) = pages::assemble(blocks);
    Ok(Extracted {
        format: "PDF".into(),
        items,
        warnings,
    })
}

/// One page's tables and paragraphs, top to bottom.
fn read_page(number: usize, page: &device::Page) -> Result<PageBlocks, PdfError> {
    let (marks, unmapped) = glyphs::clean(&page.glyphs);
    let grids =
        grid::tables(&rules::rules(&page.pieces)).ok_or(PdfError::TooManyRules { page: number })?;
    for grid in &grids {
        let blind = unmapped
            .iter()
            .filter(|g| grid.contains(g.cx(), g.cy()))
            .count();
        if blind > 0 {
            return Err(PdfError::Unmapped {
                page: number,
                glyphs: blind,
            });
        }
    }
    // Each mark goes to the first table holding its centre, or stays text.
    let mut inside: Vec<Vec<Mark>> = vec![Vec::new(); grids.len()];
    let mut outside = Vec::new();
    for mark in marks {
        match grids.iter().position(|g| g.contains(mark.cx(), mark.cy())) {
            Some(i) => inside[i].push(mark),
            None => outside.push(mark),
        }
    }
    let mut lines: Vec<Line> = glyphs::lines(outside);
    let last = lines.len().saturating_sub(1);
    let mut index = 0;
    lines.retain(|line| {
        let first_or_last = index == 0 || index == last;
        index += 1;
        !paragraphs::is_furniture(line, page.height, first_or_last)
    });
    let left = lines.iter().map(|l| l.x0).fold(f64::INFINITY, f64::min);
    let right = lines.iter().map(|l| l.x1).fold(f64::NEG_INFINITY, f64::max);

    // Tables and runs of lines between them, by their tops.
    let mut placed: Vec<(f64, Block)> = Vec::new();
    for (grid, marks) in grids.iter().zip(inside) {
        let filled = cells::fill(grid, marks);
        placed.push((
            grid.top(),
            Block::Table(Piece {
                xs: grid.xs.clone(),
                rows: filled.rows,
                wrapped: filled.wrapped,
            }),
        ));
    }
    let tops: Vec<f64> = grids.iter().map(|g| g.top()).collect();
    let mut run: Vec<Line> = Vec::new();
    let mut runs: Vec<Vec<Line>> = Vec::new();
    let mut between = 0;
    for line in lines {
        let after = tops.partition_point(|&top| top < line.cy());
        if after != between && !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
        between = after;
        run.push(line);
    }
    if !run.is_empty() {
        runs.push(run);
    }
    let mut edges = Vec::new();
    for run in runs {
        let mut start = 0;
        for found in unruled::tables(&run) {
            text_blocks(
                &run[start..found.first_line],
                (left, right),
                &mut placed,
                &mut edges,
            );
            placed.push((
                run[found.first_line].y0,
                Block::Table(Piece {
                    xs: Vec::new(),
                    rows: found.rows,
                    wrapped: Vec::new(),
                }),
            ));
            start = found.first_line + found.lines;
        }
        text_blocks(&run[start..], (left, right), &mut placed, &mut edges);
    }
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let starts_flush = edges
        .iter()
        .find(|e| e.0 == placed.first().map_or(-1.0, |p| p.0));
    let ends_full = edges
        .iter()
        .find(|e| e.0 == placed.last().map_or(-1.0, |p| p.0));
    Ok(PageBlocks {
        number,
        starts_flush: starts_flush.is_some_and(|e| e.1),
        ends_full: ends_full.is_some_and(|e| e.2),
        blocks: placed.into_iter().map(|(_, block)| block).collect(),
    })
}

/// Paragraphs of `lines` into `placed`, and their edges into `edges`:
/// (top, starts at the left margin, ends at the right margin).
fn text_blocks(
    lines: &[Line],
    (left, right): (f64, f64),
    placed: &mut Vec<(f64, Block)>,
    edges: &mut Vec<(f64, bool, bool)>,
) {
    for paragraph in paragraphs::paragraphs(lines, left, right) {
        edges.push((paragraph.top, paragraph.flush_start, paragraph.full_end));
        placed.push((paragraph.top, Block::Paragraph(paragraph.text)));
    }
}

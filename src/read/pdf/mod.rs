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

use super::Extracted;
use device::OpenError;
use glyphs::{Line, Mark};
use pages::{Block, PageBlocks, Piece};

/// Read a PDF. The message says what is wrong; the caller adds the file name.
pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    // hayro is young and a hostile file may find a panic in it; a panic
    // means a malformed file, not a reason to stop the import.
    std::panic::catch_unwind(|| read_unguarded(bytes)).unwrap_or_else(|_| {
        Err(damaged(
            "内容不合规范，解析失败 (malformed content the PDF parser cannot follow)",
        ))
    })
}

fn damaged(detail: &str) -> String {
    format!("PDF 文件已损坏，无法读取 (damaged PDF file): {detail}")
}

fn read_unguarded(bytes: &[u8]) -> Result<Extracted, String> {
    let pages = device::pages(bytes).map_err(|e| match e {
        OpenError::Encrypted => "PDF 文件已加密，需要密码才能打开，请取得未加密的版本 \
             (the PDF is encrypted and needs a password; get an unprotected copy)"
            .to_string(),
        OpenError::Damaged => damaged("找不到页面 (no readable page structure)"),
        OpenError::TooManyPages(n) => format!(
            "PDF 有 {n} 页，超过 {} 页的上限，不像预算公开文件 \
             (the PDF has {n} pages, more than the {} a disclosure could have)",
            device::MAX_PAGES,
            device::MAX_PAGES
        ),
    })?;
    if pages.is_empty() {
        return Err(damaged("没有页面 (no pages)"));
    }
    let mut blocks = Vec::with_capacity(pages.len());
    let (mut text_pages, mut image_pages) = (0, 0);
    for (index, page) in pages.iter().enumerate() {
        let number = index + 1;
        if page.overflow {
            return Err(format!(
                "第 {number} 页绘制的字形或线段超过 {} 个，不像预算公开表格 \
                 (page {number} draws more than {} glyphs or path pieces; not a disclosure)",
                device::MAX_GLYPHS,
                device::MAX_GLYPHS
            ));
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
            "PDF 没有文字层（扫描件），需要先做文字识别 (OCR) 再导入 \
             (the PDF has no text layer: it is a scan and needs OCR first)"
                .to_string()
        } else {
            "PDF 中没有任何文字 (the PDF holds no text)".to_string()
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
fn read_page(number: usize, page: &device::Page) -> Result<PageBlocks, String> {
    let (marks, unmapped) = glyphs::clean(&page.glyphs);
    let grids = grid::tables(&rules::rules(&page.pieces)).ok_or_else(|| {
        format!(
            "第 {number} 页的线条过多，无法当作表格比较，不像预算公开文件 \
             (page {number} draws too many rules to compare as tables; not a disclosure)"
        )
    })?;
    for grid in &grids {
        let blind = unmapped
            .iter()
            .filter(|g| grid.contains(g.cx(), g.cy()))
            .count();
        if blind > 0 {
            return Err(format!(
                "第 {number} 页的表格中有 {blind} 个字形无法转换为文字（字体缺少 Unicode 映射） \
                 (page {number}: {blind} glyphs in a table have no Unicode mapping; \
                 the table cannot be read)"
            ));
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

//! Excel 97-2003 (BIFF8) workbook records → number formats and borders
//! (calamine reads the values but keeps neither), and a check of the
//! records' sizes before calamine trusts them.

use crate::read::error::BiffError;
use std::collections::HashMap;
use std::io::{Cursor, Read};

#[derive(Debug, Default)]
pub struct Styles {
    /// Format code by format index (FORMAT records).
    codes: HashMap<u16, String>,
    /// Per XF index: its format index and whether it draws a border.
    xfs: Vec<(u16, bool)>,
    /// Sheet name → (row, column) → XF index, for cells with a record.
    pub sheets: HashMap<String, HashMap<(u32, u32), u16>>,
}

impl Styles {
    pub fn format(&self, xf: u16) -> Option<&str> {
        let &(index, _) = self.xfs.get(usize::from(xf))?;
        self.codes
            .get(&index)
            .map(String::as_str)
            .or_else(|| builtin(index))
    }

    pub fn is_ruled(&self, xf: u16) -> bool {
        self.xfs
            .get(usize::from(xf))
            .is_some_and(|&(_, ruled)| ruled)
    }
}

/// The formats Excel does not write out (ECMA-376 18.8.30, the same in
/// BIFF8).
fn builtin(index: u16) -> Option<&'static str> {
    Some(match index {
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        _ => return None,
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// (type, data) of each record from `offset` up to the substream's EOF.
fn records(stream: &[u8], offset: usize) -> impl Iterator<Item = (u16, &[u8])> + '_ {
    let mut at = offset;
    std::iter::from_fn(move || {
        let kind = u16_at(stream, at)?;
        let len = usize::from(u16_at(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((kind, data))
    })
    .take_while(|(kind, _)| *kind != 0x000A)
}

/// A BIFF8 string of `count` characters at `data[at..]` whose flags
/// byte says whether characters take one byte or two.
fn string(data: &[u8], count: usize, at: usize) -> Option<String> {
    let flags = *data.get(at)?;
    let chars = data.get(at + 1..)?;
    if flags & 1 == 0 {
        Some(chars.get(..count)?.iter().map(|&b| char::from(b)).collect())
    } else {
        let units: Vec<u16> = chars
            .get(..count * 2)?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    }
}

/// Cells one sheet may span (rows × columns of its used area): far
/// beyond any budget table, well below what would exhaust memory.
const MAX_CELLS: u64 = 2_000_000;

/// Refuse a workbook stream whose cell records are inconsistent or
/// span an area no sheet of a disclosure has.
pub fn check(bytes: &[u8]) -> Result<(), BiffError> {
    let Some(stream) = workbook_stream(bytes) else {
        // Not a BIFF8 workbook we can walk; calamine says what it is.
        return Ok(());
    };
    let mut offsets = Vec::new();
    for (kind, data) in records(&stream, 0) {
        match kind {
            0x002F => return Ok(()),
            0x0085 => offsets.extend(u32_at(data, 0)),
            _ => {}
        }
    }
    for offset in offsets {
        check_sheet(&stream, offset as usize)?;
    }
    Ok(())
}

fn check_sheet(stream: &[u8], offset: usize) -> Result<(), BiffError> {
    let Some(body) = sheet_body(stream, offset) else {
        return Err(BiffError::SheetOutside);
    };
    let mut used: Option<(u32, u32, u32, u32)> = None;
    let mut take = |row: u32, first: u32, last: u32| {
        let (r0, c0, r1, c1) = used.unwrap_or((row, first, row, last));
        used = Some((r0.min(row), c0.min(first), r1.max(row), c1.max(last)));
    };
    let bad = BiffError::InvalidRecord;
    for (kind, data) in records(stream, body) {
        match kind {
            0x0200 => {
                // DIMENSIONS: first row, last row + 1, first column,
                // last column + 1; calamine reserves room for that area
                // (a first column past 255 it takes as 0). Read by its
                // length as calamine reads it: 10 bytes hold 16-bit rows
                // (the older layout, which the fuzzer found unchecked),
                // 14 or 16 bytes 32-bit ones; calamine refuses the rest.
                let fields = match data.len() {
                    10 => (
                        u16_at(data, 0).map(u32::from),
                        u16_at(data, 2).map(u32::from),
                        u16_at(data, 4),
                        u16_at(data, 6),
                    ),
                    14 | 16 => (
                        u32_at(data, 0),
                        u32_at(data, 4),
                        u16_at(data, 8),
                        u16_at(data, 10),
                    ),
                    _ => continue,
                };
                let (Some(r0), Some(r1), Some(c0), Some(c1)) = fields else {
                    continue;
                };
                let c0 = if c0 > 0xFF || c1 < c0 { 0 } else { c0 };
                if r1 >= 1 && c1 >= 1 {
                    if r1 <= r0 || c1 <= c0 {
                        return Err(bad("DIMENSIONS"));
                    }
                    let area = u64::from(r1 - r0) * u64::from(c1 - c0);
                    if area > MAX_CELLS {
                        return Err(BiffError::TooLarge(area));
                    }
                }
            }
            0x0203 | 0x027E | 0x0006 | 0x00FD | 0x0204 | 0x0205 | 0x0201 => {
                let (Some(row), Some(column)) = (u16_at(data, 0), u16_at(data, 2)) else {
                    return Err(bad("cell"));
                };
                take(row.into(), column.into(), column.into());
            }
            0x00BD | 0x00BE => {
                let step = if kind == 0x00BD { 6 } else { 2 };
                let (Some(row), Some(first), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                ) else {
                    return Err(bad("MULRK"));
                };
                let count = usize::from(last.wrapping_sub(first)) + 1;
                if last < first || data.len() != 6 + step * count {
                    return Err(bad("MULRK"));
                }
                take(row.into(), first.into(), last.into());
            }
            _ => {}
        }
    }
    if let Some((r0, c0, r1, c1)) = used {
        let cells = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
        if cells > MAX_CELLS {
            return Err(BiffError::TooLarge(cells));
        }
    }
    Ok(())
}

/// Where the first sheet's substream starts (its BOUNDSHEET offset).
#[cfg(test)]
pub fn first_sheet_offset(stream: &[u8]) -> Option<usize> {
    records(stream, 0)
        .find(|(kind, _)| *kind == 0x0085)
        .and_then(|(_, data)| u32_at(data, 0))
        .map(|offset| offset as usize)
}

/// The position of the first record of `kind` in the sheet substream
/// at `offset`.
#[cfg(test)]
pub fn find_record(stream: &[u8], offset: usize, kind: u16) -> Option<usize> {
    let mut at = sheet_body(stream, offset)?;
    loop {
        let this = u16_at(stream, at)?;
        if this == kind {
            return Some(at);
        }
        at += 4 + usize::from(u16_at(stream, at + 2)?);
    }
}

/// The workbook stream calamine reads: "Workbook", or "Book" (Excel
/// 5/95) when there is none, so that neither escapes the checks.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| file.is_stream(name))?;
    let mut stream = Vec::new();
    file.open_stream(name).ok()?.read_to_end(&mut stream).ok()?;
    Some(stream)
}

/// Where a sheet substream's records start, past its own BOF.
fn sheet_body(stream: &[u8], offset: usize) -> Option<usize> {
    let len = usize::from(u16_at(stream.get(offset..)?, 2)?);
    Some(offset + 4 + len)
}

pub fn styles(bytes: &[u8]) -> Option<Styles> {
    let stream = workbook_stream(bytes)?;
    let mut styles = Styles::default();
    let mut sheets = Vec::new();
    for (kind, data) in records(&stream, 0) {
        match kind {
            // FILEPASS: the rest is encrypted.
            0x002F => return None,
            0x041E => {
                let (Some(index), Some(count)) = (u16_at(data, 0), u16_at(data, 2)) else {
                    continue;
                };
                if let Some(code) = string(data, usize::from(count), 4) {
                    styles.codes.insert(index, code);
                }
            }
            0x00E0 => {
                let format = u16_at(data, 2).unwrap_or(0);
                let borders = u16_at(data, 10).unwrap_or(0);
                styles.xfs.push((format, borders != 0));
            }
            0x0085 => {
                let (Some(offset), Some(&count)) = (u32_at(data, 0), data.get(6)) else {
                    continue;
                };
                if let Some(name) = string(data, usize::from(count), 7) {
                    sheets.push((name, offset as usize));
                }
            }
            _ => {}
        }
    }
    for (name, offset) in sheets {
        styles.sheets.insert(name, sheet_cells(&stream, offset));
    }
    Some(styles)
}

/// (row, column) → XF index of every cell record in a sheet substream.
fn sheet_cells(stream: &[u8], offset: usize) -> HashMap<(u32, u32), u16> {
    let mut cells = HashMap::new();
    let mut put = |row: Option<u16>, column: Option<u16>, xf: Option<u16>| {
        if let (Some(row), Some(column), Some(xf)) = (row, column, xf) {
            cells.insert((u32::from(row), u32::from(column)), xf);
        }
    };
    let Some(body) = sheet_body(stream, offset) else {
        return cells;
    };
    for (kind, data) in records(stream, body) {
        match kind {
            // NUMBER, RK, FORMULA, LABELSST, LABEL, BOOLERR, BLANK.
            0x0203 | 0x027E | 0x0006 | 0x00FD | 0x0204 | 0x0205 | 0x0201 => {
                put(u16_at(data, 0), u16_at(data, 2), u16_at(data, 4));
            }
            // MULRK: (XF, RK) pairs of 6 bytes; MULBLANK: XF indexes.
            0x00BD | 0x00BE => {
                let step = if kind == 0x00BD { 6 } else { 2 };
                let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) else {
                    continue;
                };
                let count = data.len().saturating_sub(6) / step;
                for i in 0..count {
                    let column = first.checked_add(i as u16);
                    put(Some(row), column, u16_at(data, 4 + i * step));
                }
            }
            _ => {}
        }
    }
    cells
}

//! Path pieces → table rules: horizontal and vertical lines, merged.
//!
//! Office programs draw cell borders as thin filled rectangles, others
//! stroke lines; both become centre lines here. Larger fills (shading, a
//! white page background) are not rules.

use super::device::Piece;

/// A filled box at most this thick (points) is a rule.
const MAX_THICKNESS: f64 = 3.0;
/// Pieces on the same line within this distance are collinear.
const SAME_LINE: f64 = 1.0;
/// Collinear pieces this close end to end are one rule.
const MAX_GAP: f64 = 2.0;
/// Shorter rules are tick marks or dots, not borders.
const MIN_LENGTH: f64 = 4.0;
/// A stroke within this much of horizontal or vertical counts as such.
const SLANT: f64 = 1.0;

/// A horizontal rule at `at` from `from` to `to` (x), or a vertical one at
/// `at` from `from` to `to` (y).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

impl Rule {
    /// Whether the rule covers `position` along its length, give or take.
    pub fn covers(&self, position: f64, slack: f64) -> bool {
        self.from - slack <= position && position <= self.to + slack
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    pub horizontal: Vec<Rule>,
    pub vertical: Vec<Rule>,
}

pub fn rules(pieces: &[Piece]) -> Rules {
    let mut horizontal = Vec::new();
    let mut vertical = Vec::new();
    for piece in pieces {
        match *piece {
            Piece::Fill { x0, y0, x1, y1 } => {
                let (w, h) = (x1 - x0, y1 - y0);
                if h <= MAX_THICKNESS && w > h {
                    horizontal.push(Rule {
                        at: (y0 + y1) / 2.0,
                        from: x0,
                        to: x1,
                    });
                } else if w <= MAX_THICKNESS && h > w {
                    vertical.push(Rule {
                        at: (x0 + x1) / 2.0,
                        from: y0,
                        to: y1,
                    });
                }
            }
            Piece::Stroke { x0, y0, x1, y1 } => {
                if (y1 - y0).abs() <= SLANT && (x1 - x0).abs() > SLANT {
                    horizontal.push(Rule {
                        at: (y0 + y1) / 2.0,
                        from: x0.min(x1),
                        to: x0.max(x1),
                    });
                } else if (x1 - x0).abs() <= SLANT && (y1 - y0).abs() > SLANT {
                    vertical.push(Rule {
                        at: (x0 + x1) / 2.0,
                        from: y0.min(y1),
                        to: y0.max(y1),
                    });
                }
            }
        }
    }
    Rules {
        horizontal: merge(horizontal),
        vertical: merge(vertical),
    }
}

/// Join collinear pieces that touch or nearly touch; drop short ones.
fn merge(mut pieces: Vec<Rule>) -> Vec<Rule> {
    pieces.sort_by(|a, b| a.at.total_cmp(&b.at));
    // Lines: runs of pieces whose positions lie within SAME_LINE of the
    // run's first piece.
    let mut merged = Vec::new();
    let mut start = 0;
    while start < pieces.len() {
        let mut end = start + 1;
        while end < pieces.len() && pieces[end].at - pieces[start].at <= SAME_LINE {
            end += 1;
        }
        let line = &mut pieces[start..end];
        let at = line.iter().map(|r| r.at).sum::<f64>() / line.len() as f64;
        line.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut current: Option<Rule> = None;
        for piece in line.iter() {
            current = match current {
                Some(mut rule) if piece.from <= rule.to + MAX_GAP => {
                    rule.to = rule.to.max(piece.to);
                    Some(rule)
                }
                other => {
                    merged.extend(other);
                    Some(Rule {
                        at,
                        from: piece.from,
                        to: piece.to,
                    })
                }
            };
        }
        merged.extend(current);
        start = end;
    }
    merged.retain(|r| r.to - r.from >= MIN_LENGTH);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(x0: f64, y0: f64, x1: f64, y1: f64) -> Piece {
        Piece::Fill { x0, y0, x1, y1 }
    }

    #[test]
    fn thin_fills_become_centre_lines_and_merge_across_small_gaps() {
        let pieces = [
            // One border drawn cell by cell, with a 1 pt gap and a 0.3 pt wobble.
            fill(10.0, 99.8, 60.0, 100.3),
            fill(61.0, 100.1, 120.0, 100.5),
            // A vertical border.
            fill(10.0, 100.0, 10.5, 150.0),
            // Shading and a dot are not rules.
            fill(10.0, 100.0, 120.0, 150.0),
            fill(200.0, 200.0, 201.0, 201.0),
            // A stroked line, drawn right to left.
            Piece::Stroke {
                x0: 120.0,
                y0: 150.0,
                x1: 10.0,
                y1: 150.2,
            },
        ];
        let rules = rules(&pieces);
        assert_eq!(rules.horizontal.len(), 2, "{rules:?}");
        let top = rules.horizontal[0];
        assert!((top.at - 100.15).abs() < 0.1 && top.from == 10.0 && top.to == 120.0);
        assert_eq!(rules.vertical.len(), 1);
        assert!((rules.vertical[0].at - 10.25).abs() < 1e-9);
    }

    #[test]
    fn distant_pieces_on_one_line_stay_apart() {
        let pieces = [fill(0.0, 0.0, 50.0, 0.5), fill(60.0, 0.0, 100.0, 0.5)];
        assert_eq!(rules(&pieces).horizontal.len(), 2);
    }
}

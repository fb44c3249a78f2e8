//! Rules → tables: each connected set of crossing rules is a table; its
//! rule positions make a grid, and neighbouring grid cells with no rule
//! between them are one merged cell (which gives row and column spans).

use super::rules::{Rule, Rules};

/// More rule pairs than this on one page is no disclosure (a dense one has
/// a few hundred rules each way): the page is refused rather than compared
/// pair by pair.
pub const MAX_CROSSINGS: usize = 4_000_000;
/// Grid cells per table at most; real tables have under a thousand.
const MAX_GRID_CELLS: usize = 100_000;

/// Rules this close to touching are connected.
const TOUCH: f64 = 2.0;
/// Rule positions this close are one grid line.
const SAME_POSITION: f64 = 2.5;

/// A ruled table's grid and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Column boundaries, left to right (one more than the columns).
    pub xs: Vec<f64>,
    /// Row boundaries, top to bottom (one more than the rows).
    pub ys: Vec<f64>,
    /// Merged cells, in row then column order of their top-left corner.
    pub cells: Vec<Cell>,
    /// For each grid spot (row × columns + column), the cell covering it.
    owner: Vec<usize>,
}

/// A cell of the grid, possibly spanning several rows and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
}

impl Grid {
    pub fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }
    pub fn cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }
    pub fn top(&self) -> f64 {
        self.ys.first().copied().unwrap_or(0.0)
    }
    pub fn bottom(&self) -> f64 {
        self.ys.last().copied().unwrap_or(0.0)
    }
    pub fn left(&self) -> f64 {
        self.xs.first().copied().unwrap_or(0.0)
    }
    pub fn right(&self) -> f64 {
        self.xs.last().copied().unwrap_or(0.0)
    }
    pub fn contains(&self, x: f64, y: f64) -> bool {
        self.left() <= x && x <= self.right() && self.top() <= y && y <= self.bottom()
    }

    /// The cell whose box holds the point, if any.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        let col = self.xs.partition_point(|&b| b <= x).checked_sub(1)?;
        let row = self.ys.partition_point(|&b| b <= y).checked_sub(1)?;
        if col >= self.cols() || row >= self.rows() {
            return None;
        }
        self.owner.get(row * self.cols() + col).copied()
    }
}

/// Every table on the page, top to bottom; `None` when the page draws
/// more rules than [`MAX_CROSSINGS`] allows comparing.
pub fn tables(rules: &Rules) -> Option<Vec<Grid>> {
    let (h, v) = (&rules.horizontal, &rules.vertical);
    if h.len().saturating_mul(v.len()) > MAX_CROSSINGS {
        return None;
    }
    let mut sets = UnionFind::new(h.len() + v.len());
    for (i, hr) in h.iter().enumerate() {
        for (j, vr) in v.iter().enumerate() {
            if hr.covers(vr.at, TOUCH) && vr.covers(hr.at, TOUCH) {
                sets.union(i, h.len() + j);
            }
        }
    }
    let mut groups: Vec<(Vec<Rule>, Vec<Rule>)> = Vec::new();
    let mut group_of = vec![usize::MAX; h.len() + v.len()];
    for i in 0..h.len() + v.len() {
        let root = sets.find(i);
        if group_of[root] == usize::MAX {
            group_of[root] = groups.len();
            groups.push((Vec::new(), Vec::new()));
        }
        let group = &mut groups[group_of[root]];
        if i < h.len() {
            group.0.push(h[i]);
        } else {
            group.1.push(v[i - h.len()]);
        }
    }
    let mut grids: Vec<Grid> = groups
        .iter()
        .filter(|(h, v)| h.len() >= 2 && v.len() >= 2)
        .filter_map(|(h, v)| grid(h, v))
        .collect();
    grids.sort_by(|a, b| a.top().total_cmp(&b.top()));
    Some(grids)
}

fn grid(horizontal: &[Rule], vertical: &[Rule]) -> Option<Grid> {
    let xs = positions(vertical);
    let ys = positions(horizontal);
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    // A lone box (a framed note, a chart's plot area) is not a table; a
    // grid of a hundred thousand cells is a pattern, not a table.
    if rows * cols < 2 || rows * cols > MAX_GRID_CELLS {
        return None;
    }
    let mut sets = UnionFind::new(rows * cols);
    for row in 0..rows {
        let middle_y = (ys[row] + ys[row + 1]) / 2.0;
        for col in 0..cols {
            let middle_x = (xs[col] + xs[col + 1]) / 2.0;
            let ruled = |rules: &[Rule], at: f64, along: f64| {
                rules
                    .iter()
                    .any(|r| (r.at - at).abs() <= SAME_POSITION && r.covers(along, 0.0))
            };
            if col + 1 < cols && !ruled(vertical, xs[col + 1], middle_y) {
                sets.union(row * cols + col, row * cols + col + 1);
            }
            if row + 1 < rows && !ruled(horizontal, ys[row + 1], middle_x) {
                sets.union(row * cols + col, (row + 1) * cols + col);
            }
        }
    }
    // Each merged region becomes its bounding rectangle; the first cell
    // (top-left in reading order) names it.
    let mut region: Vec<Option<usize>> = vec![None; rows * cols];
    let mut cells: Vec<Cell> = Vec::new();
    for row in 0..rows {
        for col in 0..cols {
            let root = sets.find(row * cols + col);
            match region[root] {
                None => {
                    region[root] = Some(cells.len());
                    cells.push(Cell {
                        row,
                        col,
                        rows: 1,
                        cols: 1,
                    });
                }
                Some(index) => {
                    let cell = &mut cells[index];
                    let (r1, c1) = (
                        (cell.row + cell.rows).max(row + 1),
                        (cell.col + cell.cols).max(col + 1),
                    );
                    cell.col = cell.col.min(col);
                    cell.rows = r1 - cell.row;
                    cell.cols = c1 - cell.col;
                }
            }
        }
    }
    // A region that is not a rectangle (a missing border inside a table)
    // may now overlap another; keep the first claim on every grid cell.
    let mut owner = vec![false; rows * cols];
    cells.retain(|c| {
        let spots: Vec<usize> = (c.row..c.row + c.rows)
            .flat_map(|r| (c.col..c.col + c.cols).map(move |k| r * cols + k))
            .collect();
        if spots.iter().any(|&s| owner[s]) {
            return false;
        }
        spots.iter().for_each(|&s| owner[s] = true);
        true
    });
    for (spot, owned) in owner.iter().enumerate() {
        if !owned {
            cells.push(Cell {
                row: spot / cols,
                col: spot % cols,
                rows: 1,
                cols: 1,
            });
        }
    }
    cells.sort_by_key(|c| (c.row, c.col));
    let mut owner = vec![0; rows * cols];
    for (index, c) in cells.iter().enumerate() {
        for r in c.row..c.row + c.rows {
            owner[r * cols + c.col..r * cols + c.col + c.cols].fill(index);
        }
    }
    Some(Grid {
        xs,
        ys,
        cells,
        owner,
    })
}

/// Cluster rule positions: sorted, a position within SAME_POSITION of the
/// cluster's last one joins it; each cluster is its mean.
fn positions(rules: &[Rule]) -> Vec<f64> {
    let mut at: Vec<f64> = rules.iter().map(|r| r.at).collect();
    at.sort_by(f64::total_cmp);
    let mut clusters: Vec<(f64, f64, usize)> = Vec::new();
    for a in at {
        match clusters.last_mut() {
            Some((last, sum, n)) if a - *last <= SAME_POSITION => {
                *last = a;
                *sum += a;
                *n += 1;
            }
            _ => clusters.push((a, a, 1)),
        }
    }
    clusters
        .into_iter()
        .map(|(_, sum, n)| sum / n as f64)
        .collect()
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub fn h(at: f64, from: f64, to: f64) -> Rule {
        Rule { at, from, to }
    }

    /// A 3×3 grid on 0..90 × 0..30, every border drawn, then `remove` taken
    /// out: (horizontal?, at, from, to) pieces of borders.
    pub fn three_by_three(holes: &[(bool, f64, f64)]) -> Rules {
        let mut rules = Rules::default();
        for y in [0.0, 10.0, 20.0, 30.0] {
            rules.horizontal.push(h(y, 0.0, 90.0));
        }
        for x in [0.0, 30.0, 60.0, 90.0] {
            rules.vertical.push(h(x, 0.0, 30.0));
        }
        // Cut holes: split the rule at `at` around the segment [from, to].
        for &(horizontal, at, along) in holes {
            let list = if horizontal {
                &mut rules.horizontal
            } else {
                &mut rules.vertical
            };
            let mut cut = Vec::new();
            for rule in list.iter() {
                if rule.at == at && rule.covers(along, 0.0) {
                    let (a, b) = (along - 5.0, along + 5.0);
                    cut.push(h(at, rule.from, a));
                    cut.push(h(at, b, rule.to));
                } else {
                    cut.push(*rule);
                }
            }
            *list = cut;
        }
        rules
    }

    #[test]
    fn full_grid_has_single_cells() {
        let grids = tables(&three_by_three(&[])).unwrap();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].cells.len(), 9);
        assert!(grids[0].cells.iter().all(|c| c.rows == 1 && c.cols == 1));
    }

    #[test]
    fn missing_borders_give_spans() {
        // No border between columns 1 and 2 in row 0 (header spanning two),
        // none between rows 1 and 2 in column 0 (a label spanning two rows).
        let grids = tables(&three_by_three(&[(false, 30.0, 5.0), (true, 20.0, 15.0)])).unwrap();
        let cells = &grids[0].cells;
        assert_eq!(
            cells[0],
            Cell {
                row: 0,
                col: 0,
                rows: 1,
                cols: 2
            }
        );
        assert!(cells.contains(&Cell {
            row: 1,
            col: 0,
            rows: 2,
            cols: 1
        }));
        assert_eq!(cells.len(), 7);
        assert_eq!(grids[0].cell_at(45.0, 5.0), grids[0].cell_at(5.0, 5.0));
    }

    #[test]
    fn too_many_rules_to_compare_are_refused() {
        let many = |n: usize| (0..n).map(|i| h(i as f64, 0.0, 10.0)).collect::<Vec<_>>();
        let rules = Rules {
            horizontal: many(2_001),
            vertical: many(2_000),
        };
        assert_eq!(tables(&rules), None);
    }

    #[test]
    fn a_lone_box_and_separate_tables() {
        let rules = Rules {
            horizontal: vec![h(0.0, 0.0, 50.0), h(20.0, 0.0, 50.0)],
            vertical: vec![h(0.0, 0.0, 20.0), h(50.0, 0.0, 20.0)],
        };
        assert_eq!(tables(&rules), Some(vec![]));
        let mut two = three_by_three(&[]);
        for r in three_by_three(&[]).horizontal {
            two.horizontal.push(h(r.at + 100.0, r.from, r.to));
        }
        for r in three_by_three(&[]).vertical {
            two.vertical.push(h(r.at, r.from + 100.0, r.to + 100.0));
        }
        let grids = tables(&two).unwrap();
        assert_eq!(grids.len(), 2);
        assert!(grids[0].top() < grids[1].top());
    }
}

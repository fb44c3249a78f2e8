//! Trend charts as SVG: a title, a y axis in the money unit, the years on
//! the x axis, one line per series and a legend.
//!
//! SVG keeps text as text, so Chinese labels need no bundled font: the
//! viewer's own CJK font draws them (the font list names the usual ones).
//! Coordinates are `f64`; the exact amounts travel as text, in each point's
//! `<title>` (shown as a tooltip), so the chart never rounds a figure it
//! states.

use std::fmt::Write;

/// Grouped bar charts (预算 beside 决算).
pub mod bars;

pub struct Chart {
    pub title: String,
    /// What the y axis counts, e.g. "万元".
    pub unit: String,
    /// The x axis labels, left to right (the years).
    pub x: Vec<String>,
    pub series: Vec<Series>,
}

pub struct Series {
    pub name: String,
    /// One slot per x label; `None` leaves a gap in the line.
    pub points: Vec<Option<Point>>,
}

pub struct Point {
    /// Position on the y axis, in `Chart::unit`.
    pub value: f64,
    /// The exact figure, as the tables print it.
    pub label: String,
}

/// Tableau 10: distinguishable, and readable on white.
const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

/// After the ten colours, the same colours dashed, then dotted: every line
/// of a chart of up to [`DISTINCT_STROKES`] has a stroke of its own.
const DASHES: [&str; 3] = ["", "8 4", "2 3"];

/// How many lines a chart can tell apart.
pub const DISTINCT_STROKES: usize = PALETTE.len() * DASHES.len();

/// The colour and the dash pattern (an SVG attribute, or nothing) of line `index`.
fn stroke(index: usize) -> (&'static str, String) {
    let colour = PALETTE[index % PALETTE.len()];
    let dash = DASHES[(index / PALETTE.len()) % DASHES.len()];
    let dash = if dash.is_empty() {
        String::new()
    } else {
        format!(r#" stroke-dasharray="{dash}""#)
    };
    (colour, dash)
}

const FONT_SIZE: f64 = 13.0;
const PLOT_HEIGHT: f64 = 320.0;
const TOP: f64 = 56.0;
const BOTTOM: f64 = 56.0;
const MIN_PLOT_WIDTH: f64 = 560.0;
const PER_X: f64 = 110.0;

/// Render the chart as a standalone SVG document.
pub fn svg(chart: &Chart) -> String {
    let axis = ValueAxis::of(chart);
    let (ticks, left) = (&axis.ticks, axis.left);
    let plot_width = MIN_PLOT_WIDTH.max(PER_X * chart.x.len() as f64);
    let legend_x = left + plot_width + 32.0;
    let legend_width = 40.0
        + chart
            .series
            .iter()
            .map(|s| text_width(&s.name, FONT_SIZE))
            .fold(0.0, f64::max);
    let legend_height = 24.0 * chart.series.len() as f64;
    let title_width = text_width(&chart.title, 16.0) + 40.0;
    let width = (legend_x + legend_width + 16.0).max(title_width).ceil();
    let height = (TOP + PLOT_HEIGHT.max(legend_height) + BOTTOM).ceil();
    let bottom = TOP + PLOT_HEIGHT;

    let y_of = |v: f64| bottom - (v - ticks.min) / (ticks.max - ticks.min) * PLOT_HEIGHT;
    let x_of = |i: usize| {
        if chart.x.len() <= 1 {
            left + plot_width / 2.0
        } else {
            left + 24.0 + i as f64 * (plot_width - 48.0) / (chart.x.len() - 1) as f64
        }
    };

    let mut out = open_with_axis(chart, &axis, width, height, plot_width, &y_of);

    // X axis.
    let _ = writeln!(out, r#"<g class="x-axis">"#);
    let _ = writeln!(
        out,
        r##"<line x1="{left:.1}" y1="{bottom:.1}" x2="{:.1}" y2="{bottom:.1}" stroke="#333"/>"##,
        left + plot_width
    );
    let _ = writeln!(
        out,
        r##"<line x1="{left:.1}" y1="{TOP:.1}" x2="{left:.1}" y2="{bottom:.1}" stroke="#333"/>"##
    );
    for (i, label) in chart.x.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            x_of(i),
            bottom + 20.0,
            escape(label)
        );
    }
    let _ = writeln!(
        out,
        r#"<text class="axis-title" x="{:.1}" y="{:.1}" text-anchor="middle">年度</text>"#,
        left + plot_width / 2.0,
        bottom + 42.0
    );
    let _ = writeln!(out, "</g>");

    // Series: a polyline per unbroken run, a dot with its exact figure per point.
    for (index, series) in chart.series.iter().enumerate() {
        let (colour, dash) = stroke(index);
        let name = escape(&series.name);
        let _ = writeln!(out, r#"<g class="series" data-name="{name}">"#);
        let mut run: Vec<String> = Vec::new();
        let mut runs: Vec<Vec<String>> = Vec::new();
        for (i, point) in series.points.iter().enumerate() {
            match point {
                Some(p) => run.push(format!("{:.1},{:.1}", x_of(i), y_of(p.value))),
                None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
                None => {}
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
        for run in runs.iter().filter(|r| r.len() > 1) {
            let _ = writeln!(
                out,
                r#"<polyline fill="none" stroke="{colour}"{dash} stroke-width="2" points="{}"/>"#,
                run.join(" ")
            );
        }
        for (i, point) in series.points.iter().enumerate() {
            if let Some(p) = point {
                let _ = writeln!(
                    out,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{colour}"><title>{name} {}：{} {}</title></circle>"#,
                    x_of(i),
                    y_of(p.value),
                    escape(&chart.x[i]),
                    escape(&p.label),
                    escape(&chart.unit)
                );
            }
        }
        let _ = writeln!(out, "</g>");
    }

    // Legend, in series order.
    let _ = writeln!(out, r#"<g class="legend">"#);
    for (index, series) in chart.series.iter().enumerate() {
        let (colour, dash) = stroke(index);
        let y = TOP + 12.0 + 24.0 * index as f64;
        let _ = writeln!(
            out,
            r#"<line x1="{legend_x:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{colour}"{dash} stroke-width="3"/>"#,
            legend_x + 24.0
        );
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
            legend_x + 32.0,
            y + FONT_SIZE * 0.35,
            escape(&series.name)
        );
    }
    let _ = writeln!(out, "</g>");
    let _ = writeln!(out, "</svg>");
    out
}

/// The value axis every chart draws: its round ticks, their labels, and
/// the left margin the labels take.
struct ValueAxis {
    ticks: Ticks,
    labels: Vec<String>,
    left: f64,
}

impl ValueAxis {
    fn of(chart: &Chart) -> ValueAxis {
        let ticks = Ticks::new(
            chart
                .series
                .iter()
                .flat_map(|s| s.points.iter().flatten().map(|p| p.value)),
        );
        let labels: Vec<String> = ticks.values().map(|v| ticks.label(v)).collect();
        let left = 24.0
            + FONT_SIZE * 1.6
            + labels
                .iter()
                .map(|l| text_width(l, FONT_SIZE))
                .fold(0.0, f64::max);
        ValueAxis {
            ticks,
            labels,
            left,
        }
    }
}

/// What trend and bar charts open with alike: the `<svg>` element with its
/// title and white ground, the title, and the value axis (grid lines, tick
/// labels, axis title) in its group. `y_of` places a value on the plot.
fn open_with_axis(
    chart: &Chart,
    axis: &ValueAxis,
    width: f64,
    height: f64,
    plot_width: f64,
    y_of: &dyn Fn(f64) -> f64,
) -> String {
    let mut out = String::new();
    let (ticks, left, tick_labels) = (&axis.ticks, axis.left, &axis.labels);
    let title = escape(&chart.title);
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif" font-size="{FONT_SIZE}">"#
    );
    let _ = writeln!(out, "<title>{title}</title>");
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        out,
        r#"<text class="title" x="{:.1}" y="28" text-anchor="middle" font-size="16" font-weight="bold">{title}</text>"#,
        width / 2.0
    );

    // Y axis: grid lines and tick labels, then the axis title.
    let _ = writeln!(out, r#"<g class="y-axis">"#);
    for (value, label) in ticks.values().zip(tick_labels) {
        let y = y_of(value);
        let stroke = if value == 0.0 { "#888" } else { "#e5e5e5" };
        let _ = writeln!(
            out,
            r#"<line x1="{left:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{stroke}"/>"#,
            left + plot_width
        );
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 6.0,
            y + FONT_SIZE * 0.35,
            escape(label)
        );
    }
    let axis_title = format!("金额（{}）", chart.unit);
    let _ = writeln!(
        out,
        r#"<text class="axis-title" transform="translate({:.1},{:.1}) rotate(-90)" text-anchor="middle">{}</text>"#,
        16.0 + FONT_SIZE / 2.0,
        TOP + PLOT_HEIGHT / 2.0,
        escape(&axis_title)
    );
    let _ = writeln!(out, "</g>");
    out
}

/// Round y-axis ticks (1, 2 or 5 × 10ⁿ apart) spanning zero and every value.
struct Ticks {
    min: f64,
    max: f64,
    step: f64,
}

impl Ticks {
    fn new(values: impl Iterator<Item = f64>) -> Ticks {
        let (mut low, mut high) = (0.0f64, 0.0f64);
        for v in values.filter(|v| v.is_finite()) {
            low = low.min(v);
            high = high.max(v);
        }
        if high - low <= f64::EPSILON {
            high = low + 1.0;
        }
        let raw = (high - low) / 5.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * magnitude);
        Ticks {
            min: (low / step).floor() * step,
            max: (high / step).ceil() * step,
            step,
        }
    }

    fn values(&self) -> impl Iterator<Item = f64> + '_ {
        let count = ((self.max - self.min) / self.step).round() as usize;
        (0..=count).map(move |i| self.min + i as f64 * self.step)
    }

    fn label(&self, value: f64) -> String {
        let decimals = if self.step >= 1.0 {
            0
        } else {
            (-self.step.log10()).ceil() as usize
        };
        let text = format!("{value:.decimals$}");
        // "-0" is zero.
        if text
            .trim_start_matches('-')
            .chars()
            .all(|c| c == '0' || c == '.')
        {
            text.trim_start_matches('-').to_string()
        } else {
            text
        }
    }
}

/// Approximate width of `text` in pixels: CJK characters are square, Latin
/// letters and digits about 0.6 em.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum::<f64>()
        * size
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_span_zero() {
        let t = Ticks::new([12.3, 87.0].into_iter());
        assert_eq!((t.min, t.max, t.step), (0.0, 100.0, 20.0));
        let t = Ticks::new([-3.0, 4.2].into_iter());
        assert_eq!((t.min, t.max, t.step), (-4.0, 6.0, 2.0));
        let t = Ticks::new(std::iter::empty());
        assert_eq!((t.min, t.max), (0.0, 1.0));
        assert_eq!(t.label(0.2), "0.2");
        let t = Ticks::new([0.03].into_iter());
        assert_eq!(t.label(0.01), "0.01");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}

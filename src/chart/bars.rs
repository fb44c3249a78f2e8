//! Grouped bar charts as SVG: one group of bars per x label (a line, or a
//! unit-year), one bar per series (预算数 beside 决算数), a legend. The same
//! axis and text rules as the trend charts of the parent module; the exact
//! figure of each bar travels in its `<title>`.

use super::{
    escape, open_with_axis, text_width, Chart, ValueAxis, FONT_SIZE, PALETTE, PLOT_HEIGHT, TOP,
};
use std::fmt::Write;

const PER_BAR: f64 = 18.0;
const GROUP_GAP: f64 = 24.0;
const MIN_PLOT_WIDTH: f64 = 480.0;

/// Render `chart` as grouped bars: `chart.x` are the groups, each series
/// one bar in every group (`None` leaves its slot empty).
pub fn svg(chart: &Chart) -> String {
    let axis = ValueAxis::of(chart);
    let (ticks, left) = (&axis.ticks, axis.left);
    let bars = chart.series.len().max(1) as f64;
    let group_width = (PER_BAR * bars + GROUP_GAP).max(
        chart
            .x
            .iter()
            .map(|l| text_width(l, FONT_SIZE) * 0.75)
            .fold(0.0, f64::max)
            .min(160.0),
    );
    let plot_width = MIN_PLOT_WIDTH.max(group_width * chart.x.len() as f64);
    let group_width = plot_width / chart.x.len().max(1) as f64;
    let legend_x = left + plot_width + 32.0;
    let legend_width = 40.0
        + chart
            .series
            .iter()
            .map(|s| text_width(&s.name, FONT_SIZE))
            .fold(0.0, f64::max);
    // Group labels are set at an angle: they are names, not years.
    let label_depth = chart
        .x
        .iter()
        .map(|l| text_width(l, FONT_SIZE) * 0.7)
        .fold(0.0, f64::max)
        .min(220.0)
        + 24.0;
    let title_width = text_width(&chart.title, 16.0) + 40.0;
    let width = (legend_x + legend_width + 16.0).max(title_width).ceil();
    let bottom = TOP + PLOT_HEIGHT;
    let height = (bottom + label_depth + 16.0).ceil();
    let y_of = |v: f64| bottom - (v - ticks.min) / (ticks.max - ticks.min) * PLOT_HEIGHT;

    let mut out = open_with_axis(chart, &axis, width, height, plot_width, &y_of);
    let zero = y_of(0.0_f64.clamp(ticks.min, ticks.max));
    let bar_width = ((group_width - GROUP_GAP) / bars).clamp(4.0, 40.0);
    for (index, series) in chart.series.iter().enumerate() {
        let colour = PALETTE[index % PALETTE.len()];
        let name = escape(&series.name);
        let _ = writeln!(out, r#"<g class="series" data-name="{name}">"#);
        for (i, point) in series.points.iter().enumerate() {
            let Some(p) = point else { continue };
            let group_left = left + group_width * i as f64 + (group_width - bar_width * bars) / 2.0;
            let x = group_left + bar_width * index as f64;
            let y = y_of(p.value);
            let (top, height) = if y < zero {
                (y, zero - y)
            } else {
                (zero, y - zero)
            };
            let _ = writeln!(
                out,
                r#"<rect x="{x:.1}" y="{top:.1}" width="{:.1}" height="{height:.1}" fill="{colour}"><title>{name} {}：{} {}</title></rect>"#,
                bar_width - 1.0,
                escape(chart.x.get(i).map_or("", String::as_str)),
                escape(&p.label),
                escape(&chart.unit)
            );
        }
        let _ = writeln!(out, "</g>");
    }
    let _ = writeln!(out, r#"<g class="x-axis">"#);
    let _ = writeln!(
        out,
        r##"<line x1="{left:.1}" y1="{bottom:.1}" x2="{:.1}" y2="{bottom:.1}" stroke="#333"/>"##,
        left + plot_width
    );
    for (i, label) in chart.x.iter().enumerate() {
        let x = left + group_width * (i as f64 + 0.5);
        let y = bottom + 16.0;
        let _ = writeln!(
            out,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="end" transform="rotate(-35 {x:.1} {y:.1})">{}</text>"#,
            escape(label)
        );
    }
    let _ = writeln!(out, "</g>");
    let _ = writeln!(out, r#"<g class="legend">"#);
    for (index, series) in chart.series.iter().enumerate() {
        let colour = PALETTE[index % PALETTE.len()];
        let y = TOP + 12.0 + 24.0 * index as f64;
        let _ = writeln!(
            out,
            r#"<rect x="{legend_x:.1}" y="{:.1}" width="24" height="12" fill="{colour}"/>"#,
            y - 6.0
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

#[cfg(test)]
mod tests {
    use super::super::{Point, Series};
    use super::*;

    #[test]
    fn each_known_figure_is_a_bar_with_its_exact_label() {
        let point = |v: f64, l: &str| {
            Some(Point {
                value: v,
                label: l.into(),
            })
        };
        let chart = Chart {
            title: "预算 vs 决算".into(),
            unit: "万元".into(),
            x: vec!["一般公共服务支出".into(), "住房保障支出".into()],
            series: vec![
                Series {
                    name: "预算数".into(),
                    points: vec![point(100.0, "100.00"), point(-5.0, "-5.00")],
                },
                Series {
                    name: "决算数".into(),
                    points: vec![point(90.0, "90.00"), None],
                },
            ],
        };
        let svg = svg(&chart);
        assert_eq!(
            svg.matches("<rect x=").count(),
            3 + 2,
            "3 bars, 2 legend keys"
        );
        assert!(svg.contains("预算数 一般公共服务支出：100.00 万元"));
        assert!(svg.contains("预算数 住房保障支出：-5.00 万元"));
    }
}

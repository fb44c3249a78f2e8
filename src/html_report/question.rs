//! One question the CLI answers (its command line and its [`Report`]) → an
//! HTML block: heading, caption, the command that gives the same answer,
//! the chart, the table and the notes.
//!
//! Every number cell carries the CLI's CSV text of its figure in `data-v`
//! (exact, no separators) and shows the terminal's text (rounded, grouped);
//! scripts sort by `data-v`, and the tests compare it with the CSV.

use super::escape;
use crate::amount::AmountUnit;
use crate::render::{self, Field, Report};

/// A question, asked as the CLI asks it, and its answer.
#[derive(Debug, Clone)]
pub struct Question {
    /// Heading above the answer.
    pub title: String,
    /// The `yusuan` arguments that print the same table (without
    /// `--format` and `--money`).
    pub cli: Vec<String>,
    pub report: Report,
    /// An inline SVG chart of the same figures.
    pub chart: Option<String>,
    pub notes: Vec<String>,
    /// The table shows only some of the CLI's rows (`data-rows="some"`):
    /// the biggest movers, picked from a larger answer.
    pub subset: bool,
    /// For a subset picked from several answers: per section, the command
    /// its rows were picked from.
    pub row_sources: Vec<Vec<String>>,
}

impl Question {
    pub fn new(title: &str, cli: Vec<String>, report: Report) -> Question {
        Question {
            title: title.to_string(),
            cli,
            report,
            chart: None,
            notes: Vec::new(),
            subset: false,
            row_sources: Vec::new(),
        }
    }

    /// The command line as a reader would type it.
    pub fn command(&self) -> String {
        let mut line = String::from("yusuan");
        for arg in &self.cli {
            line.push(' ');
            if arg.is_empty()
                || arg
                    .chars()
                    .any(|c| c.is_whitespace() || "'\"\\$`".contains(c))
            {
                line.push('\'');
                line.push_str(&arg.replace('\'', r"'\''"));
                line.push('\'');
            } else {
                line.push_str(arg);
            }
        }
        line
    }

    /// Append the block to `out`.
    pub fn write_html(&self, out: &mut String, money: AmountUnit) {
        out.push_str("<section class=\"q\"><h3>");
        escape::push(out, &self.title);
        out.push_str("</h3>\n");
        if let Some(caption) = render::caption(&self.report, money) {
            out.push_str("<p class=\"cap\">");
            escape::push(out, &caption);
            out.push_str("</p>\n");
        }
        out.push_str(
            "<p class=\"cli\">同一问题的命令 (the same question on the command line): <code>",
        );
        escape::push(out, &self.command());
        out.push_str("</code></p>\n");
        if let Some(svg) = &self.chart {
            out.push_str("<figure class=\"chart\">");
            out.push_str(svg);
            out.push_str("</figure>\n");
        }
        self.write_table(out, money);
        if !self.notes.is_empty() {
            out.push_str("<ul class=\"notes\">");
            for note in &self.notes {
                out.push_str("<li>注意 (note): ");
                escape::push(out, note);
                out.push_str("</li>");
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }

    fn write_table(&self, out: &mut String, money: AmountUnit) {
        let report = &self.report;
        let rows: usize = report.sections.iter().map(|s| s.rows.len()).sum();
        if rows == 0 {
            out.push_str("<p class=\"empty\">没有符合条件的数据 (nothing matches)</p>\n");
            return;
        }
        // One section (one unit): its keys are the page's heading already;
        // several: each row carries its section's keys, as the CSV does.
        let with_keys = report.sections.len() > 1;
        let numeric: Vec<bool> = (0..report.headers.len())
            .map(|i| {
                report
                    .sections
                    .iter()
                    .flat_map(|s| &s.rows)
                    .all(|r| r.get(i).is_none_or(Field::is_numeric))
            })
            .collect();
        out.push_str("<div class=\"scroll\"><table class=\"data\" data-cli=\"");
        // JSON: arguments may hold spaces; the tests run them as they are.
        let args = serde_json::to_string(&self.cli).unwrap_or_default();
        escape::push(out, &args);
        out.push_str("\" data-rows=\"");
        out.push_str(if self.subset { "some" } else { "all" });
        out.push_str("\"><thead><tr>");
        if with_keys {
            for key in &report.key_headers {
                out.push_str("<th class=\"k\">");
                escape::push(out, key);
                out.push_str("</th>");
            }
        }
        for (header, numeric) in report.headers.iter().zip(&numeric) {
            out.push_str(if *numeric { "<th class=\"n\">" } else { "<th>" });
            escape::push(out, header);
            out.push_str("</th>");
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (i, section) in report.sections.iter().enumerate() {
            if !with_keys && !section.title.is_empty() {
                // The unit's own name as this table knows it.
                let span = report.headers.len().max(1);
                out.push_str(&format!("<tr class=\"sec\"><th colspan=\"{span}\">"));
                escape::push(out, &section.title);
                out.push_str("</th></tr>\n");
            }
            for row in &section.rows {
                match self.row_sources.get(i) {
                    Some(cli) => {
                        out.push_str("<tr data-cli=\"");
                        escape::push(out, &serde_json::to_string(cli).unwrap_or_default());
                        out.push_str("\">");
                    }
                    None => out.push_str("<tr>"),
                }
                if with_keys {
                    for key in &section.keys {
                        write_cell(out, key, money, true);
                    }
                }
                for field in row {
                    write_cell(out, field, money, false);
                }
                out.push_str("</tr>\n");
            }
        }
        out.push_str("</tbody></table></div>\n");
    }
}

fn write_cell(out: &mut String, field: &Field, money: AmountUnit, key: bool) {
    let class = if key { " class=\"k\"" } else { "" };
    match field {
        Field::Text(text) => {
            out.push_str("<td");
            out.push_str(class);
            out.push('>');
            escape::push(out, text);
        }
        other => {
            out.push_str(if key {
                "<td class=\"k n\" data-v=\""
            } else {
                "<td class=\"n\" data-v=\""
            });
            escape::push(out, &other.for_programs(money));
            out.push_str("\">");
            escape::push(out, &other.for_people(money));
        }
    }
    out.push_str("</td>");
}

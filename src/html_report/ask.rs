//! The canned questions the page asks, each exactly as its CLI command asks
//! it (same queries, same report builders), with the command line that
//! prints the same table.

use super::question::Question;
use crate::amount::AmountUnit;
use crate::audit::Severity;
use crate::chart;
use crate::check;
use crate::queries;
use crate::render::Report;
use crate::report::yoy::{self, By};
use crate::report::{assets, procurement, sangong, ReportError};
use std::collections::BTreeMap;
use std::path::Path;

/// The selection parameters of the queries (`unit`, `from`, `to`, `stage`,
/// `scope`), and the chart settings every question shares.
pub struct Ask<'a> {
    pub db: &'a Path,
    pub params: BTreeMap<String, String>,
    pub money: AmountUnit,
    pub top: usize,
}

impl Ask<'_> {
    /// `--unit … --from … --to … --stage … --scope …` as given.
    fn selection_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        for key in ["unit", "from", "to", "stage", "scope"] {
            if let Some(value) = self.params.get(key).filter(|v| !v.is_empty()) {
                args.push(format!("--{key}"));
                args.push(value.clone());
            }
        }
        args
    }

    fn unit(&self) -> Option<&str> {
        self.params
            .get("unit")
            .map(String::as_str)
            .filter(|u| !u.is_empty())
    }

    /// `yusuan yoy --by BY [--column COLUMN] [--sum]`, with its chart when it
    /// has one section.
    pub fn yoy(
        &self,
        title: &str,
        by: By,
        column: Option<&str>,
        sum: bool,
        with_chart: bool,
    ) -> Result<Question, ReportError> {
        let choice = yoy::choose(Some(by), column, None)?;
        let mut params = self.params.clone();
        params.extend(choice.params().map(|(k, v)| (k.to_string(), v)));
        let table = yoy::stream(self.db, &params, choice.by, sum)?;
        let caption = choice.caption();
        let chart = if with_chart && table.sections.len() == 1 {
            Some(inline_svg(&chart::svg(
                &table.chart(self.top, self.money, &caption)?,
            )))
        } else {
            None
        };
        let mut cli = vec!["yoy".to_string()];
        cli.extend(self.selection_args());
        cli.extend(["--by".to_string(), by.key().to_string()]);
        if let Some(column) = column {
            cli.extend(["--column".to_string(), column.to_string()]);
        }
        if sum {
            cli.push("--sum".to_string());
        }
        let notes = table.notes();
        let mut question = Question::new(title, cli, table.into_report(caption));
        question.chart = chart;
        question.notes = notes;
        Ok(question)
    }

    /// `yusuan sangong`, with the chart of its parts (one unit) or totals.
    pub fn sangong(&self, title: &str) -> Result<Question, ReportError> {
        let data = queries::run_read_only(self.db, "sangong", &self.params)?;
        let table = sangong::build(&data)?;
        let mut question = Question::new(title, self.cli("sangong"), table.report());
        if !table.units.is_empty() {
            question.chart = Some(inline_svg(&chart::svg(&table.chart(self.top, self.money))));
        }
        question.notes = table.notes();
        Ok(question)
    }

    /// `yusuan assets`.
    pub fn assets(&self, title: &str) -> Result<Question, ReportError> {
        let data = queries::run_read_only(self.db, "assets", &self.params)?;
        let table = assets::build(&data)?;
        let mut question = Question::new(title, self.cli("assets"), table.report());
        question.notes = table.notes();
        Ok(question)
    }

    /// `yusuan procurement` (per unit and year, its default).
    pub fn procurement(&self, title: &str) -> Result<Question, ReportError> {
        let data = queries::run_read_only(self.db, "procurement", &self.params)?;
        let table = procurement::build(&data)?;
        Ok(Question::new(
            title,
            self.cli("procurement"),
            table.report(procurement::By::Unit),
        ))
    }

    /// `yusuan check [--severity …]`: the findings with every column (the
    /// figures compared and where each was printed), as its CSV has them.
    /// `check` selects by unit only, so the whole stored range is shown.
    pub fn findings(
        &self,
        title: &str,
        severity: Option<Severity>,
    ) -> Result<Question, ReportError> {
        let conn = queries::open_read_only(self.db)?;
        let data = check::findings(&conn, self.unit(), None, severity, check::Detail::All)?;
        let mut cli = vec!["check".to_string()];
        cli.extend(self.unit_args());
        if let Some(severity) = severity {
            cli.extend(["--severity".to_string(), severity.key().to_string()]);
        }
        Ok(Question::new(title, cli, Report::from(data)))
    }

    /// `yusuan check --matrix`.
    pub fn matrix(&self, title: &str) -> Result<Question, ReportError> {
        let conn = queries::open_read_only(self.db)?;
        let data = check::matrix(&conn, self.unit())?;
        let mut cli = vec!["check".to_string(), "--matrix".to_string()];
        cli.extend(self.unit_args());
        Ok(Question::new(title, cli, Report::from(data)))
    }

    fn cli(&self, command: &str) -> Vec<String> {
        let mut cli = vec![command.to_string()];
        cli.extend(self.selection_args());
        cli
    }

    fn unit_args(&self) -> Vec<String> {
        self.unit()
            .map(|u| vec!["--unit".to_string(), u.to_string()])
            .unwrap_or_default()
    }
}

/// A standalone SVG document as an element inside HTML: without its XML
/// declaration.
fn inline_svg(svg: &str) -> String {
    match svg.strip_prefix("<?xml") {
        Some(rest) => rest
            .split_once('\n')
            .map_or(String::new(), |(_, body)| body.to_string()),
        None => svg.to_string(),
    }
}

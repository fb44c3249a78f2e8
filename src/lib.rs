//! yusuan (预算): import Chinese government budget disclosures into SQLite and
//! ask them questions.
//!
//! Data flows one way: [`read`] (bytes → paragraphs and tables of cells) →
//! [`recognise`] (cells → typed standard tables, [`model`]) → [`audit`]
//! (do the figures add up) → [`store`] (SQLite) → [`queries`] (canned SQL)
//! → [`report`] (years into columns, changes, totals) → [`render`] (table,
//! CSV, JSON, Markdown) and [`chart`] (SVG). [`import`] runs the first four
//! steps over files. The command line is not part of the library: it lives
//! in the binary's `src/cmd/`, one file per subcommand.

/// Ad-hoc SQL (`yusuan sql`) on a connection that refuses every write.
pub mod adhoc;
/// Amounts: published cells → integer 分, and back.
pub mod amount;
/// Audit rules: where a disclosure's figures do not add up.
pub mod audit;
/// SVG trend charts.
pub mod chart;
/// Stored findings and the completeness matrix (`yusuan check`).
pub mod check;
/// The bundled demo corpus (`yusuan demo`).
pub mod demo;
/// The selected units → one self-contained HTML page (`yusuan report`).
pub mod html_report;
/// Files → stored disclosures, with a report per file.
pub mod import;
/// How far an import reads ahead of its writer.
mod in_flight;
/// A path → the bytes of a regular file within its format's size limit.
pub mod input;
/// A disclosure published as two files (情况说明 and tables) → one.
pub mod join;
/// A 决算 table's column header → what it measures (budget or actual).
pub mod measure;
/// The typed disclosure: standard tables, lines, narrative.
pub mod model;
mod parallel;
/// Canned queries (queries/*.sql) and running them read-only.
pub mod queries;
/// Bytes of any supported format → paragraphs and tables of cells.
pub mod read;
/// Cells → typed standard tables and the narrative.
pub mod recognise;
/// Reports → table, CSV, JSON or Markdown.
pub mod render;
/// Query rows → reports: yoy, 三公, assets, procurement, projects, show.
pub mod report;
/// The SQLite schema, and writing disclosures into it.
pub mod store;
/// Text normalisations (whitespace, ordinals, quotes) below recognition,
/// amounts and the audit.
pub mod text;
/// yoy_packs: the one definition of its columns.
pub mod yoy_packs;

//! yusuan (预算): import Chinese government budget disclosures into SQLite and
//! ask them questions.
//!
//! Data flows one way: [`read`] (bytes → cells) → [`recognise`] (cells →
//! typed tables) → [`store`] → query → render.

pub mod adhoc;
pub mod amount;
pub mod analyst;
pub mod audit;
pub mod chart;
pub mod check;
pub mod cli;
pub mod demo;
pub mod fixture;
pub mod import;
pub mod model;
pub mod parallel;
pub mod queries;
pub mod read;
pub mod recognise;
pub mod render;
pub mod report;
pub mod show;
pub mod store;
pub mod text;

//! What the audit produces and the store writes: a finding about the
//! published figures, with its severity and evidence. Part of the model so
//! that a disclosure can carry its findings without the model knowing the
//! audit's rules.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    /// Off by no more than [`crate::audit::TOLERANCE_FEN_PER_FIGURE`] per summed figure.
    Rounding,
    Info,
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Rounding => "rounding",
            Severity::Info => "info",
        }
    }

    pub fn from_key(key: &str) -> Option<Severity> {
        [
            Severity::Error,
            Severity::Warning,
            Severity::Rounding,
            Severity::Info,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// One thing that does not add up (or is missing), with its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable rule id, e.g. `hierarchy.parent`, `identity.basic`, `balance.totals`.
    pub rule: &'static str,
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// The table the published figure is in (`tables.kind`).
    pub table: Option<&'static str>,
    /// The row: 序号 as published.
    pub seq: Option<String>,
    pub code: Option<String>,
    /// The column (`layout_columns.key`).
    pub column: Option<String>,
    pub published_fen: Option<i64>,
    pub expected_fen: Option<i64>,
    /// The figures compared, with where each comes from.
    pub evidence: String,
}

impl Finding {
    /// A finding about something absent or stated, not about one cell:
    /// every place field is empty; set the ones that apply with struct update.
    pub(crate) fn notice(
        rule: &'static str,
        severity: Severity,
        message: String,
        table: Option<&'static str>,
        evidence: String,
    ) -> Finding {
        Finding {
            rule,
            severity,
            message,
            table,
            seq: None,
            code: None,
            column: None,
            published_fen: None,
            expected_fen: None,
            evidence,
        }
    }

    pub fn difference_fen(&self) -> Option<i64> {
        Some(self.published_fen.unwrap_or(0) - self.expected_fen?)
    }
}

-- Audit findings: where the published figures do not add up. Computed for
-- every disclosure at import (yusuan check shows them). Nothing is
-- corrected; a finding cites the figures it compared.
CREATE TABLE findings (
    id            INTEGER PRIMARY KEY,
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    rule          TEXT NOT NULL,         -- e.g. hierarchy.parent, identity.basic, balance.sides, cross_table.class
    severity      TEXT NOT NULL CHECK (severity = 'error' OR severity = 'warning'
                                       OR severity = 'rounding' OR severity = 'info'),
                                         -- rounding: off by at most 0.01 万元 per summed figure
    message       TEXT NOT NULL,         -- what is wrong, in plain words
    table_kind    TEXT,                  -- the table of the published figure (tables.kind)
    seq           TEXT,                  -- its row: 序号 as published
    code          TEXT,                  -- its 科目编码, when it has one
    column_key    TEXT,                  -- its column (layout_columns.key)
    published_fen INTEGER,               -- the figure as published, in 分 (blank counts as 0)
    expected_fen  INTEGER,               -- what the compared figures add up to, in 分
    evidence      TEXT NOT NULL          -- the figures compared, each with its table, row and column
);
CREATE INDEX findings_disclosure ON findings(disclosure_id);

-- yusuan schema, version 1: every figure of the nine standard tables.
-- (CHECKs are written with OR, not IN: SQLite builds a temporary b-tree for
-- every IN (...) check on every insert, which made imports 2x slower.)
-- Amounts are exact integers in 分 (0.01 元). Blank, "-" and 0 are different
-- published facts: a blank cell has no row in `amounts`; a "-" has a row
-- with fen NULL; 0 has fen 0. The `figures` view lists every cell, blanks
-- included, with state 'blank' / 'dash' / 'value'.
-- Foreign keys are declared for readers but not enforced at import (the
-- importer is the only writer and deletes explicitly); `PRAGMA
-- foreign_key_check` verifies them.

-- A budget unit, identified across years by its code (names drift).
CREATE TABLE units (
    code TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;

-- One imported file.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    source_path TEXT NOT NULL,           -- path as given to `yusuan import`
    sha256      TEXT NOT NULL UNIQUE,    -- of the file's bytes
    byte_size   INTEGER NOT NULL,
    encoding    TEXT NOT NULL,           -- 'UTF-8', 'GB18030', …
    imported_at TEXT NOT NULL            -- UTC, ISO 8601
);

-- One unit's disclosure for one year: a section of a document.
CREATE TABLE disclosures (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    unit_code   TEXT NOT NULL REFERENCES units(code),
    unit_name   TEXT NOT NULL,           -- as this year's metadata row prints it
    year        INTEGER NOT NULL,        -- 预算年度
    stage       TEXT NOT NULL DEFAULT '预算',  -- 预算 (budget); 决算 later
    amount_unit TEXT NOT NULL CHECK (amount_unit = '万元' OR amount_unit = '元'),  -- as published
    heading     TEXT,                    -- section heading, e.g. 一、…收支预算
    source_line INTEGER NOT NULL,
    UNIQUE (unit_code, year, stage)
);
CREATE INDEX disclosures_document ON disclosures(document_id);

-- A column model: what each column of a table means (from its header rows
-- and 栏次 row). Tables printed with the same headers share one layout, so a
-- corpus of thousands of disclosures stores a handful of layouts.
CREATE TABLE layouts (
    id        INTEGER PRIMARY KEY,
    signature TEXT NOT NULL UNIQUE       -- the columns below, serialised, to find a layout again
);

CREATE TABLE layout_columns (
    layout_id INTEGER NOT NULL REFERENCES layouts(id),
    position  INTEGER NOT NULL,          -- 1-based, after the 序号 column
    lanci     TEXT,                      -- the 栏次 label printed for it
    header    TEXT NOT NULL,             -- header path as published, e.g. 本年收入/财政拨款收入
    key       TEXT NOT NULL,             -- canonical name: 合计, 基本支出, 人员经费, 一般公共预算, …
    role      TEXT NOT NULL CHECK (role = 'code' OR role = 'name' OR role = 'amount'),
    side      TEXT CHECK (side = 'income' OR side = 'expenditure'),
    PRIMARY KEY (layout_id, position)
) WITHOUT ROWID;

-- One standard table of a disclosure.
CREATE TABLE tables (
    id            INTEGER PRIMARY KEY,
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    kind          TEXT NOT NULL,         -- 收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表,
                                         -- 基本支出表, 政府性基金支出表, 国有资本经营支出表, 三公经费表
    title         TEXT NOT NULL,         -- as published
    classification TEXT NOT NULL         -- how its lines are classified: function (功能分类),
        CHECK (classification = 'function' OR classification = 'economic'   -- economic (经济分类),
            OR classification = 'summary' OR classification = 'sangong'),   -- summary lines, 三公 lines
    layout_id     INTEGER NOT NULL REFERENCES layouts(id),
    amount_unit   TEXT NOT NULL CHECK (amount_unit = '万元' OR amount_unit = '元'),
    is_empty      INTEGER NOT NULL,      -- 1: published as an empty table (空表)
    note          TEXT,                  -- the note after it, e.g. 注：…空表列示。
    source_line   INTEGER NOT NULL,
    UNIQUE (disclosure_id, kind)
);

-- Each table's columns.
CREATE VIEW table_columns AS
    SELECT t.id AS table_id, c.position, c.lanci, c.header, c.key, c.role, c.side
    FROM tables t JOIN layout_columns c ON c.layout_id = t.layout_id;

-- One data line: a row of a classified table, or one side of a summary row.
CREATE TABLE lines (
    id             INTEGER PRIMARY KEY,
    table_id       INTEGER NOT NULL REFERENCES tables(id),
    row_no         INTEGER NOT NULL,     -- 1-based among the table's data rows
    seq            TEXT NOT NULL,        -- 序号 as published
    side           TEXT CHECK (side = 'income' OR side = 'expenditure'),
    code           TEXT,                 -- 科目编码; NULL for 合计 and summary lines
    level          INTEGER,              -- 1 类, 2 款, 3 项
    name           TEXT NOT NULL,        -- as published
    item           TEXT,                 -- canonical name of uncoded lines (本年收入合计, 公务接待费, 合计)
    source_line    INTEGER NOT NULL
);
CREATE INDEX lines_table ON lines(table_id);

-- One published (non-blank) amount cell.
CREATE TABLE amounts (
    line_id  INTEGER NOT NULL REFERENCES lines(id),
    position INTEGER NOT NULL,           -- column, see table_columns.position
    fen      INTEGER,                    -- exact amount in 分; NULL when the cell is "-"
    raw      TEXT NOT NULL,              -- the cell as published
    PRIMARY KEY (line_id, position)
) WITHOUT ROWID;

-- The names a unit was published under, per year.
CREATE VIEW unit_names AS
    SELECT unit_code, year, unit_name AS name FROM disclosures;

-- Every figure with everything needed to cite it: the view to start ad-hoc SQL from.
CREATE VIEW figures AS
SELECT d.unit_code,
       d.unit_name,
       d.year,
       d.stage,
       t.kind           AS table_kind,
       t.title          AS table_title,
       t.amount_unit    AS published_unit,
       t.classification,
       l.side,
       l.code,
       l.level,
       l.name,
       l.item,
       l.seq,
       l.row_no,
       c.key            AS column_key,
       c.header         AS column_header,
       c.lanci,
       c.position,
       a.fen,
       CASE WHEN a.line_id IS NULL THEN 'blank'
            WHEN a.fen IS NULL THEN 'dash'
            ELSE 'value' END AS state,
       coalesce(a.raw, '') AS raw,
       doc.source_path,
       l.source_line
FROM lines l
JOIN tables t         ON t.id = l.table_id
JOIN layout_columns c ON c.layout_id = t.layout_id AND c.role = 'amount' AND c.side IS l.side
LEFT JOIN amounts a   ON a.line_id = l.id AND a.position = c.position
JOIN disclosures d    ON d.id = t.disclosure_id
JOIN documents doc    ON doc.id = d.document_id;

-- yusuan schema, version 1: every figure of the nine standard tables.
-- (CHECKs are written with OR, not IN: SQLite builds a temporary b-tree for
-- every IN (...) check on every insert, which made imports 2x slower.)
-- Amounts are exact integers in 分 (0.01 元). A blank cell has fen NULL and
-- state 'blank'; a published "-" has fen NULL and state 'dash'; 0 is fen 0.

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
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
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

-- One standard table of a disclosure.
CREATE TABLE tables (
    id            INTEGER PRIMARY KEY,
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,         -- 收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表,
                                         -- 基本支出表, 政府性基金支出表, 国有资本经营支出表, 三公经费表
    title         TEXT NOT NULL,         -- as published
    amount_unit   TEXT NOT NULL CHECK (amount_unit = '万元' OR amount_unit = '元'),
    is_empty      INTEGER NOT NULL,      -- 1: published as an empty table (空表)
    note          TEXT,                  -- the note after it, e.g. 注：…空表列示。
    source_line   INTEGER NOT NULL,
    UNIQUE (disclosure_id, kind)
);

-- What each column of a table means (from its header rows and 栏次 row).
CREATE TABLE table_columns (
    table_id  INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,          -- 1-based, after the 序号 column
    lanci     TEXT,                      -- the 栏次 label printed for it
    header    TEXT NOT NULL,             -- header path as published, e.g. 本年收入/财政拨款收入
    key       TEXT NOT NULL,             -- canonical name: 合计, 基本支出, 人员经费, 一般公共预算, …
    role      TEXT NOT NULL CHECK (role = 'code' OR role = 'name' OR role = 'amount'),
    side      TEXT CHECK (side = 'income' OR side = 'expenditure'),
    PRIMARY KEY (table_id, position)
) WITHOUT ROWID;

-- One data line: a row of a classified table, or one side of a summary row.
CREATE TABLE lines (
    id             INTEGER PRIMARY KEY,
    table_id       INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
    row_no         INTEGER NOT NULL,     -- 1-based among the table's data rows
    seq            TEXT NOT NULL,        -- 序号 as published
    side           TEXT CHECK (side = 'income' OR side = 'expenditure'),
    classification TEXT NOT NULL CHECK (classification = 'function' OR classification = 'economic' OR classification = 'summary' OR classification = 'sangong'),
    code           TEXT,                 -- 科目编码; NULL for 合计 and summary lines
    level          INTEGER,              -- 1 类, 2 款, 3 项
    name           TEXT NOT NULL,        -- as published
    item           TEXT,                 -- canonical name of uncoded lines (本年收入合计, 公务接待费, 合计)
    source_line    INTEGER NOT NULL
);
CREATE INDEX lines_table ON lines(table_id);
CREATE INDEX lines_code ON lines(code) WHERE code IS NOT NULL;

-- One amount cell.
CREATE TABLE amounts (
    line_id  INTEGER NOT NULL REFERENCES lines(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,           -- column, see table_columns.position
    fen      INTEGER,                    -- exact amount in 分; NULL when blank or '-'
    state    TEXT NOT NULL CHECK (state = 'value' OR state = 'blank' OR state = 'dash'),
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
       l.classification,
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
       a.position,
       a.fen,
       a.state,
       a.raw,
       doc.source_path,
       l.source_line
FROM amounts a
JOIN lines l          ON l.id = a.line_id
JOIN tables t         ON t.id = l.table_id
JOIN table_columns c  ON c.table_id = t.id AND c.position = a.position
JOIN disclosures d    ON d.id = t.disclosure_id
JOIN documents doc    ON doc.id = d.document_id;

-- yusuan schema, version 6: disclosures in the national template.
-- A 部门 document (the department with its units, consolidated) and a 单位
-- document (the office alone) exist for the same office, year and stage:
-- `scope` tells them apart and joins the unit-year-stage key. '' where the
-- document does not say (the Hebei text export's unit sections).
-- SQLite cannot change a UNIQUE constraint in place: the table is rebuilt,
-- with legacy renaming so that the views naming `disclosures` keep doing so.
-- yusuan's connections run with foreign_keys OFF (store::configure), which
-- a rebuild needs: the other tables' rows keep pointing at the same ids.
PRAGMA legacy_alter_table = ON;

CREATE TABLE disclosures_v6 (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    unit_code   TEXT NOT NULL REFERENCES units(code),
    unit_name   TEXT NOT NULL,           -- as this year's document prints it
    year        INTEGER NOT NULL,        -- 预算年度 / 决算年度
    stage       TEXT NOT NULL DEFAULT '预算' CHECK (stage = '预算' OR stage = '决算'),
    scope       TEXT NOT NULL DEFAULT '' CHECK (scope = '部门' OR scope = '单位' OR scope = ''),
    amount_unit TEXT NOT NULL CHECK (amount_unit = '万元' OR amount_unit = '元'),  -- as published
    heading     TEXT,                    -- section heading, e.g. 一、…收支预算
    source_line INTEGER NOT NULL,
    UNIQUE (unit_code, year, stage, scope)
);
INSERT INTO disclosures_v6 (id, document_id, unit_code, unit_name, year, stage, scope, amount_unit, heading, source_line)
    SELECT id, document_id, unit_code, unit_name, year, stage, '', amount_unit, heading, source_line
    FROM disclosures;
DROP TABLE disclosures;
ALTER TABLE disclosures_v6 RENAME TO disclosures;
CREATE INDEX disclosures_document ON disclosures(document_id);

PRAGMA legacy_alter_table = OFF;

-- Tables of a disclosure that are none of the standard kinds (机关运行经费,
-- 政府采购, 会议费/培训费, 项目支出, a province's own): kept cell by cell so that
-- nothing published is dropped; `yusuan sql` reaches them.
CREATE TABLE other_tables (
    id            INTEGER PRIMARY KEY,
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    title         TEXT NOT NULL,         -- as published
    amount_unit   TEXT CHECK (amount_unit = '万元' OR amount_unit = '元'),  -- where one was printed near it
    header_rows   INTEGER NOT NULL,      -- rows before the first figure
    source_line   INTEGER NOT NULL
);
CREATE INDEX other_tables_disclosure ON other_tables(disclosure_id);

-- One printed cell of an other table: a merged cell once, at its first column.
CREATE TABLE other_cells (
    table_id  INTEGER NOT NULL REFERENCES other_tables(id),
    row_no    INTEGER NOT NULL,          -- 1-based, header rows included
    column_no INTEGER NOT NULL,          -- 1-based grid column
    span      INTEGER NOT NULL,          -- grid columns it covers
    header    TEXT NOT NULL,             -- the column's header path ('' in header rows)
    text      TEXT NOT NULL,             -- as published
    PRIMARY KEY (table_id, row_no, column_no)
) WITHOUT ROWID;

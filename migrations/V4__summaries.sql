-- Compact copies of the figures `yoy` and `sangong` read, written at import
-- beside the lines and amounts they repeat. `lines`/`amounts` stay the
-- record of what was published; these two tables are derived from them so
-- that a question over every unit-year reads a few contiguous pages instead
-- of rows spread through the whole file (10,000 unit-years: seconds → tens
-- of milliseconds). Nothing but the importer writes them.

-- One row per line of the 支出总表 (by = function), the 基本支出表 (economic)
-- and the 收支总表 (summary), with the amounts of the columns analysts
-- compare. Keyed by disclosure so that an import appends whatever order the
-- files come in; a question (by, level) reads one short range per
-- disclosure, walking disclosures in (unit_code, year) order by their
-- index. The table's 合计 row is repeated at each level so that a level
-- reads as one range.
CREATE TABLE yoy_lines (
    by            TEXT NOT NULL CHECK (by = 'function' OR by = 'economic' OR by = 'summary'),
    level         INTEGER NOT NULL,      -- 1 类, 2 款, 3 项 (the 合计 row at each); 0 for summary lines
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    row_no        INTEGER NOT NULL,      -- lines.row_no
    side          TEXT NOT NULL,         -- lines.side ('' where none: the 收支总表 has two sides per row)
    code          TEXT,                  -- lines.code (NULL for the 合计 row)
    name          TEXT NOT NULL,         -- lines.name as published
    item          TEXT,                  -- lines.item (合计; the summary's canonical line name)
    -- The line's amount in each column (by column key, see layout_columns.key), in 分; NULL where
    -- the table has no such column or the cell is blank or "-". The 收支总表's 预算数 is total_fen.
    total_fen        INTEGER,            -- 合计 / 预算数
    basic_fen        INTEGER,            -- 基本支出
    project_fen      INTEGER,            -- 项目支出
    operating_fen    INTEGER,            -- 经营支出
    remit_fen        INTEGER,            -- 上解上级支出
    subsidy_fen      INTEGER,            -- 对附属单位补助支出
    personnel_fen    INTEGER,            -- 人员经费
    public_fen       INTEGER,            -- 公用经费
    PRIMARY KEY (by, level, disclosure_id, row_no, side)
) WITHOUT ROWID;

-- The 财政拨款“三公”经费支出表 of a disclosure, 合计 column, by part (any wording; see
-- lines.item). Blank or "-" cells and missing lines count as 0; a disclosure without
-- the table has no row.
CREATE TABLE sangong_totals (
    disclosure_id         INTEGER PRIMARY KEY REFERENCES disclosures(id),
    total_fen             INTEGER NOT NULL,  -- “三公”经费小计 as published
    overseas_fen          INTEGER NOT NULL,  -- 因公出国（境）费
    vehicle_fen           INTEGER NOT NULL,  -- 公务用车购置及运行维护费
    vehicle_purchase_fen  INTEGER NOT NULL,  -- 其中：公务用车购置费
    vehicle_operation_fen INTEGER NOT NULL,  -- 公务用车运行维护费
    reception_fen         INTEGER NOT NULL   -- 公务接待费
);

-- Databases imported before these tables existed get them filled from what they hold.
INSERT INTO yoy_lines
SELECT t.classification, lv.level, t.disclosure_id, l.row_no, coalesce(l.side, ''), l.code, l.name, l.item,
       sum(CASE WHEN c.key = '合计' OR c.key = '预算数' THEN a.fen END),
       sum(CASE WHEN c.key = '基本支出' THEN a.fen END),
       sum(CASE WHEN c.key = '项目支出' THEN a.fen END),
       sum(CASE WHEN c.key = '经营支出' THEN a.fen END),
       sum(CASE WHEN c.key = '上解上级支出' THEN a.fen END),
       sum(CASE WHEN c.key = '对附属单位补助支出' THEN a.fen END),
       sum(CASE WHEN c.key = '人员经费' THEN a.fen END),
       sum(CASE WHEN c.key = '公用经费' THEN a.fen END)
FROM tables t
JOIN lines l ON l.table_id = t.id
-- The levels a line is listed at: its own, or every level of its table for the 合计 row.
JOIN (SELECT 0 AS level UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) lv
  ON CASE WHEN t.kind = '收支总表' THEN lv.level = 0
          WHEN l.code IS NULL THEN lv.level BETWEEN 1 AND (CASE t.kind WHEN '支出总表' THEN 3 ELSE 2 END)
          ELSE lv.level = l.level END
LEFT JOIN layout_columns c ON c.layout_id = t.layout_id AND c.role = 'amount' AND c.side IS l.side
LEFT JOIN amounts a ON a.line_id = l.id AND a.position = c.position
WHERE (t.kind = '支出总表' AND (l.level IS NOT NULL OR l.item = '合计'))
   OR (t.kind = '基本支出表' AND (l.level IS NOT NULL OR l.item = '合计'))
   OR (t.kind = '收支总表' AND l.item IS NOT NULL)
GROUP BY l.id, lv.level;

INSERT INTO sangong_totals
SELECT t.disclosure_id,
       coalesce(sum(CASE WHEN l.item = '小计' THEN a.fen END), 0),
       coalesce(sum(CASE WHEN l.item = '因公出国（境）费' THEN a.fen END), 0),
       coalesce(sum(CASE WHEN l.item = '公务用车购置及运行维护费' THEN a.fen END), 0),
       coalesce(sum(CASE WHEN l.item = '公务用车购置费' THEN a.fen END), 0),
       coalesce(sum(CASE WHEN l.item = '公务用车运行维护费' THEN a.fen END), 0),
       coalesce(sum(CASE WHEN l.item = '公务接待费' THEN a.fen END), 0)
FROM tables t
LEFT JOIN layout_columns c ON c.layout_id = t.layout_id AND c.role = 'amount' AND c.key = '合计'
LEFT JOIN lines l ON l.table_id = t.id
LEFT JOIN amounts a ON a.line_id = l.id AND a.position = c.position
WHERE t.kind = '三公经费表'
GROUP BY t.id;

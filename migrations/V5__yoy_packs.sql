-- yoy_lines (V4) held one row per line; `yoy` over every unit-year then
-- read ~230,000 rows (经济分类 款) through SQLite's per-row, per-column
-- interface, which alone took longer than the 100 ms an answer may take.
-- yoy_packs holds the same lines one row per table and level: each field
-- of the lines as a JSON array, in table order. A question
-- over 10,000 unit-years reads 10,000 rows; the arrays unpack in SQL with
-- json_each (see README, "The database") and in yusuan without a copy.
CREATE TABLE yoy_packs (
    by            TEXT NOT NULL CHECK (by = 'function' OR by = 'economic' OR by = 'summary'),
    level         INTEGER NOT NULL,      -- 1 类, 2 款, 3 项 (the 合计 row at each); 0 for summary lines
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    -- Parallel JSON arrays, one element per line in table order (row_no, then side): element i of
    -- each is line i. An array is NULL where every element would be null.
    row_nos       TEXT NOT NULL,         -- lines.row_no
    sides         TEXT,                  -- lines.side: income / expenditure (the 收支总表's two sides)
    codes         TEXT,                  -- lines.code; null for the 合计 row
    names         TEXT NOT NULL,         -- lines.name as published
    items         TEXT,                  -- lines.item: 合计; the summary's canonical line name
    -- The line's amount in each column (by column key, see layout_columns.key), in 分; null where
    -- the cell is blank or "-" or the table has no such column. The 收支总表's 预算数 is `total`.
    total         TEXT,                  -- 合计 / 预算数
    basic         TEXT,                  -- 基本支出
    project       TEXT,                  -- 项目支出
    operating     TEXT,                  -- 经营支出
    remit         TEXT,                  -- 上解上级支出
    subsidy       TEXT,                  -- 对附属单位补助支出
    personnel     TEXT,                  -- 人员经费
    public        TEXT,                  -- 公用经费
    PRIMARY KEY (by, level, disclosure_id)
) WITHOUT ROWID;

INSERT INTO yoy_packs
SELECT by, level, disclosure_id,
       json_group_array(row_no ORDER BY row_no, side),
       CASE WHEN count(nullif(side, '')) > 0 THEN json_group_array(nullif(side, '') ORDER BY row_no, side) END,
       CASE WHEN count(code) > 0 THEN json_group_array(code ORDER BY row_no, side) END,
       json_group_array(name ORDER BY row_no, side),
       CASE WHEN count(item) > 0 THEN json_group_array(item ORDER BY row_no, side) END,
       CASE WHEN count(total_fen) > 0 THEN json_group_array(total_fen ORDER BY row_no, side) END,
       CASE WHEN count(basic_fen) > 0 THEN json_group_array(basic_fen ORDER BY row_no, side) END,
       CASE WHEN count(project_fen) > 0 THEN json_group_array(project_fen ORDER BY row_no, side) END,
       CASE WHEN count(operating_fen) > 0 THEN json_group_array(operating_fen ORDER BY row_no, side) END,
       CASE WHEN count(remit_fen) > 0 THEN json_group_array(remit_fen ORDER BY row_no, side) END,
       CASE WHEN count(subsidy_fen) > 0 THEN json_group_array(subsidy_fen ORDER BY row_no, side) END,
       CASE WHEN count(personnel_fen) > 0 THEN json_group_array(personnel_fen ORDER BY row_no, side) END,
       CASE WHEN count(public_fen) > 0 THEN json_group_array(public_fen ORDER BY row_no, side) END
FROM yoy_lines
GROUP BY by, level, disclosure_id;

DROP TABLE yoy_lines;

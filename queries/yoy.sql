-- yoy: Year-on-year: each unit's amount per year of every 功能分类 / 经济分类 line at one level (or every 收支总表 line), in 分; `yusuan yoy` pivots the years into columns.
-- params: unit = '' (unit code, or part of a unit name in any year; empty for all), from = 0 (first year; 0 for the earliest), to = 9999 (last year), by = function (function 功能分类 from the 支出总表; economic 部门经济分类 from the 基本支出表; summary the lines of the 收支总表), level = 1 (1 类, 2 款, 3 项; ignored for summary), column = 合计 (column key: 合计, 基本支出, 项目支出 … for function; 合计, 人员经费, 公用经费 for economic; ignored for summary, which has only 预算数)
--
-- Which table answers which question:
--   by = function  → 单位预算支出总表 (every fund source): 合计 = 基本支出 + 项目支出 (+ 经营支出 …).
--   by = economic  → 一般公共预算财政拨款基本支出表: 合计 = 人员经费 + 公用经费, by 经济分类 类 (level 1) or 款 (level 2).
--                    人员经费 and 公用经费 exist only in this table.
--   by = summary   → 单位预算收支总表, income and expenditure lines by their canonical item name; the one
--                    column is 预算数.
-- One row per line that the table publishes, plus the table's own 合计 row (code NULL, line_key 合计)
-- for function and economic; fen is NULL where the cell is blank or "-" (a line published without an
-- amount in this column), and a line that is not published has no row.
-- Lines are matched across years by line_key: the code (function, economic) or side/item (summary).
-- Reads yoy_lines, the importer's compact copy of these lines and their amounts (see
-- migrations/V4__summaries.sql); the same figures are in lines/amounts and the figures view.
SELECT d.unit_code                               AS unit_code,
       d.unit_name                               AS unit_name,
       d.year                                    AS year,
       CASE WHEN y.by = 'summary' THEN y.side || '/' || y.item ELSE coalesce(y.code, y.item) END AS line_key,
       y.code                                    AS code,
       CASE WHEN y.code IS NOT NULL THEN nullif(y.level, 0) END AS level,
       nullif(y.side, '')                        AS side,
       CASE WHEN y.by = 'summary' THEN y.item ELSE y.name END AS name,
       y.row_no                                  AS row_no,
       CASE WHEN y.by = 'summary' THEN y.total_fen
            ELSE CASE :column WHEN '合计'             THEN y.total_fen
                              WHEN '基本支出'         THEN y.basic_fen
                              WHEN '项目支出'         THEN y.project_fen
                              WHEN '经营支出'         THEN y.operating_fen
                              WHEN '上解上级支出'     THEN y.remit_fen
                              WHEN '对附属单位补助支出' THEN y.subsidy_fen
                              WHEN '人员经费'         THEN y.personnel_fen
                              WHEN '公用经费'         THEN y.public_fen END
       END                                       AS fen
-- CROSS JOIN keeps this order: disclosures walked by unit and year on their index, each one's
-- lines of the level read as one range of yoy_lines (key: by, level, disclosure_id, row_no, side),
-- so rows come out ordered by unit, year and then row without a sort. Naming row_no in the
-- ORDER BY would make SQLite sort each unit-year again (+70% over every unit-year).
FROM disclosures d
CROSS JOIN yoy_lines y ON y.by = :by
                      -- Each level lists its lines and the table's 合计 row; summary lines have level 0.
                      AND y.level = CASE WHEN :by = 'summary' THEN 0 ELSE CAST(:level AS INTEGER) END
                      AND y.disclosure_id = d.id
WHERE d.stage = '预算'
  AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER)
  AND (:unit = '' OR d.unit_code IN (SELECT unit_code FROM disclosures
                                     WHERE unit_code = :unit OR instr(unit_name, :unit) > 0))
ORDER BY d.unit_code, d.year, d.stage;

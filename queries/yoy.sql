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
SELECT d.unit_code                               AS unit_code,
       d.unit_name                               AS unit_name,
       d.year                                    AS year,
       CASE WHEN :by = 'summary' THEN l.side || '/' || l.item ELSE coalesce(l.code, l.item) END AS line_key,
       l.code                                    AS code,
       l.level                                   AS level,
       l.side                                    AS side,
       CASE WHEN :by = 'summary' THEN l.item ELSE l.name END AS name,
       l.row_no                                  AS row_no,
       a.fen                                     AS fen
FROM disclosures d
-- CROSS JOIN keeps this order: the column's position is looked up once per table, not per line.
CROSS JOIN tables t         ON t.disclosure_id = d.id
                           AND t.kind = CASE :by WHEN 'function' THEN '支出总表'
                                                 WHEN 'economic' THEN '基本支出表'
                                                 WHEN 'summary'  THEN '收支总表' END
CROSS JOIN layout_columns c ON c.layout_id = t.layout_id AND c.role = 'amount'
                           AND c.key = CASE WHEN :by = 'summary' THEN '预算数' ELSE :column END
CROSS JOIN lines l          ON l.table_id = t.id AND l.side IS c.side
LEFT JOIN amounts a         ON a.line_id = l.id AND a.position = c.position
WHERE d.stage = '预算'
  AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER)
  AND (:unit = '' OR d.unit_code IN (SELECT unit_code FROM disclosures
                                     WHERE unit_code = :unit OR instr(unit_name, :unit) > 0))
  AND CASE WHEN :by = 'summary' THEN l.item IS NOT NULL
           ELSE l.level = CAST(:level AS INTEGER) OR (l.code IS NULL AND l.item = '合计') END
ORDER BY d.unit_code, d.year, l.row_no, l.side;

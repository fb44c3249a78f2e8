-- execution_printed: the budget columns a 决算's own tables print (年初预算数, 调整预算数, 全年预算数, 预算数) beside their 决算数, per 功能分类 / 经济分类 line at one level, in 分, one row per line and column.
-- params: unit = '' (unit code, or part of a unit name in any year; empty for all), from = 0 (first year; 0 for the earliest), to = 9999 (last year), by = function (function: the 决算's 功能分类 tables; economic: its 经济分类 tables), level = 1 (1 类, 2 款, 3 项), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
--
-- Only tables with at least one amount column whose header names a 预算数 are read (a 支出决算表
-- that prints 本年支出合计 alone has nothing to add); every amount column of such a table is
-- returned, its header path as published (年初预算数/合计, 全年预算数, 决算数/基本支出 …), so that
-- yusuan can tell the budget from the actual and the total from its parts. The table's 合计 row
-- (code null, item 合计) is listed at every level. fen is NULL where the cell is blank or "-". Rows
-- come in no particular order.
SELECT d.unit_code   AS unit_code,
       d.year        AS year,
       t.kind        AS table_kind,
       t.title       AS table_title,
       l.row_no      AS row_no,
       l.code        AS code,
       l.name        AS name,
       l.item        AS item,
       c.header      AS column_header,
       c.key         AS column_key,
       a.fen         AS fen
-- (The 决算 disclosures first, each one's tables by its key: tables has no index by layout, and
-- scanning every table of every stage cost more than the rest of `yusuan execution`.)
FROM disclosures d
CROSS JOIN tables t   ON t.disclosure_id = d.id
                     AND t.classification = :by
                     AND t.layout_id IN (SELECT layout_id FROM layout_columns
                                         WHERE role = 'amount' AND instr(header, '预算数') > 0)
CROSS JOIN lines l    ON l.table_id = t.id
                     AND (l.level = CAST(:level AS INTEGER) OR (l.code IS NULL AND l.item = '合计'))
CROSS JOIN layout_columns c ON c.layout_id = t.layout_id AND c.role = 'amount' AND c.side IS l.side
LEFT JOIN amounts a   ON a.line_id = l.id AND a.position = c.position
WHERE d.stage = '决算'
  AND (:unit = '' OR d.unit_code IN (SELECT unit_code FROM disclosures
                                     WHERE unit_code = :unit OR instr(unit_name, :unit) > 0))
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
  AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER);

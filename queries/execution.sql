-- execution: 预算 vs 决算: each unit-year's 功能分类 / 经济分类 lines at one level in both stages (the 预算 document's budget, the 决算's actual), in 分, one row per unit-year and stage; `yusuan execution` puts the stages side by side.
-- params: unit = '' (unit code, or part of a unit name in any year; empty for all), from = 0 (first year; 0 for the earliest), to = 9999 (last year), by = function (function 功能分类 from the 支出总表; economic 部门经济分类 from the 基本支出表), level = 1 (1 类, 2 款, 3 项), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
--
-- One row per stored disclosure of either stage: stage 预算 carries the budget, stage 决算 the actual.
-- The lines are the yoy packs' (see queries/yoy.sql and migrations/V5__yoy_packs.sql): parallel
-- JSON arrays in table order, the table's own 合计 row (code null, item 合计) among them, and
-- fens the table's total column: 合计 in a 预算; 本年支出合计 (支出决算表) or 决算数 in a 决算. Arrays
-- are NULL where the disclosure has no such table (has_table = 0). yusuan matches lines across the
-- stages by code. To see one row per line, unpack the arrays as queries/yoy.sql shows.
SELECT d.unit_code                 AS unit_code,
       d.unit_name                 AS unit_name,
       d.year                      AS year,
       d.stage                     AS stage,
       p.disclosure_id IS NOT NULL AS has_table,
       p.codes                     AS codes,
       p.names                     AS names,
       p.items                     AS items,
       p.total                     AS fens
FROM disclosures d
LEFT JOIN yoy_packs p ON p.by = :by
                     AND p.level = CAST(:level AS INTEGER)
                     AND p.disclosure_id = d.id
WHERE (:unit = '' OR d.unit_code IN (SELECT unit_code FROM disclosures
                                     WHERE unit_code = :unit OR instr(unit_name, :unit) > 0))
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
  AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER)
ORDER BY d.unit_code, d.year, d.stage;

-- sangong: 财政拨款“三公”经费 per unit and year: the 小计 and each part, in 分 (合计 column: all fund sources).
-- params: unit = '' (unit code, or part of a unit name in any year; empty for all), from = 0 (first year; 0 for the earliest), to = 9999 (last year), stage = 预算 (预算 or 决算), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
--
-- From the 单位预算财政拨款“三公”经费支出表, lines by their canonical item (any wording):
--   total_fen             “三公”经费小计 as published
--   overseas_fen          因公出国（境）费
--   vehicle_fen           公务用车购置及运行维护费 (= purchase + operation)
--   vehicle_purchase_fen  其中：公务用车购置费
--   vehicle_operation_fen 公务用车运行维护费
--   reception_fen         公务接待费
-- A blank or "-" cell, a missing line and a table published empty (空表) count as 0; a unit-year
-- without the table at all has NULL everywhere (has_table = 0).
-- Reads sangong_totals, which the importer fills from the table's lines (see
-- migrations/V4__summaries.sql for the same sums over lines/amounts in SQL).
SELECT d.unit_code                 AS unit_code,
       d.unit_name                 AS unit_name,
       d.year                      AS year,
       s.disclosure_id IS NOT NULL AS has_table,
       s.total_fen                 AS total_fen,
       s.overseas_fen              AS overseas_fen,
       s.vehicle_fen               AS vehicle_fen,
       s.vehicle_purchase_fen      AS vehicle_purchase_fen,
       s.vehicle_operation_fen     AS vehicle_operation_fen,
       s.reception_fen             AS reception_fen
FROM disclosures d
LEFT JOIN sangong_totals s ON s.disclosure_id = d.id
WHERE d.stage = :stage
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
  AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER)
  AND (:unit = '' OR d.unit_code IN (SELECT unit_code FROM disclosures
                                     WHERE unit_code = :unit OR instr(unit_name, :unit) > 0))
ORDER BY d.unit_code, d.year;

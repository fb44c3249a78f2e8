-- sangong: 财政拨款“三公”经费 per unit and year: the 小计 and each part, in 分 (合计 column: all fund sources).
-- params: unit = '' (unit code, or part of a unit name in any year; empty for all), from = 0 (first year; 0 for the earliest), to = 9999 (last year)
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
SELECT d.unit_code AS unit_code,
       d.unit_name AS unit_name,
       d.year      AS year,
       t.id IS NOT NULL AS has_table,
       CASE WHEN t.id IS NOT NULL THEN coalesce(sum(CASE WHEN l.item = '小计' THEN a.fen END), 0) END AS total_fen,
       CASE WHEN t.id IS NOT NULL THEN coalesce(sum(CASE WHEN l.item = '因公出国（境）费' THEN a.fen END), 0) END AS overseas_fen,
       CASE WHEN t.id IS NOT NULL THEN coalesce(sum(CASE WHEN l.item = '公务用车购置及运行维护费' THEN a.fen END), 0) END AS vehicle_fen,
       CASE WHEN t.id IS NOT NULL THEN coalesce(sum(CASE WHEN l.item = '公务用车购置费' THEN a.fen END), 0) END AS vehicle_purchase_fen,
       CASE WHEN t.id IS NOT NULL THEN coalesce(sum(CASE WHEN l.item = '公务用车运行维护费' THEN a.fen END), 0) END AS vehicle_operation_fen,
       CASE WHEN t.id IS NOT NULL THEN coalesce(sum(CASE WHEN l.item = '公务接待费' THEN a.fen END), 0) END AS reception_fen
FROM disclosures d
LEFT JOIN tables t         ON t.disclosure_id = d.id AND t.kind = '三公经费表'
LEFT JOIN layout_columns c ON c.layout_id = t.layout_id AND c.role = 'amount' AND c.key = '合计'
LEFT JOIN lines l          ON l.table_id = t.id
LEFT JOIN amounts a        ON a.line_id = l.id AND a.position = c.position
WHERE d.stage = '预算'
  AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER)
  AND (:unit = '' OR d.unit_code IN (SELECT unit_code FROM disclosures
                                     WHERE unit_code = :unit OR instr(unit_name, :unit) > 0))
GROUP BY d.id
ORDER BY d.unit_code, d.year;

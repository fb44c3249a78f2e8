-- procurement: 政府采购预算 purchases per unit and year: project, item, 政府采购目录序号, quantity, unit price and amount, in 分.
-- params: unit = '' (unit code, or part of a unit name in any year; empty for all), from = 0 (first year; 0 for the earliest), to = 9999 (last year), stage = 预算 (预算 or 决算), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
--
-- One row per purchase (the table's item rows; its 合计 and 小计 rows are left out, so that
-- sums never count a purchase twice), and one row with item NULL for a unit-year whose
-- disclosure lists no purchase (has_table says whether it printed the table at all).
-- quantity_milli is the 数量 × 1000, exact; measure_unit the 计量单位 as printed.
SELECT d.unit_code        AS unit_code,
       d.unit_name        AS unit_name,
       d.year             AS year,
       EXISTS (SELECT 1 FROM procurement_items t WHERE t.disclosure_id = d.id) AS has_table,
       p.row_no           AS row_no,
       p.project          AS project,
       p.budget_fen       AS budget_fen,
       p.item             AS item,
       p.catalogue_code   AS catalogue_code,
       p.measure_unit     AS measure_unit,
       p.quantity_milli   AS quantity_milli,
       p.unit_price_fen   AS unit_price_fen,
       p.total_fen        AS total_fen,
       p.sme_reserved_fen AS sme_reserved_fen
FROM disclosures d
LEFT JOIN procurement_items p ON p.disclosure_id = d.id AND p.kind = 'item'
WHERE d.stage = :stage
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
  AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER)
  AND (:unit = '' OR d.unit_code IN (SELECT unit_code FROM disclosures
                                     WHERE unit_code = :unit OR instr(unit_name, :unit) > 0))
ORDER BY d.unit_code, d.year, p.row_no;

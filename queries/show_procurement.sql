-- show_procurement: The 政府采购预算 of one unit and year: 合计, 小计 and every purchase, amounts in 分 with the cells as published.
-- params: unit = '' (unit code), year = '' (预算年度), stage = 预算 (预算 or 决算), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
SELECT p.row_no           AS row_no,
       p.kind             AS kind,
       p.unit_name        AS unit_name,
       p.project          AS project,
       p.budget_fen       AS budget_fen,
       p.item             AS item,
       p.catalogue_code   AS catalogue_code,
       p.measure_unit     AS measure_unit,
       p.quantity_text    AS quantity,
       p.unit_price_fen   AS unit_price_fen,
       p.total_fen        AS total_fen,
       (SELECT group_concat(f.source || '=' || f.raw, '; ')
          FROM procurement_funds f
         WHERE f.disclosure_id = p.disclosure_id AND f.row_no = p.row_no) AS by_fund_source,
       p.sme_reserved_fen AS sme_reserved_fen,
       p.amount_unit      AS published_unit,
       p.source_line      AS source_line
FROM procurement_items p
JOIN disclosures d ON d.id = p.disclosure_id
WHERE d.unit_code = :unit AND d.year = :year AND d.stage = :stage
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
ORDER BY p.row_no;

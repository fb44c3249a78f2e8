-- show_procurement: The 政府采购预算 of one unit and year: 合计, 小计 and every purchase, amounts in 分 with the cells as published.
-- params: unit = '' (unit code), year = '' (预算年度)
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
WHERE d.unit_code = :unit AND d.year = :year
ORDER BY p.row_no;

-- show_assets: The 单位固定资产占用情况表 of one unit and year: each line's 数量 (area or count, as the line says) and 价值.
-- params: unit = '' (unit code), year = '' (预算年度), stage = 预算 (预算 or 决算), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
SELECT a.row_no        AS row_no,
       a.name          AS name,
       a.item          AS item,
       a.part_of       AS part_of,
       a.quantity_text AS quantity,
       a.measure       AS measure,
       a.quantity_kind AS quantity_kind,
       a.value_fen     AS value_fen,
       a.value_raw     AS value_raw,
       a.as_of         AS as_of,
       a.source_line   AS source_line
FROM asset_lines a
JOIN disclosures d ON d.id = a.disclosure_id
WHERE d.unit_code = :unit AND d.year = :year AND d.stage = :stage
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
ORDER BY a.row_no;

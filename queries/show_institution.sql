-- show_institution: The 机构设置 table of one unit and year: 单位名称, 单位性质, 单位规格, 经费保障形式.
-- params: unit = '' (unit code), year = '' (预算年度), stage = 预算 (预算 or 决算), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
SELECT i.row_no       AS row_no,
       i.name         AS name,
       i.nature       AS nature,
       i.grade        AS grade,
       i.funding_form AS funding_form,
       i.source_line  AS source_line
FROM institutions i
JOIN disclosures d ON d.id = i.disclosure_id
WHERE d.unit_code = :unit AND d.year = :year AND d.stage = :stage
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
ORDER BY i.row_no;

-- show_institution: The 机构设置 table of one unit and year: 单位名称, 单位性质, 单位规格, 经费保障形式.
-- params: unit = '' (unit code), year = '' (预算年度)
SELECT i.row_no       AS row_no,
       i.name         AS name,
       i.nature       AS nature,
       i.grade        AS grade,
       i.funding_form AS funding_form,
       i.source_line  AS source_line
FROM institutions i
JOIN disclosures d ON d.id = i.disclosure_id
WHERE d.unit_code = :unit AND d.year = :year
ORDER BY i.row_no;

-- show_projects: The project 绩效目标表 of one unit and year: one row per indicator, with its project and goal.
-- params: unit = '' (unit code), year = '' (预算年度), stage = 预算 (预算 or 决算), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
SELECT p.ordinal      AS project,
       p.number       AS number,
       p.name         AS project_name,
       p.goal         AS goal,
       i.row_no       AS row_no,
       i.level1       AS level1,
       i.level2       AS level2,
       i.level3       AS level3,
       i.description  AS description,
       i.value_text   AS value,
       i.comparator   AS comparator,
       i.value_number AS value_number,
       i.value_unit   AS value_unit,
       i.basis        AS basis,
       i.source_line  AS source_line
FROM projects p
JOIN disclosures d ON d.id = p.disclosure_id
LEFT JOIN project_indicators i ON i.disclosure_id = p.disclosure_id AND i.project = p.ordinal
WHERE d.unit_code = :unit AND d.year = :year AND d.stage = :stage
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
ORDER BY p.ordinal, i.row_no;

-- projects: Project expenditure with its 绩效 targets: one row per indicator of each project 绩效目标表, with the amount the 情况说明 states for the project, in 分.
-- params: unit = '' (unit code, or part of a unit name in any year; empty for all), from = 0 (first year; 0 for the earliest), to = 9999 (last year), stage = 预算 (预算 or 决算), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
--
-- stated_fen is what the 支出说明 says the project gets this year (stated_figures, claim 项目,
-- matched by the project's name as printed; NULL when the text names it differently or not at
-- all). procurement_fen is the 政府采购 amount of the purchases listed under the same project
-- name. The indicator columns come from project_indicators (一级/二级 filled down).
SELECT d.unit_code   AS unit_code,
       d.unit_name   AS unit_name,
       d.year        AS year,
       p.ordinal     AS project_no,
       p.name        AS project,
       (SELECT sum(f.fen) FROM stated_figures f
         WHERE f.disclosure_id = d.id AND f.claim = '项目' AND f.qualifier IS NULL
           AND f.item = p.name)                                   AS stated_fen,
       (SELECT sum(i.total_fen) FROM procurement_items i
         WHERE i.disclosure_id = d.id AND i.kind = 'item' AND i.project = p.name) AS procurement_fen,
       p.goal        AS goal,
       x.row_no      AS indicator_no,
       x.level1      AS level1,
       x.level2      AS level2,
       x.level3      AS level3,
       x.value_text  AS target
FROM disclosures d
JOIN projects p              ON p.disclosure_id = d.id
LEFT JOIN project_indicators x ON x.disclosure_id = d.id AND x.project = p.ordinal
WHERE d.stage = :stage
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
  AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER)
  AND (:unit = '' OR d.unit_code IN (SELECT unit_code FROM disclosures
                                     WHERE unit_code = :unit OR instr(unit_name, :unit) > 0))
ORDER BY d.unit_code, d.year, p.ordinal, x.row_no;

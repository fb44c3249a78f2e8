-- show_overview: What is stored for one unit and year: how many tables, sections, rows and figures of each part.
-- params: unit = '' (unit code), year = '' (预算年度), stage = 预算 (预算 or 决算), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
WITH d AS (
    SELECT d.id FROM disclosures d
    WHERE d.unit_code = :unit AND d.year = :year AND d.stage = :stage
      AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
              SELECT 1 FROM disclosures o
              WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
                AND o.scope = '部门' AND d.scope <> '部门')))
)
SELECT 'tables' AS part, '标准表 (standard tables)' AS what,
       (SELECT count(*) FROM tables WHERE disclosure_id IN (SELECT id FROM d)) AS count,
       (SELECT count(*) FROM lines l JOIN tables t ON t.id = l.table_id
         WHERE t.disclosure_id IN (SELECT id FROM d)) AS rows
UNION ALL
SELECT 'narrative', '情况说明 (narrative sections)',
       (SELECT count(*) FROM narrative_sections WHERE disclosure_id IN (SELECT id FROM d)),
       (SELECT count(*) FROM narrative_sections WHERE disclosure_id IN (SELECT id FROM d))
UNION ALL
SELECT 'institution', '机构设置 (institution)',
       (SELECT count(*) FROM institutions WHERE disclosure_id IN (SELECT id FROM d)),
       (SELECT count(*) FROM institutions WHERE disclosure_id IN (SELECT id FROM d))
UNION ALL
SELECT 'procurement', '政府采购预算 (procurement rows, 合计 and 小计 included)',
       (SELECT count(*) FROM procurement_items WHERE disclosure_id IN (SELECT id FROM d) AND kind = 'item'),
       (SELECT count(*) FROM procurement_items WHERE disclosure_id IN (SELECT id FROM d))
UNION ALL
SELECT 'assets', '固定资产占用 (asset lines)',
       (SELECT count(*) FROM asset_lines WHERE disclosure_id IN (SELECT id FROM d)),
       (SELECT count(*) FROM asset_lines WHERE disclosure_id IN (SELECT id FROM d))
UNION ALL
SELECT 'projects', '项目绩效目标 (projects; rows: indicators)',
       (SELECT count(*) FROM projects WHERE disclosure_id IN (SELECT id FROM d)),
       (SELECT count(*) FROM project_indicators WHERE disclosure_id IN (SELECT id FROM d))
UNION ALL
SELECT 'figures', '情况说明所述金额 (stated figures)',
       (SELECT count(*) FROM stated_figures WHERE disclosure_id IN (SELECT id FROM d)),
       (SELECT count(*) FROM stated_figures WHERE disclosure_id IN (SELECT id FROM d));

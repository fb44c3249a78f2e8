-- show_narrative: The 情况说明 of one unit and year, section by section: number as printed, heading, topic, text.
-- params: unit = '' (unit code), year = '' (预算年度), stage = 预算 (预算 or 决算), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
SELECT s.ordinal      AS ordinal,
       s.number_label AS number,
       s.heading      AS heading,
       s.topic        AS topic,
       s.text         AS text,
       s.source_line  AS source_line
FROM narrative_sections s
JOIN disclosures d ON d.id = s.disclosure_id
WHERE d.unit_code = :unit AND d.year = :year AND d.stage = :stage
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
ORDER BY s.ordinal;

-- show_figures: Every amount the 情况说明 of one unit and year states: what it claims, the unit as written, and the sentence.
-- params: unit = '' (unit code), year = '' (预算年度), stage = 预算 (预算 or 决算), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
-- The joins of the stated_figures_cited view, on the one disclosure chosen by stage and scope.
SELECT f.ordinal         AS ordinal,
       s.heading         AS section,
       f.claim           AS claim,
       f.item            AS item,
       f.qualifier       AS qualifier,
       f.raw             AS raw,
       f.unit_as_written AS unit_as_written,
       f.fen             AS amount_fen,
       f.label           AS label,
       substr(s.text, f.sentence_start + 1, f.sentence_chars) AS sentence,
       f.source_line     AS source_line
FROM stated_figures f
JOIN narrative_sections s ON s.disclosure_id = f.disclosure_id AND s.ordinal = f.section
JOIN disclosures d        ON d.id = f.disclosure_id
WHERE d.unit_code = :unit AND d.year = :year AND d.stage = :stage
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
ORDER BY f.ordinal;

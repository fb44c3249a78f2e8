-- show_figures: Every amount the 情况说明 of one unit and year states: what it claims, the unit as written, and the sentence.
-- params: unit = '' (unit code), year = '' (预算年度)
SELECT f.ordinal         AS ordinal,
       f.section_heading AS section,
       f.claim           AS claim,
       f.item            AS item,
       f.qualifier       AS qualifier,
       f.raw             AS raw,
       f.unit_as_written AS unit_as_written,
       f.fen             AS amount_fen,
       f.label           AS label,
       f.sentence        AS sentence,
       f.source_line     AS source_line
FROM stated_figures_cited f
WHERE f.unit_code = :unit AND f.year = :year
ORDER BY f.ordinal;

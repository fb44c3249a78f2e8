-- show_narrative: The 情况说明 of one unit and year, section by section: number as printed, heading, topic, text.
-- params: unit = '' (unit code), year = '' (预算年度)
SELECT s.ordinal      AS ordinal,
       s.number_label AS number,
       s.heading      AS heading,
       s.topic        AS topic,
       s.text         AS text,
       s.source_line  AS source_line
FROM narrative_sections s
JOIN disclosures d ON d.id = s.disclosure_id
WHERE d.unit_code = :unit AND d.year = :year
ORDER BY s.ordinal;

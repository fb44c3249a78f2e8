-- findings: What does not add up: the audit findings of each unit and year, worst first.
-- params: unit = '' (unit code or part of its name; empty for all), year = '' (empty for all), severity = '' (error|warning|rounding|info; empty for all)
SELECT d.unit_code                      AS unit_code,
       d.unit_name                      AS unit_name,
       d.year                           AS year,
       f.severity                       AS severity,
       f.rule                           AS rule,
       f.table_kind                     AS table_kind,
       f.seq                            AS seq,
       f.code                           AS code,
       f.column_key                     AS column_key,
       f.message                        AS message,
       f.evidence                       AS evidence,
       f.published_fen                  AS published_fen,
       f.expected_fen                   AS expected_fen,
       f.published_fen - f.expected_fen AS difference_fen
FROM findings f
JOIN disclosures d ON d.id = f.disclosure_id
WHERE (:unit = '' OR d.unit_code = :unit OR instr(d.unit_name, :unit) > 0)
  AND (:year = '' OR d.year = CAST(:year AS INTEGER))
  AND (:severity = '' OR f.severity = :severity)
ORDER BY d.unit_code, d.year,
         CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 WHEN 'rounding' THEN 2 ELSE 3 END,
         f.id;

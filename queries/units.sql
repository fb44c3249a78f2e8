-- units: What is stored: one row per unit, year, stage (预算/决算) and scope (部门/单位, empty where the document does not say), with the file it came from.
-- params: unit = '' (unit code, or part of a unit name; empty for all)
SELECT d.unit_code                                              AS unit_code,
       d.unit_name                                              AS unit_name,
       d.year                                                   AS year,
       d.stage                                                  AS stage,
       d.scope                                                  AS scope,
       d.amount_unit                                            AS published_unit,
       (SELECT count(*) FROM tables t WHERE t.disclosure_id = d.id) AS tables,
       doc.source_path                                          AS source_path
FROM disclosures d
JOIN documents doc ON doc.id = d.document_id
WHERE :unit = '' OR d.unit_code = :unit OR instr(d.unit_name, :unit) > 0
ORDER BY d.unit_code, d.year, d.stage, d.scope;

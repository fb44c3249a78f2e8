-- scopes: Unit-years stored with both a 部门 and a 单位 document of one stage: the analyst's commands read the 部门 one unless --scope says otherwise.
-- params: unit = '' (unit code, or part of a unit name in any year; empty for all), stage = 预算 (预算 or 决算)
SELECT d.unit_code        AS unit_code,
       min(d.unit_name)   AS unit_name,
       d.year             AS year
FROM disclosures d
WHERE d.stage = :stage
  AND (:unit = '' OR d.unit_code IN (SELECT unit_code FROM disclosures
                                     WHERE unit_code = :unit OR instr(unit_name, :unit) > 0))
GROUP BY d.unit_code, d.year
HAVING count(DISTINCT d.scope) > 1 AND max(d.scope = '部门') = 1
ORDER BY d.unit_code, d.year;

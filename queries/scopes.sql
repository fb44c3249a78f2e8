-- scopes: Unit-years stored with both a 部门 and a 单位 document of one stage: the analyst's commands read the 部门 one unless --scope says otherwise.
-- params: unit = '' (unit code, or part of a unit name in any year; empty for all), stage = 预算 (预算 or 决算)
-- Each 单位 document with a 部门 sibling (found on the unique key's index): no grouping of every
-- unit-year, so that asking costs a scan of the disclosures and no more.
SELECT d.unit_code AS unit_code,
       d.unit_name AS unit_name,
       d.year      AS year
FROM disclosures d
WHERE d.scope = '单位'
  AND d.stage = :stage
  AND EXISTS (SELECT 1 FROM disclosures o
              WHERE o.unit_code = d.unit_code AND o.year = d.year
                AND o.stage = d.stage AND o.scope = '部门')
  AND (:unit = '' OR d.unit_code IN (SELECT unit_code FROM disclosures
                                     WHERE unit_code = :unit OR instr(unit_name, :unit) > 0))
ORDER BY d.unit_code, d.year;

-- completeness: Which of the nine standard tables and of the 情况说明's sections each unit-year has: present, empty with a note (空表说明), empty without one, or missing.
-- params: unit = '' (unit code or part of its name; empty for all)
WITH expected(part, ord) AS (
    VALUES ('收支总表', 1), ('收入总表', 2), ('支出总表', 3), ('财政拨款收支总表', 4),
           ('一般公共预算支出表', 5), ('基本支出表', 6), ('政府性基金支出表', 7),
           ('国有资本经营支出表', 8), ('三公经费表', 9),
           ('说明:职责', 10), ('说明:总体情况', 11), ('说明:机关运行经费', 12), ('说明:三公', 13),
           ('说明:绩效', 14), ('说明:政府采购', 15), ('说明:国有资产', 16)
)
SELECT d.unit_code AS unit_code,
       d.unit_name AS unit_name,
       d.year      AS year,
       e.part      AS part,
       CASE WHEN e.part LIKE '说明:%' THEN
                CASE WHEN EXISTS (SELECT 1 FROM narrative_sections s
                                  WHERE s.disclosure_id = d.id AND '说明:' || s.topic = e.part)
                     THEN 'present' ELSE 'missing' END
            WHEN t.id IS NULL THEN 'missing'
            WHEN t.is_empty AND t.note IS NOT NULL THEN 'empty_with_note'
            WHEN t.is_empty THEN 'empty'
            ELSE 'present' END AS status
FROM disclosures d
CROSS JOIN expected e
LEFT JOIN tables t ON t.disclosure_id = d.id AND t.kind = e.part
WHERE :unit = '' OR d.unit_code = :unit OR instr(d.unit_name, :unit) > 0
ORDER BY d.unit_code, d.year, e.ord;

-- completeness: Which of the nine standard tables each unit-year has: present, empty with a note (空表说明), empty without one, or missing.
-- params: unit = '' (unit code or part of its name; empty for all)
WITH kinds(kind, ord) AS (
    VALUES ('收支总表', 1), ('收入总表', 2), ('支出总表', 3), ('财政拨款收支总表', 4),
           ('一般公共预算支出表', 5), ('基本支出表', 6), ('政府性基金支出表', 7),
           ('国有资本经营支出表', 8), ('三公经费表', 9)
)
SELECT d.unit_code AS unit_code,
       d.unit_name AS unit_name,
       d.year      AS year,
       k.kind      AS table_kind,
       CASE WHEN t.id IS NULL THEN 'missing'
            WHEN t.is_empty AND t.note IS NOT NULL THEN 'empty_with_note'
            WHEN t.is_empty THEN 'empty'
            ELSE 'present' END AS status
FROM disclosures d
CROSS JOIN kinds k
LEFT JOIN tables t ON t.disclosure_id = d.id AND t.kind = k.kind
WHERE :unit = '' OR d.unit_code = :unit OR instr(d.unit_name, :unit) > 0
ORDER BY d.unit_code, d.year, k.ord;

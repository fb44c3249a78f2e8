-- assets: 单位固定资产占用情况表 per unit and year: 房屋 and 办公用房 (area, value), 车辆 (count, value), 设备, 其他固定资产 and 资产总额, in 分.
-- params: unit = '' (unit code, or part of a unit name in any year; empty for all), from = 0 (first year; 0 for the earliest), to = 9999 (last year), stage = 预算 (预算 or 决算), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
--
-- The table is printed in the 情况说明 (国有资产信息); its figures are as of the end of the year
-- before the budget year (as_of). Quantities are exact × 1000 (*_milli: 3065 m² → 3065000);
-- area in 平方米, counts in 台/辆/件 as the lines say. Lines are found by their canonical item:
-- 房屋, 办公用房, 车辆, …设备 (单价在20万元以上的设备), 其他… (其他固定资产), …总额 (资产总额).
-- A blank cell is NULL; a unit-year without the table has has_table = 0 and NULL everywhere.
SELECT d.unit_code AS unit_code,
       d.unit_name AS unit_name,
       d.year      AS year,
       count(a.row_no) > 0 AS has_table,
       max(a.as_of) AS as_of,
       sum(CASE WHEN a.item = '房屋' THEN a.quantity_milli END)     AS building_area_milli,
       sum(CASE WHEN a.item = '房屋' THEN a.value_fen END)          AS building_fen,
       sum(CASE WHEN a.item = '办公用房' THEN a.quantity_milli END) AS office_area_milli,
       sum(CASE WHEN a.item = '办公用房' THEN a.value_fen END)      AS office_fen,
       sum(CASE WHEN a.item = '车辆' THEN a.quantity_milli END)     AS vehicles_milli,
       sum(CASE WHEN a.item = '车辆' THEN a.value_fen END)          AS vehicle_fen,
       sum(CASE WHEN a.item LIKE '%设备%' THEN a.quantity_milli END) AS equipment_milli,
       sum(CASE WHEN a.item LIKE '%设备%' THEN a.value_fen END)      AS equipment_fen,
       sum(CASE WHEN a.item LIKE '其他%' THEN a.quantity_milli END)  AS other_milli,
       sum(CASE WHEN a.item LIKE '其他%' THEN a.value_fen END)       AS other_fen,
       sum(CASE WHEN a.item LIKE '%总额%' THEN a.value_fen END)      AS total_fen
FROM disclosures d
LEFT JOIN asset_lines a ON a.disclosure_id = d.id
WHERE d.stage = :stage
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
  AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER)
  AND (:unit = '' OR d.unit_code IN (SELECT unit_code FROM disclosures
                                     WHERE unit_code = :unit OR instr(unit_name, :unit) > 0))
GROUP BY d.id
ORDER BY d.unit_code, d.year;

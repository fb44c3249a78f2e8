-- yoy: Year-on-year: each unit's amount per year of every 功能分类 / 经济分类 line at one level (or every 收支总表 line), in 分, one row per unit-year; `yusuan yoy` pivots the years into columns.
-- params: unit = '' (unit code, or part of a unit name in any year; empty for all), from = 0 (first year; 0 for the earliest), to = 9999 (last year), by = function (function 功能分类 from the 支出总表; economic 部门经济分类 from the 基本支出表; summary the lines of the 收支总表), level = 1 (1 类, 2 款, 3 项; ignored for summary), column = 合计 (column key: 合计, 基本支出, 项目支出 … for function; 合计, 人员经费, 公用经费 for economic; ignored for summary, which has only 预算数), units_from = '' (the first unit code read; empty for the first), units_below = '' (read unit codes below this one only; empty for no limit), stage = 预算 (预算 or 决算), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
--
-- Which table answers which question:
--   by = function  → 单位预算支出总表 (every fund source): 合计 = 基本支出 + 项目支出 (+ 经营支出 …).
--   by = economic  → 一般公共预算财政拨款基本支出表: 合计 = 人员经费 + 公用经费, by 经济分类 类 (level 1) or 款 (level 2).
--                    人员经费 and 公用经费 exist only in this table.
--   by = summary   → 单位预算收支总表, income and expenditure lines by their canonical item name; the one
--                    column is 预算数.
-- One row per unit-year: the lines its table publishes at this level, with the table's own 合计
-- row (code null, item 合计) for function and economic, as parallel JSON arrays in table order
-- (element i of each is line i; see migrations/V5__yoy_packs.sql): row_nos, sides (income /
-- expenditure, summary only), codes, names, items (合计; the summary's canonical line names), and
-- fens, the amounts in the chosen column in 分 (null where the cell is blank or "-"). An array is
-- NULL where every element would be null. A line that is not published is not in the arrays.
-- yusuan matches lines across years by code (function, economic) or by side and item (summary).
-- The same figures are in lines/amounts and the figures view. To see one row per line, unpack
-- the arrays by position:
--   SELECT d.unit_code, d.year, c.value AS code, n.value AS name, a.value AS fen
--   FROM disclosures d JOIN yoy_packs p ON p.disclosure_id = d.id AND p.by = 'function' AND p.level = 1,
--        json_each(p.names) n LEFT JOIN json_each(p.codes) c ON c.key = n.key
--        LEFT JOIN json_each(p.total) a ON a.key = n.key;
SELECT unit_code, unit_name, year, row_nos, sides, codes, names, items,
       CASE WHEN by = 'summary' THEN total
            ELSE CASE :column WHEN '合计'             THEN total
                              WHEN '基本支出'         THEN basic
                              WHEN '项目支出'         THEN project
                              WHEN '经营支出'         THEN operating
                              WHEN '上解上级支出'     THEN remit
                              WHEN '对附属单位补助支出' THEN subsidy
                              WHEN '人员经费'         THEN personnel
                              WHEN '公用经费'         THEN public END
       END AS fens
-- A way in for each kind of question, every unit, every unit in a range of codes or some units
-- (the others return nothing at once: their first condition is false). yusuan orders units and lines itself; add ORDER BY unit_code, year to
-- read the rows in that order.
FROM (
    -- Every unit: the level's packs read front to back in key order (by, level, disclosure_id),
    -- each finding its disclosure by id. Walking disclosures in unit order and seeking each pack
    -- instead cost three times as much over 10,000 unit-years.
    SELECT d.unit_code, d.unit_name, d.year, p.*
    FROM yoy_packs p
    CROSS JOIN disclosures d ON d.id = p.disclosure_id
    WHERE :unit = '' AND :units_from = '' AND :units_below = ''
      -- Each level lists its lines and the table's 合计 row; summary lines have level 0.
      AND p.by = :by
      AND p.level = CASE WHEN :by = 'summary' THEN 0 ELSE CAST(:level AS INTEGER) END
      AND d.stage = :stage
      AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
              SELECT 1 FROM disclosures o
              WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
                AND o.scope = '部门' AND d.scope <> '部门')))
      AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER)
    UNION ALL
    -- Every unit with a code in a range: the same, for yusuan, which counts every unit in parts,
    -- one per core, each on a connection of its own. Each part still walks all the level's keys,
    -- but reads only its own units' arrays, which are most of the cost. (Apart from the branch
    -- above, so that the bounds cost nothing when there are none; an empty bound is tested first,
    -- so that then the code is not read.)
    SELECT d.unit_code, d.unit_name, d.year, p.*
    FROM yoy_packs p
    CROSS JOIN disclosures d ON d.id = p.disclosure_id
    WHERE :unit = '' AND (:units_from <> '' OR :units_below <> '')
      AND p.by = :by
      AND p.level = CASE WHEN :by = 'summary' THEN 0 ELSE CAST(:level AS INTEGER) END
      AND (:units_from = '' OR d.unit_code >= :units_from)
      AND (:units_below = '' OR d.unit_code < :units_below)
      AND d.stage = :stage
      AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
              SELECT 1 FROM disclosures o
              WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
                AND o.scope = '部门' AND d.scope <> '部门')))
      AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER)
    UNION ALL
    -- Some units: their disclosures found by code on the (unit_code, year) index, then each one's
    -- pack by its key. Reading the whole level instead made one unit's answer ten times slower.
    SELECT d.unit_code, d.unit_name, d.year, p.*
    FROM disclosures d
    CROSS JOIN yoy_packs p ON p.by = :by
                          AND p.level = CASE WHEN :by = 'summary' THEN 0 ELSE CAST(:level AS INTEGER) END
                          AND p.disclosure_id = d.id
    WHERE :unit <> ''
      AND d.unit_code IN (SELECT unit_code FROM disclosures
                          WHERE unit_code = :unit OR instr(unit_name, :unit) > 0)
      AND (:units_from = '' OR d.unit_code >= :units_from)
      AND (:units_below = '' OR d.unit_code < :units_below)
      AND d.stage = :stage
      AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
              SELECT 1 FROM disclosures o
              WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
                AND o.scope = '部门' AND d.scope <> '部门')))
      AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER)
);

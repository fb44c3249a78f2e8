-- execution: 预算 vs 决算: each unit-year's 功能分类 / 经济分类 lines at one level in both stages (the 预算 document's budget, the 决算's actual), in 分, one row per unit-year and stage; `yusuan execution` puts the stages side by side.
-- params: unit = '' (unit code, or part of a unit name in any year; empty for all), from = 0 (first year; 0 for the earliest), to = 9999 (last year), units_from = '' (the first unit code read; empty for the first), units_below = '' (read unit codes below this one only; empty for no limit), by = function (function 功能分类 from the 支出总表; economic 部门经济分类 from the 基本支出表), level = 1 (1 类, 2 款, 3 项), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
--
-- Every selected disclosure of either stage once with has_table = 0 and no arrays (so that it is
-- known even without the compared table), and once more with has_table = 1 and the table's lines
-- where it has it. Stage 预算 carries the budget, stage 决算 the actual. The
-- lines are the yoy packs' (see queries/yoy.sql and migrations/V5__yoy_packs.sql): parallel JSON
-- arrays in table order, the table's own 合计 row (code null, item 合计) among them, and fens the
-- table's total column: 合计 in a 预算; 本年支出合计 (支出决算表) or 决算数 in a 决算. yusuan matches
-- lines across the stages by code; rows come in no particular order (add ORDER BY unit_code,
-- year, stage, has_table to read them in order). To see one row per line, unpack the arrays as
-- queries/yoy.sql shows.
SELECT d.unit_code, d.unit_name, d.year, d.stage, 0 AS has_table,
       NULL AS codes, NULL AS names, NULL AS items, NULL AS fens
-- (Listing only the disclosures without a pack cost a probe of the packs per disclosure: a fifth
-- of a whole-corpus answer. The second branch tells which have one.)
FROM disclosures d
WHERE (:unit = '' OR d.unit_code IN (SELECT unit_code FROM disclosures
                                     WHERE unit_code = :unit OR instr(unit_name, :unit) > 0))
  AND (:units_from = '' OR d.unit_code >= :units_from)
  AND (:units_below = '' OR d.unit_code < :units_below)
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
  AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER)
UNION ALL
-- Every unit (or every unit in a range of codes: yusuan reads every unit in parts, one per core,
-- each on a connection of its own): the level's packs read front to back in key order, each
-- finding its disclosure by id (seeking a pack per disclosure cost several times as much over
-- 10,000 unit-years).
SELECT d.unit_code, d.unit_name, d.year, d.stage, 1, p.codes, p.names, p.items, p.total
FROM yoy_packs p
CROSS JOIN disclosures d ON d.id = p.disclosure_id
WHERE :unit = ''
  AND p.by = :by AND p.level = CAST(:level AS INTEGER)
  AND (:units_from = '' OR d.unit_code >= :units_from)
  AND (:units_below = '' OR d.unit_code < :units_below)
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
  AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER)
UNION ALL
-- Some units: their disclosures by code, then each one's pack by its key.
SELECT d.unit_code, d.unit_name, d.year, d.stage, 1, p.codes, p.names, p.items, p.total
FROM disclosures d
CROSS JOIN yoy_packs p ON p.by = :by AND p.level = CAST(:level AS INTEGER) AND p.disclosure_id = d.id
WHERE :unit <> ''
  AND d.unit_code IN (SELECT unit_code FROM disclosures
                      WHERE unit_code = :unit OR instr(unit_name, :unit) > 0)
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
  AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER);

-- execution_sangong: 预算 vs 决算 of the 财政拨款“三公”经费: each part's amount in every column of the 三公 table of both stages, in 分, one row per unit-year, stage, part and column.
-- params: unit = '' (unit code, or part of a unit name in any year; empty for all), from = 0 (first year; 0 for the earliest), to = 9999 (last year), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
--
-- item is the part's canonical name (小计 for the “三公”经费 total, 因公出国（境）费, 公务用车购置及运行维护费,
-- 公务用车购置费, 公务用车运行维护费, 公务接待费; 机关运行经费, 会议费 … where printed beside them).
-- A 预算's table prints the budget (合计 column); a 决算's prints 预算数 (the budget as the 决算 states
-- it) and 决算数 (the actual). fen is NULL where the cell is blank or "-"; a disclosure without a
-- 三公 table has one row with item NULL (has_table = 0). Rows come in no
-- particular order; add ORDER BY unit_code, year, stage to read them in order.
SELECT d.unit_code                 AS unit_code,
       d.unit_name                 AS unit_name,
       d.year                      AS year,
       d.stage                     AS stage,
       t.id IS NOT NULL            AS has_table,
       t.title                     AS table_title,
       l.item                      AS item,
       c.header                    AS column_header,
       c.key                       AS column_key,
       a.fen                       AS fen
FROM disclosures d
LEFT JOIN tables t         ON t.disclosure_id = d.id AND t.kind = '三公经费表'
LEFT JOIN lines l          ON l.table_id = t.id
LEFT JOIN layout_columns c ON c.layout_id = t.layout_id AND c.role = 'amount' AND c.side IS l.side
                          -- only the columns read: a 预算's 合计, a 决算's 预算数 and 决算数
                          AND (c.key = '合计' OR instr(c.header, '预算数') > 0 OR instr(c.header, '决算数') > 0)
LEFT JOIN amounts a        ON a.line_id = l.id AND a.position = c.position
WHERE (:unit = '' OR d.unit_code IN (SELECT unit_code FROM disclosures
                                     WHERE unit_code = :unit OR instr(unit_name, :unit) > 0))
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
  AND d.year BETWEEN CAST(:from AS INTEGER) AND CAST(:to AS INTEGER);

-- show_tables: Every published (non-blank) cell of the standard tables of one unit and year, with its row and column.
-- params: unit = '' (unit code), year = '' (预算年度), stage = 预算 (预算 or 决算), scope = '' (部门 or 单位; empty: 部门 where an office has both, else whichever is stored)
-- The joins of the figures view, on the one disclosure chosen by stage and scope.
SELECT t.kind                 AS table_kind,
       l.row_no               AS row_no,
       l.seq                  AS seq,
       l.side                 AS side,
       l.code                 AS code,
       l.name                 AS name,
       c.key                  AS column_key,
       c.lanci                AS lanci,
       coalesce(a.raw, '')    AS raw,
       a.fen                  AS amount_fen,
       l.source_line          AS source_line
FROM lines l
JOIN tables t         ON t.id = l.table_id
JOIN layout_columns c ON c.layout_id = t.layout_id AND c.role = 'amount' AND c.side IS l.side
JOIN amounts a        ON a.line_id = l.id AND a.position = c.position
JOIN disclosures d    ON d.id = t.disclosure_id
WHERE d.unit_code = :unit AND d.year = :year AND d.stage = :stage
  AND (d.scope = :scope OR (:scope = '' AND NOT EXISTS (
          SELECT 1 FROM disclosures o
          WHERE o.unit_code = d.unit_code AND o.year = d.year AND o.stage = d.stage
            AND o.scope = '部门' AND d.scope <> '部门')))
ORDER BY l.source_line, c.position;

-- show_tables: Every published (non-blank) cell of the standard tables of one unit and year, with its row and column.
-- params: unit = '' (unit code), year = '' (预算年度)
SELECT f.table_kind     AS table_kind,
       f.row_no         AS row_no,
       f.seq            AS seq,
       f.side           AS side,
       f.code           AS code,
       f.name           AS name,
       f.column_key     AS column_key,
       f.lanci          AS lanci,
       f.raw            AS raw,
       f.fen            AS amount_fen,
       f.source_line    AS source_line
FROM figures f
WHERE f.unit_code = :unit AND f.year = :year AND f.state <> 'blank'
ORDER BY f.source_line, f.position;

-- aliases: Units known by another name: each alias (a normalised name or a code, as a document gives it), the unit it means, and when it was added.
-- params: none
SELECT a.alias                                                  AS alias,
       a.code                                                   AS unit_code,
       (SELECT d.unit_name FROM disclosures d WHERE d.unit_code = a.code
        ORDER BY d.year DESC LIMIT 1)                           AS unit_name,
       a.added_at                                               AS added_at
FROM unit_aliases a
ORDER BY a.code, a.alias;

-- documents: The imported files: where from, their sha256, encoding, when, and what they hold.
-- params: none
SELECT doc.id                                   AS id,
       doc.source_path                          AS source_path,
       substr(doc.sha256, 1, 12)                AS sha256,
       doc.encoding                             AS encoding,
       doc.byte_size                            AS bytes,
       doc.imported_at                          AS imported_at,
       count(d.id)                              AS units,
       group_concat(DISTINCT d.year)            AS years
FROM documents doc
LEFT JOIN disclosures d ON d.document_id = doc.id OR d.narrative_document_id = doc.id
GROUP BY doc.id
ORDER BY doc.source_path;

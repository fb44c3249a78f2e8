-- yusuan schema, version 7: documents in two files, and renamed offices.
--
-- Jiangsu publishes a unit-year's 情况说明 and its tables as two PDFs. The
-- two are stored as one disclosure: `document_id` is the file with the
-- tables, `narrative_document_id` the file the 情况说明 came from (NULL where
-- it came with the tables). A 情况说明 imported before its tables is stored
-- alone, as a disclosure without tables, until they arrive.
ALTER TABLE disclosures ADD COLUMN narrative_document_id INTEGER REFERENCES documents(id);
CREATE INDEX disclosures_narrative_document ON disclosures(narrative_document_id);

-- An office that changed its name (or printed it differently) is one unit:
-- `alias` is the key a document gives (a normalised name, or a code), `code`
-- the unit it means. Imports look their key up here first; adding an alias
-- moves what is already stored under it (`yusuan units --alias OLD NEW`).
CREATE TABLE unit_aliases (
    alias TEXT PRIMARY KEY,
    code  TEXT NOT NULL,
    added_at TEXT NOT NULL
);

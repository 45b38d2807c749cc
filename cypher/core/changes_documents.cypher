// The changes feed: source records ingested after a point (ingested_at, then id), oldest first, of the
// source kinds the caller may see. Anchored on the Document.ingested_at index.
MATCH (d:Document)
WHERE d.ingested_at >= $at AND (d.ingested_at > $at OR d.id > $after) AND d.source_kind IN $kinds
RETURN d.id AS id, d.source_kind AS source_kind, d.ingested_at AS at, d.date AS date, d.title AS title,
       d.lang AS lang
ORDER BY at, id
LIMIT $limit

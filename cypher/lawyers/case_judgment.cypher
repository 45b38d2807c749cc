// The judgment a case was read from (its text is the masked text).
MATCH (c:Case {id: $id})
MATCH (d:Document {id: c.doc_id})
RETURN d.id AS doc_id, d.title AS title, d.date AS date, d.lang AS lang, d.source_kind AS source_kind,
       d.text AS text

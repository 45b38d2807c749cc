// Where a node came from: every document that evidences it, with the span and the document's extractor.
MATCH (d:Document)-[m:MENTIONS]->(n:__LABEL__ {id: $id})
RETURN d.id AS doc_id, d.source_kind AS source_kind, d.file AS file, d.record_id AS record_id,
       d.date AS date, d.text AS text, m.span_start AS span_start, m.span_end AS span_end,
       d.extractor AS extractor, d.extractor_version AS extractor_version, m.confidence AS confidence
ORDER BY date, doc_id
LIMIT $limit

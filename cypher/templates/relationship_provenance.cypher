// Where a relationship came from: the document, span and extractor stored on it.
MATCH (a)-[r:__TYPE__ {fid: $fid}]->(b)
OPTIONAL MATCH (d:Document {id: r.doc_id})
RETURN d.id AS doc_id, d.source_kind AS source_kind, d.file AS file, d.record_id AS record_id,
       d.date AS date, d.text AS text, r.span_start AS span_start, r.span_end AS span_end,
       r.extractor AS extractor, r.extractor_version AS extractor_version, r.confidence AS confidence,
       a.id AS start_id, b.id AS end_id
LIMIT $limit

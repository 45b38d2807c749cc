// Where a relationship came from: the document and span stored on it, the extractor of that document
// (a derived relationship without a document, such as SAME_AS, names its own).
MATCH (a)-[r:__TYPE__ {fid: $fid}]->(b)
OPTIONAL MATCH (d:Document {id: r.doc_id})
RETURN d.id AS doc_id, d.source_kind AS source_kind, d.file AS file, d.record_id AS record_id,
       d.date AS date, d.text AS text, r.span_start AS span_start, r.span_end AS span_end,
       coalesce(r.extractor, d.extractor) AS extractor,
       coalesce(r.extractor_version, d.extractor_version) AS extractor_version, r.confidence AS confidence,
       a.id AS start_id, b.id AS end_id
LIMIT $limit

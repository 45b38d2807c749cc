// Provenance of nodes: the document that evidences each node, with span and confidence (the extractor
// is on the document).
UNWIND $rows AS row
MATCH (d:Document {id: row.doc_id})
MATCH (n:__LABEL__ {id: row.id})
MERGE (d)-[m:MENTIONS]->(n)
SET m.span_start = row.span_start, m.span_end = row.span_end, m.confidence = row.confidence,
    m.doc_id = row.doc_id

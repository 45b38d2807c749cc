// Upsert Document nodes; ingested_at keeps the first ingest so a rerun changes nothing. The extractor's
// name and version are kept here, once per document, not on each of its facts.
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
ON CREATE SET d.ingested_at = row.ingested_at
SET d.source_kind = row.source_kind, d.file = row.file, d.record_id = row.record_id,
    d.content_hash = row.content_hash, d.date = row.date, d.lang = row.lang,
    d.title = row.title, d.text = row.text, d.extractor = row.extractor,
    d.extractor_version = row.extractor_version

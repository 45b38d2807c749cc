// Vehicle models named by documents ingested at or after a time (the pairs to rescore after an ingest),
// with the latest complaint date among them. Anchored on the Document.ingested_at index.
MATCH (d:Document)
WHERE d.ingested_at >= $since
MATCH (d)-[:MENTIONS]->(v:VehicleModel)
RETURN v.id AS vehicle, max(CASE WHEN d.source_kind IN $complaint_kinds THEN d.date END) AS latest_complaint

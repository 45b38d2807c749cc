// Registered enterprises whose register code failed its check, with the reason (ingest summary).
MATCH (e:Enterprise)
WHERE e.code_valid = false
RETURN e.id AS id, e.name AS name, e.code_issue AS issue
ORDER BY id
LIMIT $limit

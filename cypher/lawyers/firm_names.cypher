// Names of law firms by id (search candidates are reranked on them).
UNWIND $ids AS id
MATCH (f:LawFirm {id: id})
RETURN f.id AS id, coalesce(f.name, f.name_seen) AS name

// A law firm, its head office (when a branch) and its branches.
MATCH (f:LawFirm {id: $id})
OPTIONAL MATCH (f)-[:BRANCH_OF]->(h:LawFirm)
OPTIONAL MATCH (b:LawFirm)-[:BRANCH_OF]->(f)
RETURN f AS firm, h.id AS head_id, coalesce(h.name, h.name_seen) AS head_name, collect(DISTINCT b.id) AS branch_ids,
       collect(DISTINCT coalesce(b.name, b.name_seen)) AS branch_names

// Lawyers of a firm (register stints and judgment appearances) with the registered lawyer each resolves to.
MATCH (f:LawFirm {id: $id})<-[m:MEMBER_OF]-(l:Lawyer)
OPTIONAL MATCH (l)-[:SAME_AS]->(c:Lawyer)
RETURN l.id AS id, l.name AS name, l.kind AS kind, l.title AS title, m.since AS since, m.until AS until,
       m.source AS source, collect(c.id) AS canonical
ORDER BY name, id
LIMIT $limit

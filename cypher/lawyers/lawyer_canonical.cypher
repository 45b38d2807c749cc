// The registered lawyer(s) each lawyer node stands for (a name-at-firm node links to one by SAME_AS).
UNWIND $ids AS id
MATCH (l:Lawyer {id: id})
OPTIONAL MATCH (l)-[:SAME_AS]->(c:Lawyer)
RETURN id, l.kind AS kind, collect(c.id) AS canonical

// A lawyer node, the registered lawyer it resolves to, and the nodes resolved to it.
MATCH (l:Lawyer {id: $id})
OPTIONAL MATCH (l)-[:SAME_AS]->(c:Lawyer)
OPTIONAL MATCH (a:Lawyer)-[:SAME_AS]->(l)
RETURN l AS lawyer, collect(DISTINCT c.id) AS canonical, collect(DISTINCT a.id) AS aliases

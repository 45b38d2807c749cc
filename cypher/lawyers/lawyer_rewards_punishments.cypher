// Rewards and punishments of a lawyer (any of the given nodes).
UNWIND $ids AS id
MATCH (:Lawyer {id: id})-[:SANCTIONED|AWARDED]->(x)
RETURN x.id AS id, labels(x)[0] AS label, x.kind AS kind, x.date AS date, x.authority AS authority,
       x.decision AS decision, x.disclosure AS disclosure
ORDER BY date DESC

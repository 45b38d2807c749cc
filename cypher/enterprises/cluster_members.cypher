// Members of the given clusters, riskiest first.
UNWIND $ids AS cid
MATCH (e:Enterprise)-[:IN_CLUSTER]->(c:Cluster {id: cid})
RETURN cid AS cluster, e.id AS id, e.name AS name, e.risk_level AS level, e.risk_score AS score
ORDER BY cluster, score DESC, id

// The cluster (if any) of each given enterprise.
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})
RETURN e.id AS id, e.cluster_id AS cluster, e.risk_level AS level, e.risk_score AS score

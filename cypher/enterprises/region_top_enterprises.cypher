// The riskiest enterprises placed in a division or in the divisions inside it.
MATCH (d:Division {id: $id})<-[:PART_OF*0..2]-(:Division)<-[:IN_DIVISION]-(e:Enterprise)
WHERE e.risk_score IS NOT NULL
RETURN e.id AS id, e.name AS name, e.risk_score AS score, e.risk_level AS level, e.division AS division,
       e.division_name AS division_name, e.cluster_id AS cluster, e.risk_reasons AS reasons
ORDER BY score DESC, id
SKIP $skip
LIMIT $limit

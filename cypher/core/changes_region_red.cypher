// The red enterprises of a division (or of the divisions inside it), riskiest first.
MATCH (d:Division {id: $id})<-[:PART_OF*0..2]-(:Division)<-[:IN_DIVISION]-(e:Enterprise)
WHERE e.risk_level = 'red'
RETURN DISTINCT e.id AS id, e.name AS name, e.risk_score AS score
ORDER BY score DESC, id
LIMIT $limit

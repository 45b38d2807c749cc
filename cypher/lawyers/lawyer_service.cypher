// Social service a lawyer declared; only reviewed declarations leave the graph.
UNWIND $ids AS id
MATCH (:Lawyer {id: id})-[:SERVED]->(s:ServiceRecord)
WHERE s.reviewed = true
RETURN s.id AS id, s.activity AS activity, s.date AS date, s.hours AS hours, s.disclosure AS disclosure
ORDER BY date DESC

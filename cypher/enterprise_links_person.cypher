// Enterprises sharing a legal representative, officer or shareholder (the same resolved person).
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})<-[r:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF]-(p:Person)-[r2:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF]->(o:Enterprise)
WHERE o.id <> id
RETURN DISTINCT id AS source, 'person' AS via_kind, p.id AS via, p.name AS via_label, type(r) AS rel_from,
       type(r2) AS rel_to, o.id AS target, o.name AS name, o.risk_level AS level, o.risk_score AS score
LIMIT $limit

// Cases lawyers acted in for a firm (as judgments name the firm), by year.
MATCH (f:LawFirm {id: $id})<-[:MEMBER_OF]-(l:Lawyer)-[r:REPRESENTED]->(:Party)-[:PARTY_TO]->(c:Case)
WHERE l.kind = 'appearance'
RETURN c.year AS year, count(DISTINCT c) AS cases
ORDER BY year

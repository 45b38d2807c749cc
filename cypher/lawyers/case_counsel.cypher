// Counsel of a case: who acted for which party, with the registered lawyer each resolves to.
MATCH (c:Case {id: $id})<-[:PARTY_TO]-(p:Party)<-[r:REPRESENTED]-(l:Lawyer)
OPTIONAL MATCH (l)-[:SAME_AS]->(k:Lawyer)
RETURN l.id AS id, l.name AS name, l.firm_name AS firm, r.title AS title, r.side AS side, r.role AS role,
       p.role_detail AS trial_role, p.id AS party_id,
       collect(k.id) AS canonical
ORDER BY name, party_id

// Parties of a case (names as stored: masked for natural persons) with the outcome for each.
MATCH (c:Case {id: $id})<-[:PARTY_TO]-(p:Party)
OPTIONAL MATCH (c)-[d:DECIDED]->(p)
OPTIONAL MATCH (p)-[:IDENTIFIED_AS]->(e:Enterprise)
RETURN p.id AS id, p.name AS name, p.kind AS kind, p.role AS role, p.role_detail AS role_detail,
       p.side AS side, d.outcome AS outcome, e.id AS enterprise_id
ORDER BY id

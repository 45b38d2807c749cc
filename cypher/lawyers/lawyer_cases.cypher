// Every case a lawyer (any of the given nodes) acted in: court, number, cause, side, outcome, source document.
// Ordered to the last column: a case with several parties is one row per party, in the same order on every engine.
UNWIND $ids AS id
MATCH (s:Lawyer {id: id})-[r:REPRESENTED]->(p:Party)-[:PARTY_TO]->(c:Case)
OPTIONAL MATCH (c)-[d:DECIDED]->(p)
OPTIONAL MATCH (c)-[:HEARD_BY]->(ct:Court)
RETURN c.id AS case_id, c.case_number AS case_number, c.cause AS cause, c.date AS date, c.year AS year,
       c.case_type AS case_type, c.case_type_name AS case_type_name, c.jurisdiction AS jurisdiction,
       c.doc_id AS doc_id, ct.name AS court, ct.id AS court_id, r.side AS side, r.role AS role,
       r.title AS title, p.name AS party, d.outcome AS outcome, s.firm_name AS firm
ORDER BY date DESC, case_id, party, side, role, title, firm, outcome

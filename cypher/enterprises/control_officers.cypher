// The legal representatives and officers of the given enterprises (for board control and for the legal
// representative of a controlling parent), with the fact ids.
UNWIND $ids AS id
MATCH (p:Person)-[r:LEGAL_REP_OF|OFFICER_OF]->(e:Enterprise {id: id})
RETURN id AS enterprise, p.id AS person, p.name AS name, type(r) AS rel, r.role AS role, r.role_text AS role_text,
       r.fid AS fid
ORDER BY enterprise, rel, person, fid

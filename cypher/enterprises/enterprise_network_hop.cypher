// One hop of the enterprise network for a whole frontier at once. For each frontier enterprise: its
// connectors of the kinds asked (address, phone, email, person, shareholder) and, per connector, the
// other enterprises on it (riskiest first, at most $per_node, with the connector's full `degree` so that
// a cut hub such as a business-centre address shows). A corporate shareholder is itself the other
// enterprise (a name-only holder through SAME_AS), holding or held. Connectors in $seen were expanded
// at an earlier hop: a ring's shared address is not expanded again for each member. Links that ended (an
// address or legal representative a later change record replaced: `until` set) are history, not links.
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})-[r:REGISTERED_AT|HAS_PHONE|HAS_EMAIL|LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF]-(c)
WHERE NOT c.id IN $seen AND r.until IS NULL
WITH id, e, r, c,
     CASE type(r) WHEN 'REGISTERED_AT' THEN 'address' WHEN 'HAS_PHONE' THEN 'phone' WHEN 'HAS_EMAIL' THEN 'email'
     ELSE CASE WHEN 'Enterprise' IN labels(c) THEN 'shareholder' ELSE 'person' END END AS kind
WHERE kind IN $kinds
WITH id, c, kind, CASE WHEN kind <> 'shareholder' THEN type(r) WHEN startNode(r) = e THEN 'HOLDS' ELSE 'HELD_BY' END AS rel_from
// Each connector kind is followed in its own direction and types: one undirected multi-type step costs
// several times more on FalkorDB.
OPTIONAL MATCH (c)<-[r2:REGISTERED_AT|HAS_PHONE|HAS_EMAIL]-(o:Enterprise)
WHERE kind IN ['address', 'phone', 'email'] AND r2.until IS NULL
OPTIONAL MATCH (c)-[r3:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF]->(p:Enterprise)
WHERE kind = 'person' AND r3.until IS NULL
OPTIONAL MATCH (c)-[:SAME_AS]->(res:Enterprise)
WHERE kind = 'shareholder'
WITH id, c, kind, rel_from, coalesce(r2, r3) AS r2,
     CASE kind WHEN 'shareholder' THEN coalesce(res, c) WHEN 'person' THEN p ELSE o END AS other
WHERE other IS NOT NULL AND other.id <> id
WITH id, c, kind, rel_from, r2, other ORDER BY coalesce(other.risk_score, -1.0) DESC, other.id, type(r2)
WITH id, c, kind, rel_from, collect([other, CASE WHEN r2 IS NULL THEN 'SHAREHOLDER_OF' ELSE type(r2) END]) AS others
RETURN id AS source, kind AS via_kind, CASE WHEN kind = 'shareholder' THEN NULL ELSE c.id END AS via,
       CASE WHEN kind = 'shareholder' THEN NULL ELSE coalesce(c.text, c.number, c.address, c.name) END AS via_label,
       rel_from, size(others) AS degree,
       [x IN others[0..$per_node] | {id: x[0].id, name: x[0].name, level: x[0].risk_level, score: x[0].risk_score,
                                     rel: x[1]}] AS targets
ORDER BY source, via_kind, via, rel_from, targets[0].id, degree
LIMIT $limit

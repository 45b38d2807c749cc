// Dated events of the given enterprises (registered ones and the name-only ones resolved to them): changes,
// penalties, abnormal listings, verdicts, court cases as a party; each part in a fixed order (events of a
// day keep row order in the snapshot: the same model on every engine).
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})-[:HAS_CHANGE]->(c:Change)
RETURN e.id AS id, 'change' AS kind, c.date AS date, c.kind AS detail, c.capital_before AS a,
       c.capital_after AS b, c.industry_before AS x, c.industry_after AS y, NULL AS until
ORDER BY id, date, x, detail, a, b
UNION ALL
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})-[:PENALISED]->(p:Penalty)
RETURN e.id AS id, 'penalty' AS kind, p.date AS date, p.offence AS detail, p.fine AS a, NULL AS b,
       p.number AS x, NULL AS y, NULL AS until
ORDER BY id, date, x, detail, a, b
UNION ALL
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})-[:LISTED_ABNORMAL]->(l:AbnormalListing)
RETURN e.id AS id, 'abnormal' AS kind, l.listed_on AS date, l.reason AS detail, NULL AS a, NULL AS b,
       l.id AS x, NULL AS y, l.removed_on AS until
ORDER BY id, date, x, detail, a, b
UNION ALL
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})-[:HAS_VERDICT]->(v:Verdict)
RETURN e.id AS id, 'verdict' AS kind, v.date AS date, v.verdict AS detail, NULL AS a, NULL AS b,
       v.id AS x, v.abnormal AS y, NULL AS until
ORDER BY id, date, x, detail, a, b
UNION ALL
UNWIND $ids AS id
MATCH (p:Party)-[:IDENTIFIED_AS]->(e:Enterprise {id: id})
MATCH (p)-[:PARTY_TO]->(c:Case)
RETURN e.id AS id, 'case' AS kind, c.date AS date, NULL AS detail, NULL AS a, NULL AS b,
       c.id AS x, NULL AS y, NULL AS until
ORDER BY id, date, x, detail, a, b

// Registered enterprises by id with what matching compares: names and former names, code, division,
// registered addresses (their parts), phones, and the people representing or serving them. Each list in a
// fixed order (by id; people legal representatives first): matching takes the first legal representative
// and lists places and people in this order, the same on every engine.
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})
OPTIONAL MATCH (e)-[:REGISTERED_AT]->(a:Address)
WITH e, a
ORDER BY a.id
WITH e, collect({id: a.id, building: a.building, country: a.country, postcode: a.postcode, city: a.city,
                 district: a.district, road: a.road, number: a.number}) AS addresses
OPTIONAL MATCH (e)-[:HAS_PHONE]->(t:Phone)
WITH e, addresses, t
ORDER BY t.number, t.id
WITH e, addresses, collect(t.number) AS phones
OPTIONAL MATCH (p:Person)-[r:LEGAL_REP_OF|OFFICER_OF]->(e)
WITH e, addresses, phones, p, r
ORDER BY type(r), p.id
WITH e, addresses, phones, collect({id: p.id, name: p.name, role: type(r)}) AS people
RETURN e.id AS id, e.name AS name, e.name_norm AS name_norm, e.aliases AS aliases, e.code AS code,
       e.code_valid AS code_valid, e.division AS division, addresses, phones, people
ORDER BY id

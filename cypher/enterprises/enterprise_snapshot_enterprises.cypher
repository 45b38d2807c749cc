// Registered enterprises with the attributes the risk features use, their connectors (registered address with
// its building, phones, e-mails, people) and the name-only enterprises resolved to them, for one page of their
// ids (enterprise_registered_ids, sorted: the id order is the model's enterprise index on every engine). One
// row per enterprise: lists instead of a row per link keep the reply small. (Each list names its own
// variables: FalkorDB 4.16 mixes up a name reused across pattern comprehensions.)
// Unordered lists: addresses, phones, emails, people, aliases (each engine lists them in its own order; the
// snapshot sorts them).
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})
WHERE e.registered = true
RETURN e.id AS id, e.name AS name, e.founded AS founded, e.registered_capital AS capital,
       e.paid_capital AS paid, e.division AS division, e.code_valid AS code_valid,
       e.division_check AS division_check,
       [(e)-[:REGISTERED_AT]->(a:Address) | [a.id, a.building]] AS addresses,
       [(e)-[:HAS_PHONE]->(t:Phone) | t.id] AS phones,
       [(e)-[:HAS_EMAIL]->(m:Email) | m.id] AS emails,
       [(e)<-[:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF]-(p:Person) | p.id] AS people,
       [(e)<-[:SAME_AS]-(n:Enterprise) | n.id] AS aliases
ORDER BY id

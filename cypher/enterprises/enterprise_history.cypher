// The dated register facts of one enterprise: its registered addresses, legal representatives and
// RegisterFact values (authority, capital, name, legal form), each with since / until / last_seen, and
// whether it is the current one: no until, and stated by the latest dated record stating that field
// (records of one enterprise from different dates, ingested in any order, leave one current value).
MATCH (e:Enterprise {id: $id})-[r:REGISTERED_AT]->(a:Address)
WITH collect({value: a.text, ref: a.id, since: r.since, until: r.until, seen: r.last_seen}) AS rows
WITH rows, reduce(m = '', x IN rows | CASE WHEN x.until IS NULL AND coalesce(x.seen, '') > m
                                           THEN coalesce(x.seen, '') ELSE m END) AS latest
UNWIND rows AS x
RETURN 'address' AS field, x.value AS value, x.ref AS ref, x.since AS since, x.until AS until,
       x.seen AS last_seen, (x.until IS NULL AND coalesce(x.seen, '') = latest) AS current
ORDER BY current DESC, since DESC, value
UNION ALL
MATCH (p:Person)-[r:LEGAL_REP_OF]->(e:Enterprise {id: $id})
WITH collect({value: p.name, ref: p.id, since: r.since, until: r.until, seen: r.last_seen}) AS rows
WITH rows, reduce(m = '', x IN rows | CASE WHEN x.until IS NULL AND coalesce(x.seen, '') > m
                                           THEN coalesce(x.seen, '') ELSE m END) AS latest
UNWIND rows AS x
RETURN 'legal_rep' AS field, x.value AS value, x.ref AS ref, x.since AS since, x.until AS until,
       x.seen AS last_seen, (x.until IS NULL AND coalesce(x.seen, '') = latest) AS current
ORDER BY current DESC, since DESC, value
UNION ALL
MATCH (e:Enterprise {id: $id})-[r:HAS_FACT]->(f:RegisterFact)
WITH f.field AS field, collect({value: f.value, ref: f.id, since: r.since, until: r.until, seen: r.last_seen}) AS rows
WITH field, rows, reduce(m = '', x IN rows | CASE WHEN x.until IS NULL AND coalesce(x.seen, '') > m
                                                  THEN coalesce(x.seen, '') ELSE m END) AS latest
UNWIND rows AS x
RETURN field, x.value AS value, x.ref AS ref, x.since AS since, x.until AS until,
       x.seen AS last_seen, (x.until IS NULL AND coalesce(x.seen, '') = latest) AS current
ORDER BY field, current DESC, since DESC, value

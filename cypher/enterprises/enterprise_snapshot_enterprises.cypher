// Registered enterprises with the attributes the risk features use, for one page of their ids
// (enterprise_registered_ids, sorted: the id order is the model's enterprise index on every engine). Their
// connectors come from the enterprise_snapshot_<kind> queries of the same page: one MATCH per kind costs the
// engine a third of what pattern comprehensions in this query cost (FalkorDB 4.16, 10k ids a page).
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})
WHERE e.registered = true
RETURN e.id AS id, e.name AS name, e.founded AS founded, e.registered_capital AS capital,
       e.paid_capital AS paid, e.division AS division, e.code_valid AS code_valid,
       e.division_check AS division_check
ORDER BY id

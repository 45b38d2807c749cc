// Registered enterprises with the attributes the risk features use, by id: the row order is the model's
// enterprise index, so it must be the same on every engine.
MATCH (e:Enterprise)
WHERE e.registered = true
RETURN e.id AS id, e.name AS name, e.founded AS founded, e.registered_capital AS capital,
       e.paid_capital AS paid, e.division AS division, e.code_valid AS code_valid,
       e.division_check AS division_check
ORDER BY id

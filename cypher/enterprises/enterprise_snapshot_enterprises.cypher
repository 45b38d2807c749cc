// Registered enterprises with the attributes the risk features use.
MATCH (e:Enterprise)
WHERE e.registered = true
RETURN e.id AS id, e.name AS name, e.founded AS founded, e.registered_capital AS capital,
       e.paid_capital AS paid, e.division AS division, e.code_valid AS code_valid,
       e.division_check AS division_check

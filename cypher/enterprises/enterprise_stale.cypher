// Registered enterprises that a record touched since they were last scored, with their current level.
MATCH (e:Enterprise)
WHERE e.risk_stale = true AND e.registered = true
RETURN e.id AS id, e.risk_level AS level
LIMIT $limit

// Registered enterprises with their names and former names: the targets of name resolution.
MATCH (e:Enterprise)
WHERE e.registered = true
RETURN e.id AS id, e.name AS name, e.name_norm AS name_norm, e.aliases AS aliases, e.division AS division

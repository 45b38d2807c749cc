// Registered enterprises with their names and former names: the targets of name resolution, one keyset
// page at a time in id order (the ids after $after, at most $limit), so that no reply holds the register.
MATCH (e:Enterprise)
WHERE e.registered = true AND e.id > $after
RETURN e.id AS id, e.name AS name, e.name_norm AS name_norm, e.aliases AS aliases, e.division AS division
ORDER BY id
LIMIT $limit

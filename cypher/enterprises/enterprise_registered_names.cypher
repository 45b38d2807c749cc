// Registered enterprises with their names and former names (the targets of name resolution), for one page of
// their ids.
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})
WHERE e.registered = true
RETURN e.id AS id, e.name AS name, e.name_norm AS name_norm, e.aliases AS aliases, e.division AS division
ORDER BY id

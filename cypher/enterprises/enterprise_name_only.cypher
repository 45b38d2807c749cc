// Enterprises known only by a name (manufacturers, judgment parties, corporate shareholders), to resolve.
MATCH (e:Enterprise)
WHERE e.id STARTS WITH 'NAME:'
RETURN e.id AS id, e.name AS name, e.name_norm AS name_norm

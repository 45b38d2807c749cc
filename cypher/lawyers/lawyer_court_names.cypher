// Names of courts by id (a court typed by a citizen is matched on them).
UNWIND $ids AS id
MATCH (c:Court {id: id})
RETURN c.id AS id, c.name AS name

// A case with its court.
MATCH (c:Case {id: $id})
OPTIONAL MATCH (c)-[:HEARD_BY]->(ct:Court)
RETURN c AS case, ct.id AS court_id, ct.name AS court, ct.level AS court_level

// The registered addresses (with their building) of a page of enterprises, one row per link, unordered
// (the snapshot sorts an enterprise's connectors).
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})-[:REGISTERED_AT]->(a:Address)
RETURN e.id AS id, a.id AS value, a.building AS building

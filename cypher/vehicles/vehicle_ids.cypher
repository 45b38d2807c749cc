// Every vehicle model id, in pages (offline scoring of the whole graph).
MATCH (v:VehicleModel)
RETURN v.id AS id, v.name AS name, v.make AS make, v.model AS model, v.year AS year
ORDER BY id
SKIP $skip
LIMIT $limit

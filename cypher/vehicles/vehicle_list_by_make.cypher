// Vehicle models of one make (by Make id), in pages.
MATCH (m:Make {id: $make_id})-[:HAS_MODEL]->(v:VehicleModel)
RETURN v.id AS id, v.make AS make, v.model AS model, v.year AS year
ORDER BY make, model, year
SKIP $skip
LIMIT $limit

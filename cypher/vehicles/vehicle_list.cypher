// Vehicle models to pick from (make, model, year), in pages.
MATCH (v:VehicleModel)
RETURN v.id AS id, v.make AS make, v.model AS model, v.year AS year
ORDER BY make, model, year
SKIP $skip
LIMIT $limit

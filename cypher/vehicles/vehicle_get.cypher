// One vehicle model by id.
MATCH (v:VehicleModel {id: $id})
RETURN v.id AS id, v.make AS make, v.model AS model, v.year AS year, v.name AS name

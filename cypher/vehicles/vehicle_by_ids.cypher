// Vehicle models by id (name, make, model, year).
UNWIND $ids AS vid
MATCH (v:VehicleModel {id: vid})
RETURN v.id AS id, v.name AS name, v.make AS make, v.model AS model, v.year AS year

// Every investigation with its vehicle models, component system and verdict: the training labels.
MATCH (i:Investigation)-[:COVERS]->(v:VehicleModel)
MATCH (i)-[:CONCERNS]->(k:Component)
RETURN DISTINCT i.id AS id, i.action AS action, v.id AS vehicle, v.name AS vehicle_name, k.system AS system,
       i.opened AS opened, i.closed AS closed, i.verdict AS verdict
ORDER BY opened, id, vehicle, system

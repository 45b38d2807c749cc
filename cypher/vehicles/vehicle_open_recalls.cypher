// Open data: recall campaigns per vehicle model and component (no personal data).
MATCH (r:Recall)-[:COVERS]->(v:VehicleModel)
OPTIONAL MATCH (r)-[:CONCERNS]->(k:Component)
RETURN r.campno AS campaign, r.date AS date, v.make AS make, v.model AS model, v.year AS model_year,
       k.path AS component, r.units AS units, r.influenced_by AS influenced_by, r.lang AS language
ORDER BY date, campaign, make, model, model_year, component
SKIP $skip
LIMIT $limit

// Open data: complaint statistics per vehicle model and component system (counts only).
MATCH (c:Complaint)-[:ABOUT]->(v:VehicleModel)
MATCH (c)-[:CONCERNS]->(k:Component)
WITH v, k.system AS system, c
WITH v, system, count(DISTINCT c) AS complaints,
     toInteger(sum(CASE WHEN c.crash THEN 1 ELSE 0 END)) AS crashes,
     toInteger(sum(CASE WHEN c.fire THEN 1 ELSE 0 END)) AS fires,
     toInteger(sum(coalesce(c.injured, 0))) AS injured, toInteger(sum(coalesce(c.deaths, 0))) AS deaths,
     min(c.date) AS first_complaint, max(c.date) AS last_complaint
RETURN v.make AS make, v.model AS model, v.year AS model_year, system AS component_system, complaints, crashes,
       fires, injured, deaths, first_complaint, last_complaint
ORDER BY make, model, model_year, component_system
SKIP $skip
LIMIT $limit

// Recalls on sibling models that share a platform with the given vehicle models, in a fixed order.
UNWIND $ids AS vid
MATCH (v:VehicleModel {id: vid})-[sp:SHARES_PLATFORM]->(p:Platform)<-[:SHARES_PLATFORM]-(v2:VehicleModel)
WHERE v2.id <> vid
MATCH (v2)<-[:COVERS]-(r:Recall)-[:CONCERNS]->(k:Component)
RETURN DISTINCT vid AS vehicle, p.name AS platform, sp.date AS linked, v2.id AS sibling, v2.name AS sibling_name,
       r.id AS recall, r.date AS date, k.system AS system
ORDER BY vehicle, system, date, recall, sibling, platform, linked

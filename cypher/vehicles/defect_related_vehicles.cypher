// Models whose features a recall or investigation of the given models can change: platform siblings
// and models sharing a supplier (not the model itself: FalkorDB would reach it back through the same
// relationship, Neo4j would not, and would through a second one). Anchored on VehicleModel ids.
UNWIND $ids AS vid
MATCH (v:VehicleModel {id: vid})
OPTIONAL MATCH (v)-[:SHARES_PLATFORM]->(:Platform)<-[:SHARES_PLATFORM]-(sibling:VehicleModel)
WHERE sibling.id <> vid
OPTIONAL MATCH (v)<-[:SUPPLIES]-(:Enterprise)-[:SUPPLIES]->(peer:VehicleModel)
WHERE peer.id <> vid
WITH collect(DISTINCT sibling.id) + collect(DISTINCT peer.id) AS ids
UNWIND ids AS id
RETURN DISTINCT id AS vehicle

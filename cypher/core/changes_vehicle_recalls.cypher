// Recalls covering watched vehicle models.
UNWIND $ids AS id
MATCH (v:VehicleModel {id: id})<-[:COVERS]-(r:Recall)
RETURN id, r.id AS fact, r.campno AS campno, r.date AS date, r.units AS units, r.remedy AS remedy
ORDER BY id, date, fact

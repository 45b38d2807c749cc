// Recalls, bulletins and investigations covering the given vehicle models, per component system.
UNWIND $ids AS vid
MATCH (v:VehicleModel {id: vid})<-[:COVERS]-(d)-[r:CONCERNS]->(k:Component)
RETURN DISTINCT vid AS vehicle, labels(d)[0] AS kind, d.id AS id, coalesce(d.date, d.opened) AS date,
       k.system AS system, d.verdict AS verdict, d.opened AS opened, d.closed AS closed, d.campno AS campno,
       d.action AS action, r.fid AS fid, r.doc_id AS doc_id,
       r.span_start AS span_start, r.span_end AS span_end

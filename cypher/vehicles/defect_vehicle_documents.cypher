// Recalls, bulletins and investigations covering the given vehicle models, per component system; a
// recall's do-not-drive and park-outside advisories (NHTSA's current recall file) with it. In a fixed order:
// documents of one date are shown as evidence in row order.
UNWIND $ids AS vid
MATCH (v:VehicleModel {id: vid})<-[:COVERS]-(d)-[r:CONCERNS]->(k:Component)
RETURN DISTINCT vid AS vehicle, labels(d)[0] AS kind, d.id AS id, coalesce(d.date, d.opened) AS date,
       k.system AS system, d.verdict AS verdict, d.opened AS opened, d.closed AS closed, d.campno AS campno,
       d.action AS action, d.do_not_drive AS do_not_drive, d.park_outside AS park_outside, r.fid AS fid,
       r.doc_id AS doc_id, r.span_start AS span_start, r.span_end AS span_end
ORDER BY vehicle, system, date, id, fid

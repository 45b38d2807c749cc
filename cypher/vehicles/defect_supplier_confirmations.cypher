// Recalls and confirmed investigations that implicate the given suppliers' parts, with the vehicle
// and component system they concern: the defects that propagate to the suppliers' other models. Latest
// first, in a fixed order: the first ones are shown as evidence, the same on every engine.
UNWIND $suppliers AS sid
MATCH (e:Enterprise {id: sid})<-[i:IMPLICATES]-(d)-[:COVERS]->(v:VehicleModel)
MATCH (d)-[:CONCERNS]->(k:Component)
RETURN DISTINCT sid AS supplier, labels(d)[0] AS kind, d.id AS id, coalesce(d.date, d.closed, d.opened) AS date,
       k.system AS system, v.id AS vehicle, v.name AS vehicle_name, i.fid AS fid,
       i.doc_id AS doc_id, i.span_start AS span_start, i.span_end AS span_end
ORDER BY supplier, date DESC, id, vehicle, system, fid

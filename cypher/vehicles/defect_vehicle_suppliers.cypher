// Suppliers named as supplying a component system of the given vehicle models, one row per evidence, in a
// fixed order (their confirmations are listed as evidence in this order).
UNWIND $ids AS vid
MATCH (v:VehicleModel {id: vid})<-[s:SUPPLIES]-(e:Enterprise)
RETURN vid AS vehicle, e.id AS supplier, e.name AS name, s.system AS system, s.date AS date, s.fid AS fid,
       s.doc_id AS doc_id, s.span_start AS span_start, s.span_end AS span_end
ORDER BY vehicle, system, supplier, date, fid

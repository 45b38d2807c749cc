// Complaints about the given vehicle models, per component system, with severity, symptoms and the
// fact id of the complaint's component link (evidence). Anchored on VehicleModel ids.
UNWIND $ids AS vid
MATCH (v:VehicleModel {id: vid})<-[:ABOUT]-(c:Complaint)-[r:CONCERNS]->(k:Component)
OPTIONAL MATCH (c)-[:REPORTS]->(s:Symptom)
// In a fixed order: the symptoms by key, the evidence the component link with the least fact id (engines
// differ in the order they find them, and the evidence is stored and shown).
WITH vid, c, r, k, s
ORDER BY r.fid, s.key
RETURN vid AS vehicle, k.system AS system, c.id AS complaint, c.date AS date, c.crash AS crash, c.fire AS fire,
       coalesce(c.injured, 0) AS injured, coalesce(c.deaths, 0) AS deaths, c.lang AS lang,
       collect(DISTINCT s.key) AS symptoms,
       collect([r.fid, r.doc_id, r.span_start, r.span_end])[0] AS evidence

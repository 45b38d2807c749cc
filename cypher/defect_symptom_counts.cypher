// Complaints per (vehicle model, component system, symptom) before a date, for symptom agreement. The
// row with symptom '*' counts the pair's complaints naming any symptom. Anchored on VehicleModel ids.
UNWIND $ids AS vid
MATCH (v:VehicleModel {id: vid})<-[a:ABOUT]-(c:Complaint)-[:CONCERNS]->(k:Component)
WHERE a.date < $as_of
WITH DISTINCT vid, k.system AS system, c
MATCH (c)-[:REPORTS]->(s:Symptom)
WITH vid, system, c, collect(DISTINCT s.key) AS symptoms
UNWIND symptoms + ['*'] AS symptom
RETURN vid AS vehicle, system, symptom, count(c) AS complaints

// The given complaints as evidence: per component system, the fact id and span of the component link,
// the date, severity and symptoms. Anchored on Complaint ids.
UNWIND $ids AS cid
MATCH (c:Complaint {id: cid})-[r:CONCERNS]->(k:Component)
OPTIONAL MATCH (c)-[:REPORTS]->(s:Symptom)
RETURN cid AS complaint, k.system AS system, c.date AS date,
       coalesce(c.crash, false) OR coalesce(c.fire, false) OR coalesce(c.injured, 0) > 0
         OR coalesce(c.deaths, 0) > 0 AS severe,
       collect(DISTINCT s.key) AS symptoms, collect([r.fid, r.doc_id, r.span_start, r.span_end])[0] AS evidence

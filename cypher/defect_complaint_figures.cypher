// Complaint figures per (vehicle model, component system) as of a date, aggregated in the graph (one row
// per pair, not per complaint): counts in the windows the features and the surge detector use, severity
// sums, the latest date, and the ids of the most severe then latest complaints (the evidence). A
// complaint naming several parts of one system counts once. Anchored on VehicleModel ids; the date is
// filtered on the ABOUT edge so that the planner starts from the vehicle, not from a Complaint.date scan.
UNWIND $ids AS vid
MATCH (v:VehicleModel {id: vid})<-[a:ABOUT]-(c:Complaint)-[:CONCERNS]->(k:Component)
WHERE a.date < $as_of
WITH DISTINCT vid, k.system AS system, c
WITH vid, system, c,
     coalesce(c.crash, false) OR coalesce(c.fire, false) OR coalesce(c.injured, 0) > 0
       OR coalesce(c.deaths, 0) > 0 AS severe
ORDER BY severe DESC, c.date DESC, c.id DESC
WITH vid, system, count(c) AS complaints,
     sum(CASE WHEN c.date >= $since_12m THEN 1 ELSE 0 END) AS complaints_12m,
     sum(CASE WHEN c.date >= $since_3m THEN 1 ELSE 0 END) AS complaints_3m,
     sum(CASE WHEN c.date >= $since_surge_base THEN 1 ELSE 0 END) AS complaints_surge_span,
     sum(CASE WHEN severe THEN 1 ELSE 0 END) AS severe,
     sum(coalesce(c.injured, 0) + coalesce(c.deaths, 0)) AS harmed,
     sum(CASE WHEN coalesce(c.fire, false) THEN 1 ELSE 0 END) AS fires,
     max(c.date) AS last_complaint, collect(c.id)[0..$evidence] AS evidence
RETURN vid AS vehicle, system, complaints, complaints_12m, complaints_3m, complaints_surge_span, severe, harmed,
       fires, last_complaint, evidence

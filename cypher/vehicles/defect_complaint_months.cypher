// Complaint figures per (vehicle model, component system) from the monthly aggregates of the months
// before $month (yyyy-mm): one row per pair with the counts in the windows starting at the months
// $since_12m / $since_3m / $since_surge_base (yyyy-mm), severity sums, the latest date and, as evidence,
// the top $evidence complaints (Complaint.entry strings: rank, fact id, span, symptoms; best first). The
// rows read grow with the months of data, not with the complaints. Counts as integers (FalkorDB's sum() is a
// float). Anchored on ComplaintMonth.vehicle.
UNWIND $ids AS vid
MATCH (m:ComplaintMonth {vehicle: vid})
WHERE m.month < $month
WITH vid, m.system AS system, toInteger(sum(m.complaints)) AS complaints,
     toInteger(sum(CASE WHEN m.month >= $since_12m THEN m.complaints ELSE 0 END)) AS complaints_12m,
     toInteger(sum(CASE WHEN m.month >= $since_3m THEN m.complaints ELSE 0 END)) AS complaints_3m,
     toInteger(sum(CASE WHEN m.month >= $since_surge_base THEN m.complaints ELSE 0 END)) AS complaints_surge_span,
     toInteger(sum(m.severe)) AS severe, toInteger(sum(m.harmed)) AS harmed, toInteger(sum(m.fires)) AS fires,
     toInteger(sum(m.with_symptoms)) AS with_symptoms, max(m.last_complaint) AS last_complaint,
     collect(m.evidence) AS ranked
// Flattened by two UNWINDs: a reduce() concatenating the lists copies them again at every month.
UNWIND ranked AS items
UNWIND items AS rank
WITH vid, system, complaints, complaints_12m, complaints_3m, complaints_surge_span, severe, harmed, fires,
     with_symptoms, last_complaint, rank
ORDER BY rank DESC
RETURN vid AS vehicle, system, complaints, complaints_12m, complaints_3m, complaints_surge_span, severe, harmed,
       fires, with_symptoms, last_complaint, collect(rank)[0..$evidence] AS evidence

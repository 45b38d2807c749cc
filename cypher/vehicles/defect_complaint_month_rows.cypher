// The monthly complaint aggregates of the given vehicle models, one row per month node (for checks and
// inspection). Anchored on the indexed ComplaintMonth.vehicle.
UNWIND $ids AS vid
MATCH (m:ComplaintMonth {vehicle: vid})
RETURN m.id AS id, vid AS vehicle, m.system AS system, m.month AS month, m.complaints AS complaints,
       m.severe AS severe, m.harmed AS harmed, m.fires AS fires, m.with_symptoms AS with_symptoms,
       m.symptom_keys AS symptom_keys, m.symptom_counts AS symptom_counts, m.last_complaint AS last_complaint,
       m.evidence AS evidence
ORDER BY id

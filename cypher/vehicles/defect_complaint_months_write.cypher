// Store the monthly complaint aggregates of (vehicle model, component system) pairs, recomputed from the
// complaints (reasoning/defect_aggregates.py): every property is set, never incremented.
UNWIND $rows AS row
MERGE (m:ComplaintMonth {id: row.id})
SET m.vehicle = row.vehicle, m.system = row.system, m.month = row.month, m.complaints = row.complaints,
    m.severe = row.severe, m.harmed = row.harmed, m.fires = row.fires, m.with_symptoms = row.with_symptoms,
    m.symptom_keys = row.symptom_keys, m.symptom_counts = row.symptom_counts,
    m.last_complaint = row.last_complaint, m.evidence = row.evidence

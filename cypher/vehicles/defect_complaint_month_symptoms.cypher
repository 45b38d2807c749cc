// Complaints per (vehicle model, component system, symptom) from the monthly aggregates of the months
// before $month (yyyy-mm), for symptom agreement (sums as integers: FalkorDB's sum() is a float). Anchored on the indexed ComplaintMonth.vehicle.
UNWIND $ids AS vid
MATCH (m:ComplaintMonth {vehicle: vid})
WHERE m.month < $month AND size(m.symptom_keys) > 0
UNWIND range(0, size(m.symptom_keys) - 1) AS i
RETURN vid AS vehicle, m.system AS system, m.symptom_keys[i] AS symptom, toInteger(sum(m.symptom_counts[i])) AS complaints

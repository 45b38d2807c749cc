// Drop the month aggregates of the given vehicle models that the latest recomputation did not write.
// Anchored on the indexed ComplaintMonth.vehicle.
UNWIND $ids AS vid
MATCH (m:ComplaintMonth {vehicle: vid})
WHERE NOT m.id IN $keep
DELETE m

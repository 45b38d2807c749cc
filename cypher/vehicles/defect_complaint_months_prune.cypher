// Drop the month aggregates of vehicle models that their latest recomputation did not write: one row per
// (vehicle model, the month node ids kept), so each membership test is against one vehicle's months.
// Anchored on the indexed ComplaintMonth.vehicle.
UNWIND $rows AS row
MATCH (m:ComplaintMonth {vehicle: row.vehicle})
WHERE NOT m.id IN row.keep
DELETE m

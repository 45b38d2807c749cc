// Store each enterprise's rank within its risk level (riskiest first).
UNWIND $rows AS row
MATCH (e:Enterprise {id: row.id})
SET e.risk_rank = row.rank

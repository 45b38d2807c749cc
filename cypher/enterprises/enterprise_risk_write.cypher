// Store each enterprise's score, level and reasons (JSON) from the latest scoring run; it is no longer stale.
UNWIND $rows AS row
MATCH (e:Enterprise {id: row.id})
SET e.risk_score = row.score, e.risk_level = row.level, e.risk_reasons = row.reasons,
    e.risk_scored_at = row.scored_at, e.risk_model = row.model,
    e.risk_stale = false

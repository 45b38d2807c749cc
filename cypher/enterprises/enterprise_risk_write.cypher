// Store each enterprise's score, level and reasons (JSON) from the latest scoring run; it is no longer stale.
// A full scoring writes each one's rank within its level in the same write; a row without a rank (the
// enterprises one ingest touched) keeps the stored one until they are re-ranked.
UNWIND $rows AS row
MATCH (e:Enterprise {id: row.id})
SET e.risk_score = row.score, e.risk_level = row.level, e.risk_reasons = row.reasons,
    e.risk_scored_at = row.scored_at, e.risk_model = row.model,
    e.risk_rank = coalesce(row.rank, e.risk_rank), e.risk_stale = false

// Upsert ranked suspicious clusters.
UNWIND $rows AS row
MERGE (c:Cluster {id: row.id})
SET c.rank = row.rank, c.size = row.size, c.score = row.score, c.mean_score = row.mean_score,
    c.red = row.red, c.density = row.density, c.links = row.links, c.division = row.division,
    c.scored_at = row.scored_at

// Open data: sizes and risk of ranked suspicious clusters, by division (no member names).
MATCH (c:Cluster)
RETURN c.rank AS rank, c.size AS size, c.red AS red, round(c.mean_score * 1000) / 1000.0 AS mean_score,
       c.division AS division
ORDER BY rank
SKIP $skip
LIMIT $limit

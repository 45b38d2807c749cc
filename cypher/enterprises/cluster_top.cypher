// Suspicious clusters by rank (rank is indexed, so a page is a range read).
MATCH (c:Cluster)
WHERE c.rank > $skip AND c.rank <= $skip + $limit
RETURN c.id AS id, c.rank AS rank, c.size AS size, c.score AS score, c.mean_score AS mean_score, c.red AS red,
       c.density AS density, c.links AS links, c.division AS division, c.scored_at AS scored_at
ORDER BY rank

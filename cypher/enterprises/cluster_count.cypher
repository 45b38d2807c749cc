// How many clusters the last scoring run ranked.
MATCH (c:Cluster)
RETURN count(c) AS n

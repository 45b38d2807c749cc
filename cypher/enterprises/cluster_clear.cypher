// Remove the clusters of the previous scoring run (members keep their nodes; only the grouping goes).
MATCH (c:Cluster)
DETACH DELETE c

// Forget the cluster ids of the previous scoring run.
MATCH (e:Enterprise)
WHERE e.cluster_id IS NOT NULL
SET e.cluster_id = NULL

// Attach enterprises to their cluster.
UNWIND $rows AS row
MATCH (e:Enterprise {id: row.id})
MATCH (c:Cluster {id: row.cluster})
MERGE (e)-[r:IN_CLUSTER {fid: row.fid}]->(c)
SET e.cluster_id = row.cluster

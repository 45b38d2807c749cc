// Link a name-only enterprise to the registered enterprise it resolves to, with the evidence.
UNWIND $rows AS row
MATCH (a:Enterprise {id: row.start})
MATCH (b:Enterprise {id: row.end})
MERGE (a)-[r:SAME_AS {fid: row.fid}]->(b)
SET r.score = row.score, r.method = row.method, r.evidence = row.evidence, r.extractor = 'enterprise_resolution',
    r.extractor_version = row.version, r.confidence = row.score

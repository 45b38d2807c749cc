// Upsert relationships of one type between two labels, keyed by fact id `fid`.
UNWIND $rows AS row
MATCH (a:__START__ {id: row.start})
MATCH (b:__END__ {id: row.end})
MERGE (a)-[r:__TYPE__ {fid: row.fid}]->(b)
SET r += row.props

// The division table as Division nodes, each linked to its parent.
UNWIND $rows AS row
MERGE (d:Division {id: row.id})
SET d.code = row.code, d.name = row.name, d.level = row.level
WITH d, row
WHERE row.parent IS NOT NULL
MERGE (p:Division {id: row.parent})
MERGE (d)-[r:PART_OF {fid: row.fid}]->(p)

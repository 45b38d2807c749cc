// Drop the resolution links of the given name-only enterprises before they are resolved again.
UNWIND $rows AS row
MATCH (a:Enterprise {id: row.id})-[r:SAME_AS]->(:Enterprise)
DELETE r

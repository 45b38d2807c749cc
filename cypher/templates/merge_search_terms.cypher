// Search terms pointing at the nodes they find (portable variant-tolerant search).
UNWIND $rows AS row
MATCH (n:__LABEL__ {id: row.id})
UNWIND row.terms AS term
MERGE (t:SearchTerm {id: term})
MERGE (t)-[:TERM_OF]->(n)

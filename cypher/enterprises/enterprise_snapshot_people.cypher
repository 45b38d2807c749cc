// The people of a page of enterprises (legal representative, officers, shareholders), each once however
// many roles they hold, unordered. (DISTINCT also because FalkorDB 4.16 gives one row per person where Neo4j
// gives one per role.)
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})<-[:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF]-(p:Person)
RETURN DISTINCT e.id AS id, p.id AS value

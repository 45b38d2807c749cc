// One hop up the ownership tree: the holders (people and companies) of each given enterprise, with the
// share, the amount subscribed, the UK PSC natures of control, the end date and the fact id; a name-only
// corporate holder comes with the registered enterprises it resolves to (SAME_AS, best score first).
UNWIND $ids AS id
MATCH (h)-[s:SHAREHOLDER_OF]->(e:Enterprise {id: id})
OPTIONAL MATCH (h)-[a:SAME_AS]->(r:Enterprise)
RETURN id AS held, h.id AS holder, labels(h)[0] AS label, h.name AS name, h.registered AS registered,
       h.risk_level AS level, s.share AS share, s.amount AS amount, s.natures AS natures, s.until AS until,
       s.since AS since, s.fid AS fid, r.id AS resolved, r.name AS resolved_name, r.risk_level AS resolved_level,
       a.score AS resolved_score
ORDER BY held, holder, fid, resolved_score DESC, resolved

// Shareholders (companies and people) of the given enterprises (registered ones and the name-only ones
// resolved to them), with what the control features need: the share, the amount subscribed (for a share
// not written), the UK PSC natures of control, since and until; a person's name for the explanations.
// One row per SHAREHOLDER_OF fact, unordered: the snapshot sorts and merges them (label predicates in
// WHERE or CASE made FalkorDB 4.16 take minutes here; labels(h)[0] costs nothing).
UNWIND $ids AS id
MATCH (h)-[s:SHAREHOLDER_OF]->(e:Enterprise {id: id})
RETURN h.id AS holder, e.id AS held, labels(h)[0] AS label, h.name AS name, s.share AS share,
       s.amount AS amount, s.natures AS natures, s.since AS since, s.until AS until

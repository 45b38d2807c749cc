// Enterprises by id, for search results.
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})
RETURN e.id AS id, e.name AS name, e.code AS code, e.registered AS registered, e.risk_level AS level,
       e.risk_score AS score, e.division_name AS division_name, e.aliases AS aliases

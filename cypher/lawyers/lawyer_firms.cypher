// Firms a lawyer node is a member of, with the register's since/until.
UNWIND $ids AS id
MATCH (:Lawyer {id: id})-[m:MEMBER_OF]->(f:LawFirm)
RETURN f.id AS firm_id, coalesce(f.name, f.name_seen) AS firm, f.city AS city, m.since AS since, m.until AS until, m.source AS source

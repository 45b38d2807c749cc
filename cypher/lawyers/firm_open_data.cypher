// Open data: law firms with their registered lawyer counts, one page in id order.
MATCH (f:LawFirm)
WITH f ORDER BY f.id SKIP $skip LIMIT $limit
OPTIONAL MATCH (f)<-[m:MEMBER_OF]-(l:Lawyer {kind: 'registered'})
RETURN f.id AS id, coalesce(f.name, f.name_seen) AS name, f.city AS city, f.branch AS branch, f.status AS status,
       f.founded AS founded, f.jurisdiction AS jurisdiction, count(DISTINCT l) AS lawyers
ORDER BY id

// Registered lawyers in id (license) order, one page: the listing when no filter is given.
MATCH (l:Lawyer)
WHERE l.kind = 'registered'
RETURN l.id AS id
ORDER BY id
SKIP $skip
LIMIT $limit

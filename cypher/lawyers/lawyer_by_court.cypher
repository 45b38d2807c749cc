// Lawyers who acted in cases heard by some courts, optionally of some causes, most cases first.
UNWIND $courts AS court
MATCH (:Court {id: court})<-[:HEARD_BY]-(c:Case)<-[:PARTY_TO]-(:Party)<-[:REPRESENTED]-(l:Lawyer)
WITH l, c
WHERE size($causes) = 0 OR c.cause IN $causes
RETURN l.id AS id, count(DISTINCT c) AS relevant
ORDER BY relevant DESC, id
LIMIT $limit

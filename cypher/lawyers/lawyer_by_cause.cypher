// Lawyers who acted in cases of a cause (indexed), optionally only at some courts, most cases first.
UNWIND $causes AS cause
MATCH (c:Case {cause: cause})<-[:PARTY_TO]-(:Party)<-[:REPRESENTED]-(l:Lawyer)
OPTIONAL MATCH (c)-[:HEARD_BY]->(ct:Court)
WITH l, c, ct
WHERE size($courts) = 0 OR ct.id IN $courts
RETURN l.id AS id, count(DISTINCT c) AS relevant
ORDER BY relevant DESC, id
LIMIT $limit

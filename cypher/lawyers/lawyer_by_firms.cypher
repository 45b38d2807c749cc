// Lawyers who practise or practised at some firms, by id (the same ones on every engine when $limit cuts).
UNWIND $firms AS firm
MATCH (:LawFirm {id: firm})<-[:MEMBER_OF]-(l:Lawyer)
RETURN DISTINCT l.id AS id
ORDER BY id
LIMIT $limit

// Lawyers who practise or practised at some firms.
UNWIND $firms AS firm
MATCH (:LawFirm {id: firm})<-[:MEMBER_OF]-(l:Lawyer)
RETURN DISTINCT l.id AS id
LIMIT $limit

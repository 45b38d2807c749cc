// The date of the latest complaint in the graph: the "now" of the data, for as-of scoring.
MATCH (c:Complaint)
RETURN max(c.date) AS latest

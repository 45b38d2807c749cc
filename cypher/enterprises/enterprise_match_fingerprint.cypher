// What the matcher's register depends on, counted: when a count moves, the register and its estimate are rebuilt.
MATCH (e:Enterprise)
WITH count(e) AS enterprises, sum(CASE WHEN e.registered = true THEN 1 ELSE 0 END) AS registered
OPTIONAL MATCH (p:Person)
WITH enterprises, registered, count(p) AS people
OPTIONAL MATCH (a:Address)
RETURN enterprises, registered, people, count(a) AS addresses

// What the matcher's register depends on, counted: when a count moves, the register and its estimate are rebuilt.
// (count(), not sum(): FalkorDB's sum() is a float.)
MATCH (e:Enterprise)
WITH count(e) AS enterprises, count(CASE WHEN e.registered = true THEN 1 END) AS registered
OPTIONAL MATCH (p:Person)
WITH enterprises, registered, count(p) AS people
OPTIONAL MATCH (a:Address)
RETURN enterprises, registered, people, count(a) AS addresses

// How many enterprises are at one risk level.
MATCH (e:Enterprise)
WHERE e.risk_level = $level
RETURN count(e) AS n

// How many enterprises carry a register code that failed its check.
MATCH (e:Enterprise)
WHERE e.code_valid = false
RETURN count(e) AS n

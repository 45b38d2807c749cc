// Lawyers whose current firm is in a city (indexed).
MATCH (l:Lawyer {city: $city})
RETURN l.id AS id
ORDER BY id
LIMIT $limit

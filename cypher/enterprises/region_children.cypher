// The divisions inside one division, with their risk counts (the district view).
MATCH (c:Division)-[:PART_OF]->(d:Division {id: $id})
RETURN c.code AS code, c.name AS name, c.level AS level, coalesce(c.total, 0) AS total, coalesce(c.red, 0) AS red,
       coalesce(c.yellow, 0) AS yellow, coalesce(c.green, 0) AS green
ORDER BY red DESC, total DESC, code
LIMIT $limit

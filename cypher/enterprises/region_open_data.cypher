// Open data: enterprise counts per division and risk level.
MATCH (d:Division)
WHERE d.total IS NOT NULL
RETURN d.code AS code, d.name AS name, d.level AS level, d.total AS enterprises, d.red AS red,
       d.yellow AS yellow, d.green AS green
ORDER BY code
SKIP $skip
LIMIT $limit

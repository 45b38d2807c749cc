// One division with its risk counts and its parent.
MATCH (d:Division {id: $id})
OPTIONAL MATCH (d)-[:PART_OF]->(p:Division)
RETURN d.id AS id, d.code AS code, d.name AS name, d.level AS level, d.total AS total, d.red AS red,
       d.yellow AS yellow, d.green AS green, p.code AS parent

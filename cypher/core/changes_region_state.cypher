// Watched divisions: name and enterprise counts by risk level (written by scoring).
UNWIND $ids AS id
MATCH (d:Division {id: id})
RETURN id, d.code AS code, d.name AS name, d.total AS total, d.red AS red, d.yellow AS yellow, d.green AS green

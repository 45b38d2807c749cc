// Enterprise counts per risk level on each division (rolled up from districts to provinces).
UNWIND $rows AS row
MERGE (d:Division {id: row.id})
SET d.code = row.code, d.total = row.total, d.red = row.red, d.yellow = row.yellow, d.green = row.green,
    d.unscored = row.unscored

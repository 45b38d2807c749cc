// Upsert nodes of one label on their natural key `id`; the label comes from the schema whitelist.
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.id})
SET n += row.props

// Every registered enterprise's id, unordered (the caller sorts them and reads the enterprises in pages of
// ids: a keyset page ordered by id made the engine sort the rest of the register for every page).
MATCH (e:Enterprise)
WHERE e.registered = true
RETURN e.id AS id

// Watched enterprises' dated records: changes, penalties and abnormal listings (node ids are fact ids).
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})-[r:HAS_CHANGE|PENALISED|LISTED_ABNORMAL]->(x)
RETURN id, labels(x)[0] AS label, x.id AS fact, coalesce(x.date, x.listed_on) AS date, x.kind AS kind,
       x.item AS item, x.before AS before, x.after AS after, x.offence AS offence, x.fine AS fine,
       x.number AS number, x.reason AS reason, x.removed_on AS removed_on
ORDER BY id, date, fact

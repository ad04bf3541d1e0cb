// Delete graphkb's :__LABEL__ nodes that are no longer in the graph. $rows: [{id}]. Only nodes marked
// __OWNED__ = true, and only those without a relationship that graphkb did not create (they are kept).
UNWIND $rows AS row
MATCH (n:__LABEL__ {id: row.id})
WHERE n.__OWNED__ = true
OPTIONAL MATCH (n)-[r]-()
WHERE NOT coalesce(r.__OWNED__ = true, false)
WITH n, count(r) AS theirs
WHERE theirs = 0
DETACH DELETE n

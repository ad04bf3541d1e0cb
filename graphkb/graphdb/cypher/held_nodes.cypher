// Which of graphkb's :__LABEL__ nodes with these ids ($ids: no longer in the graph) have a relationship
// that graphkb did not create: a load keeps those (it never deletes anyone else's relationship).
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
WHERE n.__OWNED__ = true
OPTIONAL MATCH (n)-[r]-()
WHERE NOT coalesce(r.__OWNED__ = true, false)
WITH n, count(r) AS theirs
WHERE theirs > 0
RETURN n.id AS id

// Delete graphkb's (:__SOURCE__)-[:__TYPE__]->(:__TARGET__) relationships that are no longer in the
// graph. $rows: [{src, dst}]. Only relationships marked __OWNED__ = true.
UNWIND $rows AS row
MATCH (a:__SOURCE__ {id: row.src})-[r:__TYPE__]->(b:__TARGET__ {id: row.dst})
WHERE r.__OWNED__ = true
DELETE r

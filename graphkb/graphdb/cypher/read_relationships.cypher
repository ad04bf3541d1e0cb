// graphkb's own (:__SOURCE__)-[:__TYPE__]->(:__TARGET__) relationships, for the load's comparison with
// the graph: their endpoints' ids and their properties.
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b:__TARGET__)
WHERE r.__OWNED__ = true
RETURN a.id AS src, b.id AS dst, properties(r) AS props

// graphkb's own (:__SOURCE__)-[:__TYPE__]->(:__TARGET__) relationships, for the load's comparison with
// the graph: per source node, its id and [target id, properties] of each. One record per source
// rather than per relationship: the client decodes several times fewer Bolt messages.
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b:__TARGET__)
WHERE r.__OWNED__ = true
RETURN a.id AS src, collect([b.id, properties(r)]) AS out

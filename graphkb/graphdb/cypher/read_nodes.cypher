// Every :__LABEL__ node, for the load's comparison with the graph: its id, whether graphkb created it
// (__OWNED__ = true), and its properties.
MATCH (n:__LABEL__)
RETURN n.id AS id, coalesce(n.__OWNED__ = true, false) AS owned, properties(n) AS props

// Create or update (:__SOURCE__)-[:__TYPE__]->(:__TARGET__). $rows: [{src, dst, props}]; MERGE, so loading twice changes nothing.
// Only graphkb's own relationships (__OWNED__ = true) between graphkb's own nodes are merged: a
// relationship of the same type that someone else made between the same nodes is never matched.
// A null in props removes that property: one the graph no longer has. Other properties stay.
// One template for every relationship group: __SOURCE__, __TYPE__ and __TARGET__ are filled with a
// pair of labels and a type that graphkb/schema.py allows; the rows are always the $rows parameter.
UNWIND $rows AS row
MATCH (a:__SOURCE__ {id: row.src})
WHERE a.__OWNED__ = true
MATCH (b:__TARGET__ {id: row.dst})
WHERE b.__OWNED__ = true
MERGE (a)-[r:__TYPE__ {__OWNED__: true}]->(b)
SET r += row.props

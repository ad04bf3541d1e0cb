// Load (:__SOURCE__)-[:__TYPE__]->(:__TARGET__). $rows: [{src, dst, props}]; MERGE, so loading twice changes nothing.
// One template for every relationship group: __SOURCE__, __TYPE__ and __TARGET__ are filled with a
// pair of labels and a type that graphkb/schema.py allows; the rows are always the $rows parameter.
UNWIND $rows AS row
MATCH (a:__SOURCE__ {id: row.src})
MATCH (b:__TARGET__ {id: row.dst})
MERGE (a)-[r:__TYPE__]->(b)
SET r += row.props

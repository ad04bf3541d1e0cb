// Create or update :__LABEL__ nodes. $rows: [{id, props}]; MERGE on the unique id, so loading twice changes nothing.
// A node it creates is marked __OWNED__ = true; a node that was there without the mark is not graphkb's
// and is left as it is (the loader refuses a graph that has its id before sending anything).
// A null in props removes that property: one the graph no longer has. Other properties stay.
// One template for every label: __LABEL__ is filled with a label of graphkb/schema.py (Cypher
// cannot take a label as a parameter); the rows are always the $rows parameter.
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.id})
ON CREATE SET n.__OWNED__ = true
WITH n, row
WHERE n.__OWNED__ = true
SET n += row.props

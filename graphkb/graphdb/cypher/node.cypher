// Load :__LABEL__ nodes. $rows: [{id, props}]; MERGE on the unique id, so loading twice changes nothing.
// One template for every label: __LABEL__ is filled with a label of graphkb/schema.py (Cypher
// cannot take a label as a parameter); the rows are always the $rows parameter.
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.id})
SET n += row.props

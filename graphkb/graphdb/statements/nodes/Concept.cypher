// Load :Concept nodes. $rows: [{id, props}]; MERGE on the unique id, so loading twice changes nothing.
UNWIND $rows AS row
MERGE (n:Concept {id: row.id})
SET n += row.props

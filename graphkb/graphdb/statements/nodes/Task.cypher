// Load :Task nodes. $rows: [{id, props}]; MERGE on the unique id, so loading twice changes nothing.
UNWIND $rows AS row
MERGE (n:Task {id: row.id})
SET n += row.props

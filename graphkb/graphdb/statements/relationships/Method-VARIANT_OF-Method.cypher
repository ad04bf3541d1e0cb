// Load (:Method)-[:VARIANT_OF]->(:Method). $rows: [{src, dst, props}]; MERGE, so loading twice changes nothing.
UNWIND $rows AS row
MATCH (a:Method {id: row.src})
MATCH (b:Method {id: row.dst})
MERGE (a)-[r:VARIANT_OF]->(b)
SET r += row.props

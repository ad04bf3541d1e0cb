// Load (:Paper)-[:ADDRESSES]->(:Task). $rows: [{src, dst, props}]; MERGE, so loading twice changes nothing.
UNWIND $rows AS row
MATCH (a:Paper {id: row.src})
MATCH (b:Task {id: row.dst})
MERGE (a)-[r:ADDRESSES]->(b)
SET r += row.props

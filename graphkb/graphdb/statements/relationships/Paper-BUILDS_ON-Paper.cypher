// Load (:Paper)-[:BUILDS_ON]->(:Paper). $rows: [{src, dst, props}]; MERGE, so loading twice changes nothing.
UNWIND $rows AS row
MATCH (a:Paper {id: row.src})
MATCH (b:Paper {id: row.dst})
MERGE (a)-[r:BUILDS_ON]->(b)
SET r += row.props

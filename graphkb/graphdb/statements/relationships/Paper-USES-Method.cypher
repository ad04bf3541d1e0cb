// Load (:Paper)-[:USES]->(:Method). $rows: [{src, dst, props}]; MERGE, so loading twice changes nothing.
UNWIND $rows AS row
MATCH (a:Paper {id: row.src})
MATCH (b:Method {id: row.dst})
MERGE (a)-[r:USES]->(b)
SET r += row.props

// Load (:Paper)-[:CITES]->(:Paper). $rows: [{src, dst, props}]; MERGE, so loading twice changes nothing.
UNWIND $rows AS row
MATCH (a:Paper {id: row.src})
MATCH (b:Paper {id: row.dst})
MERGE (a)-[r:CITES]->(b)
SET r += row.props

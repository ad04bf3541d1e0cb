// Load (:Author)-[:AUTHORED]->(:Paper). $rows: [{src, dst, props}]; MERGE, so loading twice changes nothing.
UNWIND $rows AS row
MATCH (a:Author {id: row.src})
MATCH (b:Paper {id: row.dst})
MERGE (a)-[r:AUTHORED]->(b)
SET r += row.props

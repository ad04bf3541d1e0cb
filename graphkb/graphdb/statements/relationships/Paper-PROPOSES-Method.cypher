// Load (:Paper)-[:PROPOSES]->(:Method). $rows: [{src, dst, props}]; MERGE, so loading twice changes nothing.
UNWIND $rows AS row
MATCH (a:Paper {id: row.src})
MATCH (b:Method {id: row.dst})
MERGE (a)-[r:PROPOSES]->(b)
SET r += row.props

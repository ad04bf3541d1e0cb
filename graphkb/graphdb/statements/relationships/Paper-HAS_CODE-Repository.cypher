// Load (:Paper)-[:HAS_CODE]->(:Repository). $rows: [{src, dst, props}]; MERGE, so loading twice changes nothing.
UNWIND $rows AS row
MATCH (a:Paper {id: row.src})
MATCH (b:Repository {id: row.dst})
MERGE (a)-[r:HAS_CODE]->(b)
SET r += row.props

// Load (:Paper)-[:MENTIONS]->(:Concept). $rows: [{src, dst, props}]; MERGE, so loading twice changes nothing.
UNWIND $rows AS row
MATCH (a:Paper {id: row.src})
MATCH (b:Concept {id: row.dst})
MERGE (a)-[r:MENTIONS]->(b)
SET r += row.props

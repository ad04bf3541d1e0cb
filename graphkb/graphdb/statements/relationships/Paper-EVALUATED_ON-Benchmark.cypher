// Load (:Paper)-[:EVALUATED_ON]->(:Benchmark). $rows: [{src, dst, props}]; MERGE, so loading twice changes nothing.
UNWIND $rows AS row
MATCH (a:Paper {id: row.src})
MATCH (b:Benchmark {id: row.dst})
MERGE (a)-[r:EVALUATED_ON]->(b)
SET r += row.props

// Load (:Paper)-[:IN_TOPIC]->(:Topic). $rows: [{src, dst, props}]; MERGE, so loading twice changes nothing.
UNWIND $rows AS row
MATCH (a:Paper {id: row.src})
MATCH (b:Topic {id: row.dst})
MERGE (a)-[r:IN_TOPIC]->(b)
SET r += row.props

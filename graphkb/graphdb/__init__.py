"""graphkb and Neo4j: rows for Bolt loading, the loader, queries, and a local Bolt server.

- rows: a KnowledgeGraph as batches of Neo4j-storable rows, per label and relationship type.
- statements: the Cypher the loader sends (constraints, indexes, MERGE templates), from the schema.
- connection: one place that opens a driver and turns driver errors into one-line GraphkbErrors.
- loader: schema first, then `UNWIND $rows AS row MERGE ...` one transaction per batch.
- query: run a query (or a pack file) and format the records.
- server: a local Bolt server (ArcadeDB from `graphkb[server]`, in a child process) for
  `graphkb serve`, the tests and the benchmark.
"""

"""graphkb and Neo4j: rows for Bolt loading, the loader, queries, and a local Bolt server.

- rows: a KnowledgeGraph as batches of Neo4j-storable rows, per label and relationship type.
- cypher_files: where the .cypher files are (schema, query pack, loader statements).
- connection: one place that opens a driver and turns driver errors into one-line GraphkbErrors.
- loader: schema first, then `UNWIND $rows AS row MERGE ...` one transaction per batch.
- query: run a query (or a pack file) and format the records.
- server: a local Bolt server (ArcadeDB from `graphkb[server]`, in a child process) for
  `graphkb serve`, the tests and the benchmark.
"""

// Which papers propose new benchmarks or datasets, and are they used?
//
// Papers that propose a benchmark, with how many other papers are evaluated on it.
//
// Parameters:
//   $limit  integer  how many rows to return (default 20)
//
// Returns: id, title, benchmark (name), used_by (other papers evaluated on it),
//          evidence (the sentence that says the paper proposes it)
MATCH (p:Paper)-[pr:PROPOSES]->(b:Benchmark)
OPTIONAL MATCH (b)<-[:EVALUATED_ON|PROPOSES]-(user:Paper)
WHERE user <> p
WITH p, pr, b, count(DISTINCT user) AS used_by
RETURN p.id AS id, p.title AS title, b.name AS benchmark, used_by, pr.evidence_sentence AS evidence
ORDER BY used_by DESC, title, benchmark
LIMIT $limit

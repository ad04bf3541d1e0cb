// Which papers share benchmarks with a given paper?
//
// Papers evaluated on (or proposing) benchmarks that the given paper is evaluated on or
// proposes, the most shared benchmarks first.
//
// Parameters:
//   $paper  string   the paper: its id, arXiv id or exact title (e.g. "Qwen2.5 Technical Report")
//   $limit  integer  how many papers to return (default 10)
//
// Returns: id, title, shared (how many benchmarks in common), benchmarks (their names)
MATCH (p:Paper)
WHERE p.id = $paper OR p.arxiv_id = $paper OR p.title = $paper
MATCH (p)-[:EVALUATED_ON|PROPOSES]->(b:Benchmark)<-[:EVALUATED_ON|PROPOSES]-(other:Paper)
WHERE other <> p
WITH DISTINCT other, b
ORDER BY b.name
WITH other, collect(b.name) AS benchmarks
RETURN other.id AS id, other.title AS title, size(benchmarks) AS shared, benchmarks
ORDER BY shared DESC, title
LIMIT $limit

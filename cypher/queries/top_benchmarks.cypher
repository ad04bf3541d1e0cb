// Which benchmarks and datasets are used most?
//
// Benchmarks ranked by the number of papers evaluated on them (or proposing them).
//
// Parameters:
//   $limit  integer  how many benchmarks to return (default 10)
//
// Returns: benchmark (name), papers, proposed_by (how many of those papers propose it), aliases
MATCH (b:Benchmark)<-[r:EVALUATED_ON|PROPOSES]-(p:Paper)
WITH b, count(DISTINCT p) AS papers,
     count(DISTINCT CASE WHEN type(r) = 'PROPOSES' THEN p END) AS proposed_by
RETURN b.name AS benchmark, papers, proposed_by, coalesce(b.aliases, []) AS aliases
ORDER BY papers DESC, benchmark
LIMIT $limit

// Which benchmarks has a given method been evaluated on?
//
// Benchmarks that papers using (or proposing) the method are evaluated on, most papers first.
//
// Parameters:
//   $method  string  the method: its id, name or one of its aliases, any case (e.g. "GPT-4")
//
// Returns: benchmark (name), papers (how many papers pair the two), titles (of those papers)
MATCH (m:Method)
WHERE m.id = $method OR toLower(m.name) = toLower($method)
   OR any(alias IN coalesce(m.aliases, []) WHERE toLower(alias) = toLower($method))
MATCH (m)<-[:USES|PROPOSES]-(p:Paper)-[:EVALUATED_ON|PROPOSES]->(b:Benchmark)
WITH DISTINCT b, p
ORDER BY p.title
WITH b, collect(p.title) AS titles
RETURN b.name AS benchmark, size(titles) AS papers, titles
ORDER BY papers DESC, benchmark

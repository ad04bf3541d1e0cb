// What is a given paper about?
//
// One paper with everything linked to it: the methods and benchmarks it proposes and uses,
// its concepts, topic, code repositories, and how many papers are similar to it.
//
// Parameters:
//   $paper  string  the paper: its id, arXiv id or exact title (e.g. "Qwen2.5 Technical Report")
//
// Returns: id, title, proposes, uses, evaluated_on, concepts, topic, code, similar_papers
MATCH (p:Paper)
WHERE p.id = $paper OR p.arxiv_id = $paper OR p.title = $paper
RETURN p.id AS id, p.title AS title,
       [(p)-[:PROPOSES]->(e) | e.name] AS proposes,
       [(p)-[:USES]->(m:Method) | m.name] AS uses,
       [(p)-[:EVALUATED_ON]->(b:Benchmark) | b.name] AS evaluated_on,
       [(p)-[:MENTIONS]->(c:Concept) | c.name] AS concepts,
       [(p)-[:IN_TOPIC]->(t:Topic) | t.name] AS topic,
       [(p)-[:HAS_CODE]->(r:Repository) | r.url] AS code,
       COUNT { (p)-[:SIMILAR_TO]-(:Paper) } AS similar_papers

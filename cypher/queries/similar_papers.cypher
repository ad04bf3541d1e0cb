// Which papers are most similar to a given paper, and why?
//
// Thematic neighbours (SIMILAR_TO, TF-IDF cosine) with the terms they share, plus the
// methods and benchmarks the two papers share, most similar first.
//
// Parameters:
//   $paper  string   the paper: its id, arXiv id or exact title (e.g. "Qwen2.5 Technical Report")
//   $limit  integer  how many papers to return (default 10)
//
// Returns: id, title, score, shared_terms, shared_methods, shared_benchmarks
MATCH (p:Paper)
WHERE p.id = $paper OR p.arxiv_id = $paper OR p.title = $paper
MATCH (p)-[s:SIMILAR_TO]-(other:Paper)
OPTIONAL MATCH (p)-[sm:SHARES_METHOD]-(other)
OPTIONAL MATCH (p)-[sb:SHARES_BENCHMARK]-(other)
RETURN other.id AS id, other.title AS title, s.score AS score, s.shared_terms AS shared_terms,
       coalesce(sm.names, []) AS shared_methods, coalesce(sb.names, []) AS shared_benchmarks
ORDER BY score DESC, title
LIMIT $limit

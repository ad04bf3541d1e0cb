// How are two papers connected?
//
// The shortest chain of relationships of any type (shared methods, similarity, topics,
// concepts, ...) between two papers, in either direction, up to 6 hops.
//
// Parameters:
//   $from  string  the first paper: id, arXiv id or exact title (e.g. "Qwen2.5 Technical Report")
//   $to    string  the second paper, the same way (e.g. "TÜLU 3: Pushing Frontiers in Open Language Model Post-Training")
//
// Returns: hops, through (the nodes on the way: titles or names), via (relationship types)
MATCH (a:Paper)
WHERE a.id = $from OR a.arxiv_id = $from OR a.title = $from
MATCH (b:Paper)
WHERE b.id = $to OR b.arxiv_id = $to OR b.title = $to
MATCH path = shortestPath((a)-[*..6]-(b))
RETURN length(path) AS hops, [n IN nodes(path) | coalesce(n.title, n.name, n.id)] AS through,
       [r IN relationships(path) | type(r)] AS via

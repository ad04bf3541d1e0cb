// What builds on a given paper?
//
// Papers that build on it (BUILDS_ON: they use a method or benchmark it proposes), directly
// or through a chain of up to 5 such links, nearest first.
//
// Parameters:
//   $paper  string   the paper: its id, arXiv id or exact title (e.g. "Qwen2.5 Technical Report")
//   $limit  integer  how many papers to return (default 50)
//
// Returns: id, title, hops (length of the shortest chain), chain (titles from this paper back
//          to the given one), via (what the first link reuses)
MATCH (p:Paper)
WHERE p.id = $paper OR p.arxiv_id = $paper OR p.title = $paper
MATCH chain = (later:Paper)-[:BUILDS_ON*1..5]->(p)
WHERE later <> p
WITH later, chain
ORDER BY length(chain), [n IN nodes(chain) | n.title]
WITH later, collect(chain)[0] AS shortest
RETURN later.id AS id, later.title AS title, length(shortest) AS hops,
       [n IN nodes(shortest) | n.title] AS chain, relationships(shortest)[0].via AS via
ORDER BY hops, title
LIMIT $limit

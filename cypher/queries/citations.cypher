// Which papers does a given paper cite, and which cite it?
//
// Real citations (CITES, added by `graphkb enrich citations` from OpenAlex or Semantic Scholar)
// in both directions, with where each comes from and, from Semantic Scholar, the citing
// sentences and intents. Papers cited from outside the graph are counted on the paper as
// references_outside.
//
// Parameters:
//   $paper  string   the paper: its id, arXiv id or exact title (e.g. "2407.10003")
//   $limit  integer  how many papers to return (default 100)
//
// Returns: direction ("cites" or "cited by"), id, title, source, contexts, intents
MATCH (p:Paper)
WHERE p.id = $paper OR p.arxiv_id = $paper OR p.title = $paper
MATCH (p)-[c:CITES]-(other:Paper)
WHERE other <> p
RETURN CASE WHEN startNode(c) = p THEN "cites" ELSE "cited by" END AS direction,
       other.id AS id, other.title AS title, c.citation_source AS source,
       coalesce(c.contexts, []) AS contexts, coalesce(c.intents, []) AS intents
ORDER BY direction DESC, title, id
LIMIT $limit

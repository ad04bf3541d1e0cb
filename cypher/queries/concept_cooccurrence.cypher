// Which concepts occur together?
//
// Pairs of concepts mentioned by the same papers, most papers first.
//
// Parameters:
//   $min_papers  integer  only pairs mentioned together by at least this many papers (default 1)
//   $limit       integer  how many pairs to return (default 20)
//
// Returns: concept, with_concept, papers (how many papers mention both), titles
MATCH (c1:Concept)<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(c2:Concept)
WHERE c1.id < c2.id
WITH DISTINCT c1, c2, p
ORDER BY p.title
WITH c1, c2, collect(p.title) AS titles
WHERE size(titles) >= $min_papers
RETURN c1.name AS concept, c2.name AS with_concept, size(titles) AS papers, titles
ORDER BY papers DESC, concept, with_concept
LIMIT $limit

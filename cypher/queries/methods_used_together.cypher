// Which methods are used together?
//
// Pairs of methods that appear (used or proposed) in the same papers, most papers first.
//
// Parameters:
//   $min_papers  integer  only pairs seen together in at least this many papers (default 2)
//   $limit       integer  how many pairs to return (default 20)
//
// Returns: method, with_method, papers (how many papers have both), titles (of those papers)
MATCH (m1:Method)<-[:USES|PROPOSES]-(p:Paper)-[:USES|PROPOSES]->(m2:Method)
WHERE m1.id < m2.id
WITH DISTINCT m1, m2, p
ORDER BY p.title
WITH m1, m2, collect(p.title) AS titles
WHERE size(titles) >= $min_papers
RETURN m1.name AS method, m2.name AS with_method, size(titles) AS papers, titles
ORDER BY papers DESC, method, with_method
LIMIT $limit

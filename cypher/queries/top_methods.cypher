// Which methods are used most?
//
// Methods ranked by the number of papers that use or propose them.
//
// Parameters:
//   $limit  integer  how many methods to return (default 10)
//
// Returns: method (name), papers, proposed_by (how many of those papers propose it), aliases
MATCH (m:Method)<-[r:USES|PROPOSES]-(p:Paper)
WITH m, count(DISTINCT p) AS papers,
     count(DISTINCT CASE WHEN type(r) = 'PROPOSES' THEN p END) AS proposed_by
RETURN m.name AS method, papers, proposed_by, coalesce(m.aliases, []) AS aliases
ORDER BY papers DESC, method
LIMIT $limit

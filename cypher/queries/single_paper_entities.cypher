// Which methods, benchmarks and concepts are seen in only one paper?
//
// Entities linked to exactly one paper: new names, one-off uses, or extraction noise worth
// a look.
//
// Parameters:
//   $limit  integer  how many entities to return (default 100)
//
// Returns: kind (Method, Benchmark or Concept), name, id, paper (the title of its one paper)
MATCH (e)<-[:USES|PROPOSES|EVALUATED_ON|MENTIONS]-(p:Paper)
WHERE e:Method OR e:Benchmark OR e:Concept
WITH e, collect(DISTINCT p) AS papers
WHERE size(papers) = 1
RETURN labels(e)[0] AS kind, e.name AS name, e.id AS id, papers[0].title AS paper
ORDER BY kind, name, id
LIMIT $limit

// Which methods are rising?
//
// Methods used (or proposed) by the most papers dated on or after a date, with how many
// papers used them before it; the biggest rise first. Needs papers with a date (inputs that
// carry one: JSON/JSONL/CSV with `date`, arXiv metadata); undated papers are left out.
//
// Parameters:
//   $since  string   ISO date that starts the recent period (e.g. "2024-06-01")
//   $limit  integer  how many methods to return (default 10)
//
// Returns: method (name), recent (papers since $since), before (papers before it), first_seen
MATCH (m:Method)<-[:USES|PROPOSES]-(p:Paper)
WHERE p.date IS NOT NULL
WITH m, collect(DISTINCT p) AS papers
WITH m, size([p IN papers WHERE p.date >= $since]) AS recent,
     size([p IN papers WHERE p.date < $since]) AS before,
     reduce(first = null, p IN papers |
            CASE WHEN first IS NULL OR p.date < first THEN p.date ELSE first END) AS first_seen
WHERE recent > 0
RETURN m.name AS method, recent, before, first_seen
ORDER BY recent - before DESC, recent DESC, method
LIMIT $limit

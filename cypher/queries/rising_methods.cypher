// Which methods are rising?
//
// Methods ranked by their burst score (README, "Trends"; `graphkb trends --kind method --since`
// gives the same ranking): papers in the months from $since on against the months before, read
// from each method's stored papers per month ("YYYY-MM:N" values) and the papers' dates. Only
// rising methods (a positive score), the highest first. Needs papers dated to the month (JSON/
// JSONL/CSV with `date`, the Hugging Face API, arXiv metadata; Daily Papers pages built with
// --year); papers added only as cited works do not count.
//
// Parameters:
//   $since  string   the first month of the recent window, YYYY-MM (a date counts as its month; e.g. "2024-08")
//   $limit  integer  how many methods to return (default 10)
//
// Returns: method (name), recent (its papers from $since on), before (its papers before), first_seen, last_seen
MATCH (p:Paper)
WHERE p.date =~ '[0-9]{4}-(0[1-9]|1[0-2]).*' AND coalesce(p.cited_only, false) = false
WITH substring($since, 0, 7) AS since, collect(substring(p.date, 0, 7)) AS months
WITH since, size([x IN months WHERE x >= since]) AS R, size(months) AS T
MATCH (m:Method)
WHERE m.papers_per_month IS NOT NULL
WITH m, R, T, [v IN m.papers_per_month | split(v, ':')] AS counts, since
WITH m, R, T,
     reduce(n = 0, c IN counts | n + CASE WHEN c[0] >= since THEN toInteger(c[1]) ELSE 0 END) AS recent,
     reduce(n = 0, c IN counts | n + toInteger(c[1])) AS total
// the burst score's order without its square root (SPARQL 1.1 has none): the sign of
// r*T - n*R, times its square, over n*R + T
WITH m, recent, total - recent AS before, toFloat(recent * T - total * R) AS d, total * R + T AS spread
WITH m, recent, before, d * abs(d) / spread AS rank
WHERE rank > 0
RETURN m.name AS method, recent, before, m.first_seen AS first_seen, m.last_seen AS last_seen
ORDER BY rank DESC, recent DESC, method
LIMIT $limit

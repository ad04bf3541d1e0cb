// Who uses a given method, and where does the abstract say so?
//
// Papers that propose or use the method, with the sentence that links them (the evidence).
//
// Parameters:
//   $method  string  the method: its id, name or one of its aliases, any case (e.g. "SFT")
//
// Returns: id, title, relation (PROPOSES or USES), confidence, evidence (the sentence),
//          rule (the extraction rule that fired)
MATCH (m:Method)
WHERE m.id = $method OR toLower(m.name) = toLower($method)
   OR any(alias IN coalesce(m.aliases, []) WHERE toLower(alias) = toLower($method))
MATCH (p:Paper)-[r:USES|PROPOSES]->(m)
RETURN p.id AS id, p.title AS title, type(r) AS relation, r.confidence AS confidence,
       r.evidence_sentence AS evidence, r.evidence_rule AS rule
ORDER BY relation, confidence DESC, title

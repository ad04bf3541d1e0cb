// Which papers address a given task, and where do they say so?
//
// Papers linked to the task (ADDRESSES), with the sentence that names it.
//
// Parameters:
//   $task  string  the task: its id, name or one of its aliases, any case (e.g. "semantic segmentation")
//
// Returns: id, title, evidence (the sentence that names the task)
MATCH (t:Task)
WHERE t.id = $task OR toLower(t.name) = toLower($task)
   OR any(alias IN coalesce(t.aliases, []) WHERE toLower(alias) = toLower($task))
MATCH (p:Paper)-[r:ADDRESSES]->(t)
RETURN DISTINCT p.id AS id, p.title AS title, r.evidence_sentence AS evidence
ORDER BY title, id

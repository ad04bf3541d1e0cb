// What are the topics, and which papers stand for each?
//
// Every topic with its size and top terms, and its papers most strongly in it.
//
// Parameters:
//   $papers_per_topic  integer  how many top papers to list per topic (default 3)
//
// Returns: topic (name), size, top_terms, top_papers (titles, strongest first)
MATCH (t:Topic)<-[r:IN_TOPIC]-(p:Paper)
WITH t, p, r
ORDER BY r.weight DESC, p.title
WITH t, collect(p.title) AS titles
RETURN t.name AS topic, t.size AS size, t.top_terms AS top_terms,
       titles[0..$papers_per_topic] AS top_papers
ORDER BY size DESC, topic

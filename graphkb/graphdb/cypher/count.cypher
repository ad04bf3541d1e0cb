// How many nodes carry each of graphkb's labels ($labels), and how many relationships of each type
// touch them; `owned`: created by graphkb (__OWNED__ = true) or not.
MATCH (n)
UNWIND labels(n) AS name
WITH n, name
WHERE name IN $labels
RETURN 'node' AS kind, name, coalesce(n.__OWNED__ = true, false) AS owned, count(*) AS count
UNION ALL
MATCH (a)-[r]->(b)
WHERE any(label IN labels(a) WHERE label IN $labels) OR any(label IN labels(b) WHERE label IN $labels)
RETURN 'relationship' AS kind, type(r) AS name, coalesce(r.__OWNED__ = true, false) AS owned, count(*) AS count

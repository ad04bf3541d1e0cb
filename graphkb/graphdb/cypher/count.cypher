// How many nodes carry each of graphkb's labels ($labels), and how many relationships of each type.
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
RETURN 'node' AS kind, labels(n)[0] AS name, count(*) AS count
UNION ALL
MATCH (a)-[r]->()
WHERE any(label IN labels(a) WHERE label IN $labels)
RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count

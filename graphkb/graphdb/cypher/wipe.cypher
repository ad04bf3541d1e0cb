// Delete every node that carries one of graphkb's labels ($labels), with its relationships,
// 10,000 nodes per transaction. Nodes with only other labels are left alone.
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels)
CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS

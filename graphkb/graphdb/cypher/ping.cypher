// One round trip that checks connectivity, credentials and the database before any work.
RETURN 1 AS ok

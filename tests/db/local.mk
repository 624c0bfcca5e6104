# tests/db/local.mk - the database layer and the logs
C_TESTS += tests/db/test-db tests/db/test-dblayer tests/db/test-audit

# tests/jobs/local.mk - the job layer and the task list; the hang test (a
# host that accepts and never answers) in the console
C_TESTS += tests/jobs/test-job
E2E_TESTS += tests/jobs/e2e-hang.sh
E2E_TESTS += tests/jobs/e2e-tasks.sh

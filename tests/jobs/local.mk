# tests/jobs/local.mk - the job layer and the task list; the hang test (a
# host that accepts and never answers) in the console
C_TESTS += tests/jobs/test-job
# the endpoint that accepts and never answers, for e2e-hang.sh
check_PROGRAMS += tests/jobs/hang-listener
tests_jobs_hang_listener_LDADD =
E2E_TESTS += tests/jobs/e2e-hang.sh
E2E_TESTS += tests/jobs/e2e-tasks.sh

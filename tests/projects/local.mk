# tests/projects/local.mk - projects, quotas, project groups; their screens
C_TESTS += tests/projects/test-projgroup tests/projects/test-project tests/projects/test-race
E2E_TESTS += tests/projects/e2e-projects.sh tests/projects/e2e-ctl-command.sh

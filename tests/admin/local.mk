# tests/admin/local.mk - accounts, parameters, dosvmd.conf; their screens
C_TESTS += tests/admin/test-user tests/admin/test-param tests/admin/test-config \
	tests/admin/test-session tests/admin/test-login
E2E_TESTS += tests/admin/e2e-users.sh tests/admin/e2e-profile.sh tests/admin/e2e-logs.sh \
	tests/admin/e2e-params.sh tests/admin/e2e-ctl-command.sh

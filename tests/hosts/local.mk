# tests/hosts/local.mk - hosts, host groups and the collector (test driver);
# their screens
C_TESTS += tests/hosts/test-host tests/hosts/test-hostgroup tests/hosts/test-collector \
	tests/hosts/test-hosturi
E2E_TESTS += tests/hosts/e2e-hostgroups.sh tests/hosts/e2e-hosts.sh

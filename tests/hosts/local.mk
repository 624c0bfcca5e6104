# tests/hosts/local.mk - hosts, host groups and the collector (test driver);
# their screens
C_TESTS += tests/hosts/test-host tests/hosts/test-hostgroup tests/hosts/test-collector \
	tests/hosts/test-collector-async tests/hosts/test-service tests/hosts/test-virtopen \
	tests/hosts/test-hosturi
# the same test through collector_tick_start, the console's background visits
tests_hosts_test_collector_async_SOURCES = tests/hosts/test-collector.c
tests_hosts_test_collector_async_CPPFLAGS = $(AM_CPPFLAGS) -DCOLLECT_ASYNC
E2E_TESTS += tests/hosts/e2e-hostgroups.sh tests/hosts/e2e-hosts.sh tests/hosts/e2e-ctl-command.sh
# tier 4: the console on a real libvirtd killed under it (skipped without one)
SH_TESTS += tests/hosts/e2e-sigpipe-real.sh
E2E_ZH_TESTS += tests/hosts/e2e-sigpipe-real.zh
SH_TESTS += tests/hosts/svc-tls-real.sh

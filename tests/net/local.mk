# tests/net/local.mk - subnets, filters, security groups, networks (ch. 10)
C_TESTS += tests/net/test-nwfilter tests/net/test-secgroup
# run by the tier-4 script around a real libvirtd
check_PROGRAMS += tests/net/test-filter-real
SH_TESTS += tests/net/svc-filter-libvirt.sh
E2E_TESTS += tests/net/e2e-filters.sh tests/net/e2e-secgroups.sh

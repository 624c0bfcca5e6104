# tests/net/local.mk - subnets, filters, security groups, networks (ch. 10)
C_TESTS += tests/net/test-network
C_TESTS += tests/net/test-subnet
# tier 4: a real libvirtd inside a network namespace the script makes
check_PROGRAMS += tests/net/test-network-real
SH_TESTS += tests/net/svc-network-libvirt.sh
E2E_TESTS += tests/net/e2e-subnets.sh
E2E_TESTS += tests/net/e2e-networks.sh tests/net/e2e-netbridges.sh
EXTRA_DIST += tests/net/netlib.sh

# tests/net/local.mk - subnets, filters, security groups, networks (ch. 10)
E2E_TESTS += tests/net/e2e-networks.sh tests/net/e2e-netbridges.sh
EXTRA_DIST += tests/net/netlib.sh
C_TESTS += tests/net/test-subnet
E2E_TESTS += tests/net/e2e-subnets.sh

# tests/net/local.mk - subnets, filters, security groups, networks (ch. 10)
C_TESTS += tests/net/test-subnet
E2E_TESTS += tests/net/e2e-subnets.sh

# tests/net/local.mk - subnets, filters, security groups, networks (ch. 10)
C_TESTS += tests/net/test-hostexec

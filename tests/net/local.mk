# tests/net/local.mk - subnets, filters, security groups, networks (ch. 10)

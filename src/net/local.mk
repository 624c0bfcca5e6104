# src/net/local.mk - subnets with their DHCP and DNS services, filters,
# security groups and the six network kinds (manual ch. 10)

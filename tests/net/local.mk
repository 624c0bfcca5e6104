# tests/net/local.mk - subnets, filters, security groups, networks (ch. 10)
C_TESTS += tests/net/test-network
C_TESTS += tests/net/test-subnet
E2E_TESTS += tests/net/e2e-subnets.sh
# tier 4: a real libvirtd inside a network namespace the script makes
check_PROGRAMS += tests/net/test-network-real
SH_TESTS += tests/net/svc-network-libvirt.sh
C_TESTS += tests/net/test-hostexec
# run by the script inside the network namespace it makes (host bridges,
# macvtap interfaces, automatic gateways on real kernel objects)
check_PROGRAMS += tests/net/test-hostnet-real
SH_TESTS += tests/net/svc-hostnet.sh
C_TESTS += tests/net/test-gateway
C_TESTS += tests/net/test-nwfilter tests/net/test-secgroup
# run by the tier-4 script around a real libvirtd
check_PROGRAMS += tests/net/test-filter-real
SH_TESTS += tests/net/svc-filter-libvirt.sh
E2E_TESTS += tests/net/e2e-filters.sh tests/net/e2e-secgroups.sh
E2E_TESTS += tests/net/e2e-networks.sh tests/net/e2e-netbridges.sh
E2E_TESTS += tests/net/e2e-netdetails.sh tests/net/e2e-ctl-command.sh
EXTRA_DIST += tests/net/netlib.sh
# the dnsmasq golden files of the automatic gateways (tests/net/test-gateway.c)
EXTRA_DIST += tests/data/gateway-ipv4.conf tests/data/gateway-dhcp-only.conf \
	tests/data/gateway-ipv6.conf

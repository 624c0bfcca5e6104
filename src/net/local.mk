# src/net/local.mk - subnets with their DHCP and DNS services, filters,
# security groups and the six network kinds (manual ch. 10)
src_libdosvmcore_a_SOURCES += \
	src/net/network.h src/net/network.c \
	src/net/ipaddr.h src/net/ipaddr.c \
	src/net/subnet.h src/net/subnet.c

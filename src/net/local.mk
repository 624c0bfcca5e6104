# src/net/local.mk - subnets with their DHCP and DNS services, filters,
# security groups and the six network kinds (manual ch. 10)
src_libdosvmcore_a_SOURCES += \
	src/net/network.h src/net/network.c \
	src/net/ipaddr.h src/net/ipaddr.c \
	src/net/subnet.h src/net/subnet.c \
	src/net/hostexec.h src/net/hostexec.c \
	src/net/hostbridge.h src/net/hostbridge.c \
	src/net/gateway.h src/net/gateway.c \
	src/net/hostnet.h src/net/hostnet.c \
	src/net/nwfilter.h src/net/nwfilter.c \
	src/net/secgroup.h src/net/secgroup.c \
	src/net/filtersite.h src/net/filtersite.c

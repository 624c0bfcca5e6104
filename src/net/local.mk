# src/net/local.mk - subnets with their DHCP and DNS services, filters,
# security groups and the six network kinds (manual ch. 10)
src_libdosvmcore_a_SOURCES += \
	src/net/nwfilter.h src/net/nwfilter.c \
	src/net/secgroup.h src/net/secgroup.c \
	src/net/filtersite.h src/net/filtersite.c

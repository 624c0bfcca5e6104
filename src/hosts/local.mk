# src/hosts/local.mk - hosts and host groups (manual ch. 6) and the metrics
# collector of dosvmd and the demo
src_libdosvmcore_a_SOURCES += \
	src/hosts/host.h src/hosts/host.c \
	src/hosts/tlscert.h src/hosts/tlscert.c \
	src/hosts/hostgroup.h src/hosts/hostgroup.c \
	src/hosts/collector.h src/hosts/collector.c \
	src/hosts/service.h src/hosts/service.c

# src/virt/local.mk - the only part that calls libvirt: connections, node
# information and statistics, pools and volumes, cached host connections
src_libdosvmcore_a_SOURCES += \
	src/virt/virt.h src/virt/virt.c \
	src/virt/virt-private.h \
	src/virt/virtstore.h src/virt/virtstore.c \
	src/virt/virtnet.h src/virt/virtnet.c \
	src/virt/virtfilter.h src/virt/virtfilter.c \
	src/virt/virtdom.h src/virt/virtdom.c src/virt/virtevent.c \
	src/virt/hostconn.h src/virt/hostconn.c

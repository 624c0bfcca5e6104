# src/xml/local.mk - the libvirt XML builders: pure functions of records,
# golden-tested (tests/xml)
src_libdosvmcore_a_SOURCES += \
	src/xml/xmlutil.h src/xml/xmlutil.c \
	src/xml/secretxml.h src/xml/secretxml.c \
	src/xml/poolxml.h src/xml/poolxml.c \
	src/xml/volxml.h src/xml/volxml.c \
	src/xml/netxml.h src/xml/netxml.c \
	src/xml/subnetxml.h src/xml/subnetxml.c \
	src/xml/nwfilterxml.h src/xml/nwfilterxml.c \
	src/xml/domainxml.h src/xml/domainxml.c \
	src/xml/snapxml.h src/xml/snapxml.c

# src/demo/local.mk - the embedded demo: a database seeded through the core
# API, with libvirt test-driver hosts from data/demo
src_libdosvmcore_a_SOURCES += src/demo/demo.h src/demo/demo.c

DEMO_HOSTS = data/demo/host1.xml data/demo/host2.xml data/demo/host3.xml
demodir = $(pkgdatadir)/demo
dist_demo_DATA = $(DEMO_HOSTS)

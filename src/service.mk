# src/service.mk - hosts, libvirt, metrics and the dosvmd service (included by Makefile.am)

# ---------------------------------------------------------------- core: hosts and metrics
src_libdosvmcore_a_SOURCES += \
	src/virt.h src/virt.c \
	src/host.h src/host.c \
	src/collector.h src/collector.c

# ---------------------------------------------------------------- the service
sbin_PROGRAMS = src/dosvmd
src_dosvmd_SOURCES = src/dosvmd.c
src_dosvmd_LDADD = $(CORE_LIBS_ALL)

dist_man_MANS += doc/dosvmd.8 doc/dosvmd.conf.5

# The systemd unit, with ExecStart pointing at the installed dosvmd.  Its
# directory stays under $(prefix) (make distcheck); a package sets it with
# `make systemdunitdir=/lib/systemd/system`.
systemdunitdir = $(prefix)/lib/systemd/system
systemdunit_DATA = dosvmd.service
dosvmd.service: $(top_srcdir)/data/dosvmd.service
	$(AM_V_GEN)sed -e 's|/usr/sbin/dosvmd|$(sbindir)/dosvmd|g' $(top_srcdir)/data/dosvmd.service >$@
CLEANFILES += dosvmd.service

# the libvirt test-driver hosts of the demo and the tests (one file = one host)
DEMO_HOSTS = data/demo/host1.xml data/demo/host2.xml data/demo/host3.xml
EXTRA_DIST += data/dosvmd.service
demodir = $(pkgdatadir)/demo
dist_demo_DATA = $(DEMO_HOSTS)

# ---------------------------------------------------------------- tests
# tier 2-3: the host model and the collector against the test driver
C_TESTS += tests/test-host tests/test-collector
tests_test_host_LDADD = $(TEST_LDADD)
tests_test_collector_LDADD = $(TEST_LDADD)

# tier 6 (service end to end) and tier 4 (a real libvirtd; skipped without one)
SVC_TESTS = tests/svc-dosvmd.sh tests/svc-real-libvirt.sh
TESTS += $(SVC_TESTS)
EXTRA_DIST += $(SVC_TESTS)

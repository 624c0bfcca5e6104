# daemon/local.mk - dosvmd, the service of manual ch. 4 and 13
sbin_PROGRAMS = daemon/dosvmd
daemon_dosvmd_SOURCES = daemon/dosvmd.c
daemon_dosvmd_CFLAGS = $(AM_CFLAGS) $(SYSTEMD_CFLAGS)
daemon_dosvmd_LDADD = $(CORE_LIBS_ALL) $(SYSTEMD_LIBS)

dist_man_MANS += doc/dosvmd.8 doc/dosvmd.conf.5

# The systemd unit, with the installed dosvmd's path ($(sbindir)) and the
# service type configure found (notify with libsystemd, else simple).  Its
# directory stays under $(prefix) (make distcheck); a package sets it with
# `make systemdunitdir=/lib/systemd/system` (debian/rules).
systemdunitdir = $(prefix)/lib/systemd/system
systemdunit_DATA = dosvmd.service
dosvmd.service: $(top_srcdir)/data/dosvmd.service.in Makefile
	$(AM_V_GEN)sed -e 's|@sbindir[@]|$(sbindir)|g' \
	  -e 's|@SYSTEMD_SERVICE_TYPE[@]|$(SYSTEMD_SERVICE_TYPE)|g' \
	  $(top_srcdir)/data/dosvmd.service.in >$@-t && mv $@-t $@
CLEANFILES += dosvmd.service
EXTRA_DIST += data/dosvmd.service.in

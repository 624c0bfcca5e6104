# daemon/local.mk - dosvmd, the service of manual ch. 4 and 13
sbin_PROGRAMS = daemon/dosvmd
daemon_dosvmd_SOURCES = daemon/dosvmd.c
daemon_dosvmd_LDADD = $(CORE_LIBS_ALL)

dist_man_MANS += doc/dosvmd.8 doc/dosvmd.conf.5

# The systemd unit, with ExecStart pointing at the installed dosvmd.  Its
# directory stays under $(prefix) (make distcheck); a package sets it with
# `make systemdunitdir=/lib/systemd/system`.
systemdunitdir = $(prefix)/lib/systemd/system
systemdunit_DATA = dosvmd.service
dosvmd.service: $(top_srcdir)/data/dosvmd.service
	$(AM_V_GEN)sed -e 's|/usr/sbin/dosvmd|$(sbindir)/dosvmd|g' $(top_srcdir)/data/dosvmd.service >$@
CLEANFILES += dosvmd.service
EXTRA_DIST += data/dosvmd.service

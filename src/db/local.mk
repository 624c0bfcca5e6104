# src/db/local.mk - the only part that calls sqlite3: the database, its
# migrations (embedded with glib-compile-resources), the operation and login
# logs, and the lists of records to pick from
src_libdosvmcore_a_SOURCES += \
	src/db/db.h src/db/db.c src/db/page.h \
	src/db/audit.h src/db/audit.c \
	src/db/choice.h src/db/choice.c
nodist_src_libdosvmcore_a_SOURCES = src/db/resources.c
BUILT_SOURCES += src/db/resources.c
CLEANFILES += src/db/resources.c

RESOURCE_XML = data/dosvm.gresource.xml
RESOURCE_FILES = data/migrations/0001-foundation.sql \
	data/migrations/0002-hosts-projects.sql \
	data/migrations/0003-secrets.sql \
	data/migrations/0004-storage.sql \
	data/migrations/0005-images.sql \
	data/migrations/0006-row-versions.sql \
	data/migrations/0007-tasks.sql \
	data/migrations/0008-sessions-logins.sql \
	data/migrations/0009-service.sql \
	data/migrations/0010-networks.sql \
	data/migrations/0011-login-unlock.sql \
	data/migrations/0012-instances.sql \
	data/migrations/0013-host-temp-dir.sql \
	data/migrations/0014-vm-events.sql \
	data/nwfilter/allow-arp.xml \
	data/nwfilter/allow-dhcp-server.xml \
	data/nwfilter/allow-dhcp.xml \
	data/nwfilter/allow-dhcpv6-server.xml \
	data/nwfilter/allow-dhcpv6.xml \
	data/nwfilter/allow-incoming-ipv4.xml \
	data/nwfilter/allow-incoming-ipv6.xml \
	data/nwfilter/allow-ipv4.xml \
	data/nwfilter/allow-ipv6.xml \
	data/nwfilter/clean-traffic-gateway.xml \
	data/nwfilter/clean-traffic.xml \
	data/nwfilter/no-arp-ip-spoofing.xml \
	data/nwfilter/no-arp-mac-spoofing.xml \
	data/nwfilter/no-arp-spoofing.xml \
	data/nwfilter/no-ip-multicast.xml \
	data/nwfilter/no-ip-spoofing.xml \
	data/nwfilter/no-ipv6-multicast.xml \
	data/nwfilter/no-ipv6-spoofing.xml \
	data/nwfilter/no-mac-broadcast.xml \
	data/nwfilter/no-mac-spoofing.xml \
	data/nwfilter/no-other-l2-traffic.xml \
	data/nwfilter/no-other-rarp-traffic.xml \
	data/nwfilter/qemu-announce-self-rarp.xml \
	data/nwfilter/qemu-announce-self.xml
EXTRA_DIST += $(RESOURCE_XML) $(RESOURCE_FILES) data/nwfilter/README

src/db/resources.c: $(RESOURCE_XML) $(RESOURCE_FILES)
	$(AM_V_GEN)$(MKDIR_P) src/db && $(GLIB_COMPILE_RESOURCES) --target=$@ \
		--sourcedir=$(top_srcdir)/data --generate-source --c-name dosvm \
		$(top_srcdir)/$(RESOURCE_XML)

# tests/xml/local.mk - the XML builders against golden files, and the golden
# files against libvirt's schemas
C_TESTS += tests/xml/test-secretxml tests/xml/test-poolxml tests/xml/test-volxml \
	tests/xml/test-netxml tests/xml/test-subnetxml tests/xml/test-nwfilterxml \
	tests/xml/test-domainxml
SH_TESTS += tests/xml/check-storage-xml.sh tests/xml/check-net-xml.sh \
	tests/xml/check-subnet-xml.sh tests/xml/check-domain-xml.sh
EXTRA_DIST += tests/data/pool-dosdir.xml tests/data/pool-netfs-nfs.xml \
	tests/data/pool-netfs-cifs.xml tests/data/pool-iscsi.xml tests/data/pool-iscsi-chap.xml \
	tests/data/pool-hostdir.xml tests/data/pool-disk.xml tests/data/pool-logical.xml \
	tests/data/vol-raw.xml tests/data/vol-qcow2.xml tests/data/vol-qcow2-perms.xml \
	tests/data/vol-overlay.xml \
	tests/data/secret-iscsi.xml tests/data/secret-volume.xml tests/data/secret-ceph.xml \
	tests/data/subnet-ipv4-full.xml tests/data/subnet-ipv6.xml tests/data/subnet-dhcp-off.xml \
	tests/data/subnet-dns-off.xml \
	tests/data/nwfilter-web.xml tests/data/nwfilter-web-renamed.xml tests/data/nwfilter-filterref.xml
# the network golden files (tests/xml/test-netxml.c)
EXTRA_DIST += tests/data/net-isolated.xml tests/data/net-isolated-nosubnet.xml \
	tests/data/net-isolated-ipv6.xml tests/data/net-isolated-routes.xml \
	tests/data/net-isolated-bandwidth.xml tests/data/net-isolated-portgroups.xml \
	tests/data/net-nat.xml tests/data/net-nat-plain.xml tests/data/net-nat-address.xml \
	tests/data/net-routed.xml tests/data/net-bridge.xml tests/data/net-ovs.xml \
	tests/data/net-ovs-plain.xml tests/data/net-macvtap.xml tests/data/net-nat-subnet.xml
# the domain golden files (tests/xml/test-domainxml.c)
EXTRA_DIST += tests/data/domain-basic.xml tests/data/domain-i686-qemu.xml \
	tests/data/domain-disks-file.xml tests/data/domain-disks-volume.xml \
	tests/data/domain-disk-relabel.xml \
	tests/data/domain-vnc.xml tests/data/domain-spice.xml tests/data/domain-spice-auto.xml \
	tests/data/domain-nics.xml tests/data/domain-custom.xml tests/data/domain-custom-os.xml

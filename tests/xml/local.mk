# tests/xml/local.mk - the XML builders against golden files, and the golden
# files against libvirt's schemas
C_TESTS += tests/xml/test-secretxml tests/xml/test-poolxml tests/xml/test-volxml \
	tests/xml/test-subnetxml
SH_TESTS += tests/xml/check-storage-xml.sh tests/xml/check-subnet-xml.sh
EXTRA_DIST += tests/data/pool-dosdir.xml tests/data/pool-netfs-nfs.xml \
	tests/data/pool-netfs-cifs.xml tests/data/pool-iscsi.xml tests/data/pool-iscsi-chap.xml \
	tests/data/pool-hostdir.xml tests/data/pool-disk.xml tests/data/pool-logical.xml \
	tests/data/vol-raw.xml tests/data/vol-qcow2.xml tests/data/vol-qcow2-perms.xml \
	tests/data/vol-overlay.xml \
	tests/data/secret-iscsi.xml tests/data/secret-volume.xml tests/data/secret-ceph.xml \
	tests/data/subnet-ipv4-full.xml tests/data/subnet-ipv6.xml tests/data/subnet-dhcp-off.xml \
	tests/data/subnet-dns-off.xml

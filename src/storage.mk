# src/storage.mk - storage: pools and volumes on libvirt hosts (manual ch. 9;
# included by Makefile.am)

src_libdosvmcore_a_SOURCES += \
	src/virt-private.h \
	src/virtstore.h src/virtstore.c \
	src/hostconn.h src/hostconn.c \
	src/pool.h src/pool.c \
	src/volume.h src/volume.c

# ---------------------------------------------------------------- tests
# tiers 2-3: pools, volumes and snapshots against the test driver
C_TESTS += tests/test-storage
tests_test_storage_LDADD = $(TEST_LDADD)

# console end to end (tmux)
E2E_TESTS += tests/e2e-pools.sh tests/e2e-volumes.sh

# tier 4: real files on a real libvirtd (skipped without one)
check_PROGRAMS += tests/test-storage-real
tests_test_storage_real_LDADD = $(TEST_LDADD)
TESTS += tests/svc-storage-libvirt.sh tests/e2e-merge-real.sh
EXTRA_DIST += tests/svc-storage-libvirt.sh tests/e2e-merge-real.sh

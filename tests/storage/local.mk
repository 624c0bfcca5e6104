# tests/storage/local.mk - security objects, pools, volumes, snapshots and
# images: the test driver (tiers 2-3), a real libvirtd (tier 4, skipped
# without one) and the screens
C_TESTS += tests/storage/test-secret tests/storage/test-storage tests/storage/test-image \
	tests/storage/test-race
# run by the tier-4 scripts around a real libvirtd
check_PROGRAMS += tests/storage/test-secret-realize tests/storage/test-storage-real
SH_TESTS += tests/storage/svc-secret-libvirt.sh tests/storage/svc-storage-libvirt.sh \
	tests/storage/e2e-merge-real.sh
# the tier-4 e2e script runs in Chinese too (tests/local.mk: the .zh twins)
E2E_ZH_TESTS += tests/storage/e2e-merge-real.zh
E2E_TESTS += tests/storage/e2e-secrets.sh tests/storage/e2e-pools.sh \
	tests/storage/e2e-volumes.sh tests/storage/e2e-images.sh tests/storage/e2e-ctl-command.sh \
	tests/storage/e2e-ctl-volumes.sh
# the storage tests' fixtures (test-driver host, project and its admin)
EXTRA_DIST += tests/lib/teststore.h

# tests/daemon/local.mk - dosvmd end to end (tier 6), and on a real libvirtd
# (tier 4, skipped without one)
SH_TESTS += tests/daemon/svc-dosvmd.sh tests/daemon/svc-real-libvirt.sh tests/daemon/svc-hang.sh \
	tests/daemon/svc-service.sh tests/daemon/svc-sigpipe.sh tests/daemon/svc-vmevents.sh \
	tests/daemon/svc-notify.sh
# the host list while dosvmd is not running (tier 5, both languages)
E2E_TESTS += tests/daemon/e2e-service.sh

# tests/vm/local.mk - VM instances and VMs (ch. 11)
C_TESTS += tests/vm/test-instance
C_TESTS += tests/vm/test-placement tests/vm/test-vmstate tests/vm/test-vm tests/vm/test-reconcile
EXTRA_DIST += tests/vm/vmfixture.h
C_TESTS += tests/vm/test-vmpower
E2E_TESTS += tests/vm/e2e-vms.sh
C_TESTS += tests/vm/test-instspec
C_TESTS += tests/vm/test-checkpoint
E2E_TESTS += tests/vm/e2e-instances.sh tests/vm/e2e-instedit.sh
# tier 4: live migration through the core between two real libvirtd hosts
# (tests/lib/twohosts.sh), run by its script around the program
check_PROGRAMS += tests/vm/test-migrate-real
SH_TESTS += tests/vm/svc-migrate-real.sh

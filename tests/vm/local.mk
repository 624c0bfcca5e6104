# tests/vm/local.mk - VM instances and VMs (ch. 11)
C_TESTS += tests/vm/test-instance
C_TESTS += tests/vm/test-placement tests/vm/test-vmstate tests/vm/test-vm tests/vm/test-reconcile
EXTRA_DIST += tests/vm/vmfixture.h
C_TESTS += tests/vm/test-vmpower
E2E_TESTS += tests/vm/e2e-vms.sh
C_TESTS += tests/vm/test-instspec
C_TESTS += tests/vm/test-checkpoint
E2E_TESTS += tests/vm/e2e-instances.sh tests/vm/e2e-instedit.sh
C_TESTS += tests/vm/test-vmevents

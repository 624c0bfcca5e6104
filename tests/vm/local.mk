# tests/vm/local.mk - VM instances and VMs (ch. 11)
C_TESTS += tests/vm/test-instance
C_TESTS += tests/vm/test-placement tests/vm/test-vmstate tests/vm/test-vm tests/vm/test-reconcile
EXTRA_DIST += tests/vm/vmfixture.h
C_TESTS += tests/vm/test-vmpower
E2E_TESTS += tests/vm/e2e-vms.sh
C_TESTS += tests/vm/test-instspec
C_TESTS += tests/vm/test-checkpoint
E2E_TESTS += tests/vm/e2e-instances.sh tests/vm/e2e-instedit.sh tests/vm/e2e-vmrefusals.sh
E2E_TESTS += tests/vm/e2e-ctl-command.sh
# tier 4: the tiny real guest on a real libvirtd (tests/lib/guest.sh)
check_PROGRAMS += tests/vm/test-vm-real
SH_TESTS += tests/vm/svc-vm-libvirt.sh
EXTRA_DIST += tests/vm/guestinst.h
# tier 4: the console's serial console pane on the real guest
SH_TESTS += tests/vm/e2e-console-real.sh
E2E_ZH_TESTS += tests/vm/e2e-console-real.zh
# tier 4 and 6: dosvmd restarts a killed guest (OP-30)
SH_TESTS += tests/vm/svc-reconcile-real.sh
# tier 4: live migration through the core between two real libvirtd hosts
# (tests/lib/twohosts.sh), run by its script around the program
check_PROGRAMS += tests/vm/test-migrate-real
SH_TESTS += tests/vm/svc-migrate-real.sh
C_TESTS += tests/vm/test-vmevents

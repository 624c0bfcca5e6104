# tests/vm/local.mk - VM instances and VMs (manual ch. 11)
C_TESTS += tests/vm/test-instspec

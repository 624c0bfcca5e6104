# tests/vm/local.mk - VM instances and VMs (ch. 11)
C_TESTS += tests/vm/test-instance

# tests/virt/local.mk - the libvirt layer itself: the key-loop guard
C_TESTS += tests/virt/test-guard
# the domain layer (virtdom.h) against the test driver
C_TESTS += tests/virt/test-virtdom

# tests/virt/local.mk - the libvirt layer itself: the key-loop guard
C_TESTS += tests/virt/test-guard

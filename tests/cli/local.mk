# tests/cli/local.mk - the command-line tools (issue 12)
SH_TESTS += tests/cli/test-dosvm-cert.sh
SH_TESTS += tests/cli/test-dosvmctl.sh
SH_TESTS += tests/cli/test-ctl-admin.sh
SH_TESTS += tests/cli/test-ctl-hosts.sh
SH_TESTS += tests/cli/test-ctl-projects.sh
SH_TESTS += tests/cli/test-ctl-storage.sh
SH_TESTS += tests/cli/test-ctl-vm.sh
SH_TESTS += tests/cli/test-ctl-volumes.sh
SH_TESTS += tests/cli/test-ctl-net.sh

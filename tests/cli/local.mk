# tests/cli/local.mk - the command-line tools (issue 12)
SH_TESTS += tests/cli/test-dosvm-cert.sh
SH_TESTS += tests/cli/test-dosvmctl.sh
SH_TESTS += tests/cli/test-ctl-net.sh

# tests/ui/local.mk - the console as a whole: login, command line, layout
E2E_TESTS += tests/ui/e2e-login.sh tests/ui/e2e-cli.sh

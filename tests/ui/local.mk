# tests/ui/local.mk - the console as a whole: login, command line, layout
E2E_TESTS += tests/ui/e2e-login.sh tests/ui/e2e-cli.sh tests/ui/e2e-actions.sh
# every list page of both roles at three sizes: headers, sideways scrolling, row details
E2E_TESTS += tests/ui/e2e-walk.sh

# issue 9: legends without colours, units, dialog titles, discarding changes, dialog keys
E2E_TESTS += tests/ui/e2e-forms.sh
E2E_TESTS += tests/ui/e2e-demo.sh tests/ui/e2e-keys.sh tests/ui/e2e-messages.sh tests/ui/e2e-modules.sh tests/ui/e2e-palette.sh
# the curses-free rules of the list engine (prerequisites of toolbar actions)
C_TESTS += tests/ui/test-action
tests_ui_test_action_SOURCES = tests/ui/test-action.c ui/widgets/action.c
tests_ui_test_action_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/ui
